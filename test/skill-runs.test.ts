/**
 * Skill runs end to end: real PostgreSQL, Temporal, sandbox processes and SMTP; the model provider is a local server
 * speaking the OpenAI wire format with scripted replies.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type FakeLlm, startFakeLlm } from './support/fake-llm.ts';
import { auth } from './support/identity.ts';
import { getRun, putWorkspaceFile, type RunWorld, runWorld, startRun, waitForStatus } from './support/runs.ts';
import { type RecordedMail, startSmtpRecorder } from './support/smtp.ts';
import { createTestApp, json, type TestApp } from './support/test-app.ts';

let t: TestApp;
let llm: FakeLlm;
let smtp: { url: string; messages: RecordedMail[]; close(): Promise<void> };
let w: RunWorld;

beforeAll(async () => {
  llm = await startFakeLlm();
  smtp = await startSmtpRecorder();
  t = await createTestApp({
    OPENAI_BASE_URL: llm.baseUrl,
    OPENAI_API_KEY: 'test-key',
    DEFAULT_MODEL: 'openai:gpt-4o-mini',
    SMTP_URL: smtp.url,
    RATE_LIMIT_SKILL_RUNS_PER_MINUTE: '1000',
    RATE_LIMIT_DEFAULT_PER_MINUTE: '100000',
  });
  w = await runWorld(t);
});
afterAll(async () => {
  await t?.close();
  await llm?.close();
  await smtp?.close();
});

const marker = () => `scenario-${randomUUID()}`;

describe('a run', () => {
  it('reads a context file, runs Python, writes two outputs and completes with usage, cost and an e-mail', async () => {
    await putWorkspaceFile(w, 'data/sales.csv', 'region,amount\nnorth,10\nsouth,32\n');
    const m = marker();
    const script = llm.script(m, [
      {
        toolCalls: [{ name: 'read_file', arguments: { path: 'context/data/sales.csv' } }],
        inputTokens: 1000,
        outputTokens: 100,
      },
      {
        toolCalls: [
          {
            name: 'run_python',
            arguments: {
              code: [
                'import csv',
                "rows = list(csv.DictReader(open('context/data/sales.csv')))",
                "total = sum(int(r['amount']) for r in rows)",
                "open('outputs/total.txt', 'w').write(str(total))",
                "print('total is', total)",
              ].join('\n'),
            },
          },
        ],
        inputTokens: 2000,
        outputTokens: 200,
      },
      {
        toolCalls: [{ name: 'write_file', arguments: { path: 'summary.md', content: '# Sales\nTotal: 42\n' } }],
        inputTokens: 3000,
        outputTokens: 300,
      },
      { text: 'Done: the total is 42.', inputTokens: 4000, outputTokens: 400 },
    ]);
    const res = await startRun(w, {
      instructions: `Sum the sales. ${m}`,
      context_paths: ['data'],
      notify_emails: ['team@example.com'],
    });
    expect(res.status).toBe(202);
    const accepted = await json(res);
    expect(accepted.run_id).toMatch(/^run_/);
    expect(['queued', 'running']).toContain(accepted.status);

    const run = await waitForStatus(w, accepted.run_id, ['completed', 'failed']);
    expect(run.status).toBe('completed');
    expect(run.input_tokens).toBe(10_000);
    expect(run.output_tokens).toBe(1_000);
    // gpt-4o-mini: $0.15 / M input, $0.60 / M output.
    expect(run.cost_usd).toBe('0.002100');
    expect(run.console_output).toContain('total is 42');
    expect(run.output_files).toEqual(['summary.md', 'total.txt']);
    expect(script.calls).toEqual([1, 1, 1, 1]);

    const outputs = await json(
      await t.fetch(`/api/v1/skill-runs/${run.id}/outputs`, { headers: auth(w.owner.session) }),
    );
    expect(outputs.data.find((o: { path: string }) => o.path === 'total.txt')).toMatchObject({ size: 2 });

    const zip = await t.fetch(`/api/v1/skill-runs/${run.id}/download`, { headers: auth(w.owner.session) });
    expect(zip.status).toBe(200);
    expect(zip.headers.get('content-disposition')).toBe(`attachment; filename="${run.id}-output.zip"`);
    const entries = await unzip(Buffer.from(await zip.arrayBuffer()));
    expect(entries).toEqual({ 'summary.md': '# Sales\nTotal: 42\n', 'total.txt': '42' });

    await expect.poll(() => smtp.messages.length, { timeout: 10_000 }).toBeGreaterThan(0);
    const mail = smtp.messages.find((msg) => msg.raw.includes(run.id))!;
    expect(mail.to).toEqual(['team@example.com']);
    expect(mail.raw).toContain('completed');
  });

  it('feeds a failing tool back to the model and goes on', async () => {
    const m = marker();
    llm.script(m, [
      { toolCalls: [{ name: 'run_shell', arguments: { command: 'echo broken >&2; exit 3' } }] },
      { text: 'The command failed; giving up gracefully.' },
    ]);
    const run = await waitForStatus(w, (await json(await startRun(w, { instructions: m }))).run_id, [
      'completed',
      'failed',
    ]);
    expect(run.status).toBe('completed');
    expect(run.console_output).toContain('broken');
    const events = await readEvents(run.id);
    const result = events.find((e) => e.event === 'tool_result');
    expect(result?.data).toMatchObject({ tool: 'run_shell', is_error: true });
    expect(String(result?.data.output)).toContain('exit code 3');
  });

  it('retries a provider 429 after Retry-After and succeeds', async () => {
    const m = marker();
    const script = llm.script(m, [[{ status: 429, retryAfter: 1 }, { text: 'Fine now.' }]]);
    const run = await waitForStatus(w, (await json(await startRun(w, { instructions: m }))).run_id, [
      'completed',
      'failed',
    ]);
    expect(run.status).toBe('completed');
    expect(script.calls[0]).toBe(2);
  });

  it('fails without retrying when the provider rejects the request with a 4xx', async () => {
    const m = marker();
    const script = llm.script(m, [[{ status: 400, body: '{"error":{"message":"bad request"}}' }]]);
    const run = await waitForStatus(w, (await json(await startRun(w, { instructions: m }))).run_id, [
      'completed',
      'failed',
    ]);
    expect(run.status).toBe('failed');
    expect(run.error.type).toBe('MODEL_REQUEST_REJECTED');
    expect(script.calls[0]).toBe(1);
  });

  it('is cancelled mid-Python, killing the process and keeping partial outputs', async () => {
    const m = marker();
    llm.script(m, [
      {
        toolCalls: [
          {
            name: 'run_python',
            arguments: {
              code: "import time\nopen('outputs/partial.txt','w').write('half')\nprint('started', flush=True)\ntime.sleep(60)\nopen('outputs/late.txt','w').write('no')",
            },
          },
        ],
      },
      { text: 'never reached' },
    ]);
    const { run_id } = await json(await startRun(w, { instructions: m }));
    await expect.poll(async () => (await getRun(w, run_id)).console_output, { timeout: 20_000 }).toContain('started');
    const cancel = await t.fetch(`/api/v1/skill-runs/${run_id}/cancel`, {
      method: 'POST',
      headers: auth(w.owner.session),
    });
    expect(cancel.status).toBe(202);
    const run = await waitForStatus(w, run_id, ['cancelled', 'completed', 'failed'], 10_000);
    expect(run.status).toBe('cancelled');
    // Killed mid-sleep: the line after the 60 s sleep never wrote its file (no clock is read here).
    expect(run.output_files).toEqual(['partial.txt']);
    const { execFileSync } = await import('node:child_process');
    const survivors = execFileSync('ps', ['-eo', 'args'])
      .toString()
      .split('\n')
      .filter((l) => l.includes(`/runs/${run_id}/`));
    expect(survivors, survivors.join('\n')).toEqual([]);
    const again = await t.fetch(`/api/v1/skill-runs/${run_id}/cancel`, {
      method: 'POST',
      headers: auth(w.owner.session),
    });
    expect(again.status).toBe(409);
    expect((await json(again)).type).toBe('RUN_NOT_ACTIVE');
  });

  it('waits for input and resumes with the answer', async () => {
    const m = marker();
    const script = llm.script(m, [
      { toolCalls: [{ name: 'ask_user', arguments: { question: 'Which quarter?' } }] },
      { text: 'Using the answer.' },
    ]);
    const { run_id } = await json(await startRun(w, { instructions: m }));
    const waiting = await waitForStatus(w, run_id, ['waiting']);
    expect(waiting.question).toBe('Which quarter?');
    const early = await t.fetch(`/api/v1/skill-runs/${run_id}/input`, {
      method: 'POST',
      headers: { ...auth(w.owner.session), 'Content-Type': 'application/json' },
      body: JSON.stringify({ answer: 'Q3' }),
    });
    expect(early.status).toBe(202);
    const run = await waitForStatus(w, run_id, ['completed', 'failed']);
    expect(run.status).toBe('completed');
    expect(run.question).toBeNull();
    expect(script.calls).toEqual([1, 1]);
    const late = await t.fetch(`/api/v1/skill-runs/${run_id}/input`, {
      method: 'POST',
      headers: { ...auth(w.owner.session), 'Content-Type': 'application/json' },
      body: JSON.stringify({ answer: 'again' }),
    });
    expect((await json(late)).type).toBe('RUN_NOT_WAITING');
  });

  it('ends timed_out after max_duration', async () => {
    const m = marker();
    llm.script(m, [{ toolCalls: [{ name: 'run_shell', arguments: { command: 'sleep 30' } }] }]);
    const { run_id } = await json(await startRun(w, { instructions: m, max_duration: 2 }));
    const run = await waitForStatus(w, run_id, ['timed_out', 'completed', 'failed', 'cancelled'], 15_000);
    expect(run.status).toBe('timed_out');
  });

  it('streams events over SSE and resumes after Last-Event-ID', async () => {
    const m = marker();
    llm.script(m, [{ toolCalls: [{ name: 'run_shell', arguments: { command: 'echo hello-sse' } }] }, { text: 'Bye.' }]);
    const { run_id } = await json(await startRun(w, { instructions: m }));
    const all = await readEvents(run_id);
    expect(all.map((e) => e.event)).toEqual(
      expect.arrayContaining(['status', 'tool_call', 'console', 'tool_result', 'message', 'end']),
    );
    expect(all.at(-1)?.event).toBe('end');
    const ids = all.map((e) => Number(e.id));
    expect([...ids].sort((a, b) => a - b)).toEqual(ids);
    const middle = all[2]!;
    const rest = await readEvents(run_id, middle.id);
    expect(rest.map((e) => e.id)).toEqual(all.slice(3).map((e) => e.id));
  });

  it('validates synchronously: unknown skill, missing context path, unconfigured provider', async () => {
    const unknown = await startRun(w, { skill_id: 'skill_NOPE' });
    expect(unknown.status).toBe(404);
    const missing = await json(await startRun(w, { context_paths: ['nope/missing.csv'] }));
    expect(missing).toMatchObject({ type: 'CONTEXT_PATH_NOT_FOUND', status: 400 });
    expect(missing.errors[0].field).toBe('body.context_paths[0]');
    expect(missing.detail).toContain('nope/missing.csv');
    const provider = await json(await startRun(w, { model: 'anthropic:claude-haiku-4-5' }));
    expect(provider).toMatchObject({ type: 'MODEL_PROVIDER_NOT_CONFIGURED', status: 400 });
    expect(provider.errors[0].field).toBe('body.model');
  });

  it('retries a run as a new run linked to the first', async () => {
    const m = marker();
    llm.script(m, [{ text: 'One.' }]);
    const first = await waitForStatus(w, (await json(await startRun(w, { instructions: m }))).run_id, ['completed']);
    const res = await t.fetch(`/api/v1/skill-runs/${first.id}/retry`, {
      method: 'POST',
      headers: auth(w.owner.session),
    });
    expect(res.status).toBe(202);
    const second = await waitForStatus(w, (await json(res)).run_id, ['completed', 'failed']);
    expect(second).toMatchObject({
      retry_of: first.id,
      instructions: first.instructions,
      skill_version: first.skill_version,
    });
    const list = await json(
      await t.fetch(`/api/v1/skill-runs?workspace_id=${w.ws}&status=completed&limit=200`, {
        headers: auth(w.owner.session),
      }),
    );
    expect(list.data.map((r: { id: string }) => r.id)).toEqual(expect.arrayContaining([first.id, second.id]));
  });
});

async function readEvents(runId: string, lastEventId?: string) {
  const res = await t.fetch(`/api/v1/skill-runs/${runId}/events`, {
    headers: { ...auth(w.owner.session), ...(lastEventId ? { 'Last-Event-ID': lastEventId } : {}) },
  });
  expect(res.headers.get('content-type')).toContain('text/event-stream');
  const text = await res.text();
  return text
    .split('\n\n')
    .filter((block) => block.trim())
    .map((block) => {
      const field = (name: string) =>
        block
          .split('\n')
          .find((l) => l.startsWith(`${name}:`))
          ?.slice(name.length + 1)
          .trim() ?? '';
      return { id: field('id'), event: field('event'), data: JSON.parse(field('data') || 'null') };
    });
}

async function unzip(buffer: Buffer): Promise<Record<string, string>> {
  const { fromBuffer } = await import('yauzl');
  return new Promise((resolve, reject) => {
    fromBuffer(buffer, { lazyEntries: true }, (err, zip) => {
      if (err || !zip) return reject(err);
      const out: Record<string, string> = {};
      zip.on('entry', (entry) => {
        zip.openReadStream(entry, (e, stream) => {
          if (e || !stream) return reject(e);
          let data = '';
          stream.on('data', (c: Buffer) => {
            data += c.toString();
          });
          stream.on('end', () => {
            out[entry.fileName] = data;
            zip.readEntry();
          });
        });
      });
      zip.on('end', () => resolve(out));
      zip.readEntry();
    });
  });
}
