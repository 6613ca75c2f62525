/**
 * Skill runs through the TypeScript client against the real server: `wait` through a question and its answer,
 * events (and resuming them by id), outputs and the ZIP, cancel and retry, listing across pages, and typed problem
 * errors (validation with field errors, the concurrent-run limit, a wait that times out).
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiError, type SkillRunEvent, WaitTimeoutError } from '../clients/typescript/src/index.ts';
import { apiError, type ClientWorld, clientWorld } from './support/client.ts';
import type { FakeLlm } from './support/fake-llm.ts';
import type { TestApp } from './support/test-app.ts';
import { createTestAppWithModel } from './support/test-app-with-model.ts';

let t: TestApp;
let llm: FakeLlm;

beforeAll(async () => {
  ({ t, llm } = await createTestAppWithModel({
    OPENAI_API_KEY: 'k',
    DEFAULT_MODEL: 'openai:gpt-4o-mini',
    MAX_CONCURRENT_RUNS: '3',
    RATE_LIMIT_SKILL_RUNS_PER_MINUTE: '100000',
    RATE_LIMIT_DEFAULT_PER_MINUTE: '100000',
  }));
});
afterAll(async () => {
  await t?.close();
});

/** A workspace with a skill that may ask questions and write files. */
async function world(): Promise<ClientWorld & { skillId: string }> {
  const w = await clientWorld(t);
  const skill = await w.client.skills.create({
    name: 'analyst',
    description: 'd',
    instructions: 'Be precise.',
    tools: ['write_file', 'ask_user'],
  });
  return { ...w, skillId: skill.id };
}

const asking = (m: string) =>
  llm.script(m, [
    { toolCalls: [{ name: 'ask_user', arguments: { question: 'Which currency?' } }] },
    { toolCalls: [{ name: 'write_file', arguments: { path: 'answer.txt', content: 'EUR' } }] },
    { text: 'Wrote the answer.' },
  ]);

describe('a run through the client', () => {
  it('waits while the run asks a question, answers it, and waits for the end; events, outputs and ZIP', async () => {
    const w = await world();
    const m = `marker-${randomUUID()}`;
    asking(m);
    const accepted = await w.client.skillRuns.create({ skill_id: w.skillId, instructions: `Report. ${m}` });
    expect(accepted.run_id).toMatch(/^run_/);
    const finished = w.client.skillRuns.wait(accepted.run_id, { timeout: 60_000 });

    const waiting = await w.client.skillRuns.wait(accepted.run_id, { until: ['waiting'], timeout: 60_000 });
    expect(waiting.status).toBe('waiting');
    expect((await w.client.skillRuns.input(accepted.run_id, { answer: 'EUR' })).id).toBe(accepted.run_id);
    const run = await finished;
    expect(run.status).toBe('completed');
    expect(run.output_files).toEqual(['answer.txt']);
    // A finished run can no longer be waiting: wait() resolves with it instead of waiting forever.
    expect((await w.client.skillRuns.wait(run.id, { until: ['waiting'] })).status).toBe('completed');

    const events: SkillRunEvent[] = [];
    for await (const event of w.client.skillRuns.events(run.id)) events.push(event);
    expect(events.at(-1)).toMatchObject({ event: 'end', data: { status: 'completed' } });
    const statuses = events.flatMap((e) => (e.event === 'status' ? [e.data.status] : []));
    expect(statuses).toEqual(expect.arrayContaining(['queued', 'running', 'waiting', 'completed']));
    const rest: SkillRunEvent[] = [];
    for await (const event of w.client.skillRuns.events(run.id, { lastEventId: events[2]!.id })) rest.push(event);
    expect(rest).toEqual(events.slice(3));

    expect((await w.client.skillRuns.outputs(run.id)).data).toEqual([
      expect.objectContaining({ path: 'answer.txt', size: 3 }),
    ]);
    const zip = new Uint8Array(await (await w.client.skillRuns.download(run.id)).arrayBuffer());
    expect([zip[0], zip[1]]).toEqual([0x50, 0x4b]); // "PK"
  });

  it('cancels a waiting run and retries it; a wait that outlives its timeout rejects with WaitTimeoutError', async () => {
    const w = await world();
    const m = `marker-${randomUUID()}`;
    asking(m);
    const { run_id } = await w.client.skillRuns.create({ skill_id: w.skillId, instructions: `Report. ${m}` });
    await w.client.skillRuns.wait(run_id, { until: ['waiting'] });
    const timedOut = await w.client.skillRuns.wait(run_id, { timeout: 300 }).catch((err: unknown) => err);
    expect(timedOut).toBeInstanceOf(WaitTimeoutError);
    expect(timedOut).toMatchObject({ runId: run_id, lastStatus: 'waiting' });

    await w.client.skillRuns.cancel(run_id);
    expect((await w.client.skillRuns.wait(run_id)).status).toBe('cancelled');
    const retried = await w.client.skillRuns.retry(run_id);
    expect(retried.run.retry_of).toBe(run_id);
    await w.client.skillRuns.wait(retried.run_id, { until: ['waiting'] });
    await w.client.skillRuns.cancel(retried.run_id);

    const aborted = new AbortController();
    const pending = w.client.skillRuns.wait(retried.run_id, { signal: aborted.signal, until: ['running'] });
    aborted.abort(new Error('stop waiting'));
    await expect(pending).rejects.toThrow('stop waiting');
  });

  it('lists runs across pages, and refuses a fourth concurrent run with a typed 429', async () => {
    const w = await world();
    const ids: string[] = [];
    for (let i = 0; i < 3; i++) {
      const m = `marker-${randomUUID()}`;
      // A run that asks a question soon stops counting (waiting is neither queued nor running): these stay running.
      llm.script(m, [{ text: 'Slow answer.', delayMs: 20_000 }]);
      ids.push((await w.client.skillRuns.create({ skill_id: w.skillId, instructions: m })).run_id);
    }
    const limited = await apiError(
      w.client.skillRuns.create({ skill_id: w.skillId, instructions: 'one too many' }, { maxRetries: 0 }),
    );
    expect(limited).toBeInstanceOf(ApiError);
    expect(limited.status).toBe(429);
    expect(limited.type).toBe('CONCURRENT_RUN_LIMIT_EXCEEDED');
    expect(limited.requestId).toBe(limited.headers.get('x-request-id'));

    const page = await w.client.skillRuns.list({ limit: 2 });
    expect(page.data).toHaveLength(2);
    expect(page.has_more).toBe(true);
    const listed = [];
    for await (const run of w.client.skillRuns.list({ limit: 2, sort: 'created_at' })) listed.push(run.id);
    expect(listed).toEqual(ids);
    const pages = [];
    for await (const each of w.client.skillRuns.list({ limit: 2 }).pages()) pages.push(each.data.length);
    expect(pages).toEqual([2, 1]);
    for (const id of ids) await w.client.skillRuns.cancel(id);
  });

  it('carries field errors of a validation problem', async () => {
    const w = await world();
    const err = await apiError(
      w.client.skillRuns.create({ skill_id: w.skillId, instructions: 'x', notify_emails: ['not an address'] }),
    );
    expect(err.status).toBe(400);
    expect(err.type).toBe('VALIDATION_FAILED');
    expect(err.errors).toEqual([expect.objectContaining({ field: 'body.notify_emails[0]' })]);
    expect(err.message).toContain('VALIDATION_FAILED');
  });
});
