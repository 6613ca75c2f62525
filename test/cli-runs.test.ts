/**
 * `skillplane runs` end to end: a subprocess against the real server and worker, the model a scripted local server.
 * `runs create --wait` prints the console output of Python the run executes, `runs logs --follow` streams a run that
 * waits for an answer given with `runs input`, and failed or cancelled runs exit 1.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createUser } from '../src/auth/users.ts';
import { type CliHome, cliHome } from './support/cli.ts';
import type { FakeLlm } from './support/fake-llm.ts';
import type { TestApp } from './support/test-app.ts';
import { createTestAppWithModel } from './support/test-app-with-model.ts';

let t: TestApp;
let llm: FakeLlm;
let cli: CliHome;

beforeAll(async () => {
  ({ t, llm } = await createTestAppWithModel({
    DEFAULT_MODEL: 'openai:gpt-4o-mini',
    RATE_LIMIT_SKILL_RUNS_PER_MINUTE: '1000',
    RATE_LIMIT_DEFAULT_PER_MINUTE: '100000',
  }));
  const email = `cli-${randomBytes(4).toString('hex')}@example.com`;
  await createUser(t.deps.prisma, { email, password: 'correct horse battery staple', isAdmin: false });
  cli = await cliHome(t.url);
  expect((await cli.run(['login', '--email', email], { input: 'correct horse battery staple\n' })).code).toBe(0);
  expect((await cli.run(['workspaces', 'create', 'Runs'])).code).toBe(0);
  const sales = path.join(cli.home, 'sales.csv');
  await writeFile(sales, 'region,amount\nnorth,10\nsouth,32\n');
  expect((await cli.run(['files', 'upload', sales, '--to', 'data'])).code).toBe(0);
  const skill = await cli.run([
    'skills',
    'create',
    'analyst',
    '--description',
    'Analyses data',
    ...['--tool', 'read_file', '--tool', 'write_file', '--tool', 'run_python', '--tool', 'run_shell'],
    ...['--tool', 'ask_user'],
  ]);
  expect(skill.code, skill.stderr).toBe(0);
});
afterAll(async () => {
  await t?.close();
});

const marker = () => `scenario-${randomUUID()}`;
const parsed = (stdout: string) => JSON.parse(stdout);
const sumSales = {
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
};

async function runStatus(id: string): Promise<string> {
  return parsed((await cli.run(['runs', 'get', id, '--json'])).stdout).status;
}

async function until(check: () => Promise<boolean>, what: string) {
  const deadline = Date.now() + 30_000;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

describe('runs create --wait', () => {
  it('streams the console output of Python the run executes, then lists, gets, logs and downloads it', async () => {
    const m = marker();
    llm.script(m, [{ toolCalls: [sumSales] }, { text: 'The total is 42.' }]);
    const res = await cli.run(['runs', 'create', 'analyst', '--instructions', m, '--context', 'data', '--wait']);
    expect(res.code, res.stderr).toBe(0);
    expect(res.stdout).toBe('total is 42\n');
    const id = res.stderr.match(/run (run_\w+)/)?.[1];
    expect(id).toBeDefined();
    expect(res.stderr).toContain('The total is 42.');
    expect(res.stderr).toMatch(/completed/);

    const run = parsed((await cli.run(['runs', 'get', id!, '--json'])).stdout);
    expect(run).toMatchObject({ status: 'completed', output_files: ['total.txt'], context_paths: ['data'] });
    expect((await cli.run(['runs', 'get', id!])).stdout).toMatch(/status: +completed/);
    expect((await cli.run(['runs', 'list'])).stdout).toMatch(new RegExp(`${id} +analyst +completed`));
    expect(parsed((await cli.run(['runs', 'list', '--status', 'completed', '--json'])).stdout)[0].id).toBe(id);
    expect((await cli.run(['runs', 'logs', id!])).stdout).toBe('total is 42\n');
    expect(parsed((await cli.run(['runs', 'logs', id!, '--json'])).stdout).console_output).toBe('total is 42\n');
    const events = (await cli.run(['runs', 'logs', id!, '--follow', '--json'])).stdout.trim().split('\n').map(parsed);
    expect(events.map((e: { event: string }) => e.event)).toEqual(
      expect.arrayContaining(['status', 'tool_call', 'console', 'tool_result', 'usage', 'message']),
    );
    expect(events.at(-1)).toMatchObject({ event: 'end', data: { status: 'completed' } });

    const zip = path.join(cli.home, 'out.zip');
    const download = await cli.run(['runs', 'download', id!, zip]);
    expect(download.code, download.stderr).toBe(0);
    expect(await zipEntries(await readFile(zip))).toEqual({ 'total.txt': '42' });
  });

  it('prints the finished run as JSON with --json', async () => {
    const m = marker();
    llm.script(m, [{ toolCalls: [sumSales] }, { text: 'Done.' }]);
    const res = await cli.run(['runs', 'create', 'analyst', '-i', m, '-c', 'data', '--wait', '--json']);
    expect(res.code, res.stderr).toBe(0);
    expect(parsed(res.stdout)).toMatchObject({ status: 'completed', console_output: 'total is 42\n' });
  });

  it('exits 1 when the run fails, with the reason', async () => {
    const m = marker();
    llm.script(m, [[{ status: 400, body: '{"error":{"message":"bad request"}}' }]]);
    const res = await cli.run(['runs', 'create', 'analyst', '--instructions', m, '--wait']);
    expect(res.code).toBe(1);
    expect(res.stderr).toContain('failed');
    expect(res.stderr).toContain('MODEL_REQUEST_REJECTED');
  });

  it('exits 1 when the run it waits for is cancelled', async () => {
    const m = marker();
    llm.script(m, [{ toolCalls: [{ name: 'run_shell', arguments: { command: 'echo started; sleep 30' } }] }]);
    const waiting = cli.start(['runs', 'create', 'analyst', '--instructions', m, '--wait']);
    await until(async () => waiting.output().stdout.includes('started'), 'the command to start');
    const id = waiting.output().stderr.match(/run (run_\w+)/)![1]!;
    const cancel = await cli.run(['runs', 'cancel', id]);
    expect(cancel.code, cancel.stderr).toBe(0);
    const res = await waiting.done;
    expect(res.code).toBe(1);
    expect(res.stderr).toContain('cancelled');
    expect((await cli.run(['runs', 'cancel', id])).code).toBe(5);
  });

  it('exits 4 for a run or skill that does not exist', async () => {
    expect((await cli.run(['runs', 'get', 'run_doesnotexist'])).code).toBe(4);
    expect((await cli.run(['runs', 'create', 'no-such-skill'])).code).toBe(4);
  });
});

describe('runs create --wait at a terminal', () => {
  it('draws a progress line on stderr and asks for the answer when the run waits for one', async () => {
    const m = marker();
    const script = llm.script(m, [
      { toolCalls: [{ name: 'run_shell', arguments: { command: 'sleep 1; echo slept' } }], inputTokens: 1200 },
      { toolCalls: [{ name: 'ask_user', arguments: { question: 'Which quarter?' } }] },
      { text: 'Thanks.' },
    ]);
    const terminal = cli.atTerminal(['runs', 'create', 'analyst', '--instructions', m, '--wait']);
    await until(async () => terminal.screen().includes('answer> '), 'the question at the terminal');
    terminal.type('Q3\r');
    expect(await terminal.done).toBe(0);
    const screen = terminal.screen();
    expect(screen).toMatch(/[⠋⠙⠹⠸⠼⠴⠦⠧⠇⠏] running · \d+s · step 1 · run_shell · 1,2\d\d tokens/);
    expect(screen).toContain('slept');
    expect(screen).toContain('? Which quarter?');
    expect(screen).toContain('completed');
    // The answer reached the model as the result of its ask_user call.
    expect(JSON.stringify(script.requests.at(-1)?.messages)).toContain('Q3');
  });
});

describe('runs logs --follow', () => {
  it('follows a run through waiting for input to its end', async () => {
    const m = marker();
    llm.script(m, [
      { toolCalls: [{ name: 'run_shell', arguments: { command: 'echo before the question' } }] },
      { toolCalls: [{ name: 'ask_user', arguments: { question: 'Which quarter?' } }] },
      { toolCalls: [{ name: 'run_python', arguments: { code: "print('answer used')" } }] },
      { text: 'Finished.' },
    ]);
    const created = parsed((await cli.run(['runs', 'create', 'analyst', '--instructions', m, '--json'])).stdout);
    const follow = cli.start(['runs', 'logs', created.id, '--follow']);
    await until(async () => follow.output().stderr.includes('answer with: skillplane runs input'), 'the question');
    expect(follow.output().stderr).toContain('? Which quarter?');
    expect(follow.output().stdout).toBe('before the question\n');
    expect(await runStatus(created.id)).toBe('waiting');

    const answer = await cli.run(['runs', 'input', created.id, 'Q3']);
    expect(answer.code, answer.stderr).toBe(0);
    const res = await follow.done;
    expect(res.code, res.stderr).toBe(0);
    expect(res.stdout).toBe('before the question\nanswer used\n');
    expect(await runStatus(created.id)).toBe('completed');
    expect((await cli.run(['runs', 'input', created.id, 'again'])).code).toBe(5);
    // Followed again afterwards, the answered question is history: no call to answer it.
    const replay = await cli.run(['runs', 'logs', created.id, '--follow']);
    expect(replay.code).toBe(0);
    expect(replay.stderr).toContain('? Which quarter?');
    expect(replay.stderr).not.toContain('answer with');
  });
});

async function zipEntries(buffer: Buffer): Promise<Record<string, string>> {
  const { fromBuffer } = await import('yauzl');
  return new Promise((resolve, reject) => {
    fromBuffer(buffer, { lazyEntries: true }, (err, zip) => {
      if (err || !zip) return reject(err);
      const out: Record<string, string> = {};
      zip.on('entry', (entry) => {
        zip.openReadStream(entry, (e, stream) => {
          if (e || !stream) return reject(e);
          const chunks: Buffer[] = [];
          stream.on('data', (c: Buffer) => chunks.push(c));
          stream.on('end', () => {
            out[entry.fileName] = Buffer.concat(chunks).toString();
            zip.readEntry();
          });
        });
      });
      zip.on('end', () => resolve(out));
      zip.readEntry();
    });
  });
}
