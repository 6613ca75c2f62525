/**
 * `skillplane connectors|connections|scratchpads|cells` as users run them: a subprocess against the real server,
 * worker and sandbox. A PostgreSQL connection is checked for real against the test database (its password typed on
 * stdin, never an argument, never printed); `cells run` prints the code's output live and exits by how the run
 * ended; Ctrl-C stops watching but not the run; wrong input, other tenants' ids and refused runs get their exit codes.
 */
import { randomBytes } from 'node:crypto';
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Skillplane } from '../clients/typescript/src/index.ts';
import { type CliHome, signedInCli } from './support/cli.ts';
import { clientWorld } from './support/client.ts';
import { type OAuthProvider, startOAuthProvider } from './support/oauth-provider.ts';
import { createTestApp, type TestApp } from './support/test-app.ts';

let t: TestApp;
let provider: OAuthProvider;
let cli: CliHome;
/** The CLI's own user through the SDK, to check what the CLI did. */
let sdk: Skillplane;
let conversationId: string;
let db: { host: string; port: number; database: string; user: string; password: string };
const parsed = (stdout: string) => JSON.parse(stdout);

beforeAll(async () => {
  provider = await startOAuthProvider();
  t = await createTestApp({
    RATE_LIMIT_DEFAULT_PER_MINUTE: '100000',
    RATE_LIMIT_AUTH_PER_MINUTE: '1000',
    RATE_LIMIT_CONNECTORS_PER_MINUTE: '100000',
    RATE_LIMIT_SKILL_RUNS_PER_MINUTE: '100000',
    CONNECTOR_ALLOWED_HOSTS: '127.0.0.1',
    CONNECTOR_CHECK_TIMEOUT_SECONDS: '5',
    SANDBOX_COMMAND_TIMEOUT_SECONDS: '30',
    NOTION_CLIENT_ID: provider.clientId,
    NOTION_CLIENT_SECRET: provider.clientSecret,
    NOTION_AUTHORIZE_URL: `${provider.url}/authorize`,
    NOTION_TOKEN_URL: `${provider.url}/token`,
  });
  ({ cli, sdk } = await signedInCli(t));
  const conversation = await cli.run(['conversations', 'create', '--title', 'Notebook', '--json']);
  expect(conversation.code, conversation.stderr).toBe(0);
  conversationId = parsed(conversation.stdout).id;

  const admin = new URL(inject('services').adminUrl);
  const user = `cli_reader_${randomBytes(4).toString('hex')}`;
  const dbPassword = `pw-${randomBytes(12).toString('hex')}`;
  const client = new pg.Client({ connectionString: admin.toString() });
  await client.connect();
  await client.query(`CREATE ROLE ${user} LOGIN PASSWORD '${dbPassword}'`);
  await client.end();
  db = {
    host: '127.0.0.1',
    port: Number(admin.port),
    database: new URL(t.databaseUrl).pathname.slice(1),
    user,
    password: dbPassword,
  };
});
afterAll(async () => {
  await t?.close();
  await provider?.close();
});

const postgresArgs = () => [
  ...['--set', `host=${db.host}`, '--set', `port=${db.port}`, '--set', `database=${db.database}`],
  ...['--set', `user=${db.user}`, '--set', 'ssl_mode=disable'],
];

describe('help', () => {
  it('lists the new command groups and documents exit 1 for a cell run', async () => {
    const root = await cli.run(['--help']);
    for (const group of ['connectors', 'connections', 'conversations', 'scratchpads', 'cells']) {
      expect(root.stdout).toContain(group);
    }
    const run = await cli.run(['cells', 'run', '--help']);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('--no-follow');
    expect(run.stdout).toMatch(/cell's run\s+ended error/);
  });
});

describe('connectors and connections', () => {
  it('lists the specs, secret fields marked', async () => {
    const specs = await cli.run(['connectors', 'specs']);
    expect(specs.code, specs.stderr).toBe(0);
    expect(specs.stdout).toMatch(/postgres\s+credentials\s+true\s+host,port,database,user,password\*,ssl_mode/);
    expect(
      parsed((await cli.run(['connectors', 'specs', '--json'])).stdout).data.map((s: { id: string }) => s.id),
    ).toContain('notion');
  });

  it('prints the URL to authorize an OAuth spec', async () => {
    const res = await cli.run(['connectors', 'authorize', 'notion', '--name', 'Notes', '--json']);
    expect(res.code, res.stderr).toBe(0);
    expect(parsed(res.stdout).authorization_url.startsWith(`${provider.url}/authorize?`)).toBe(true);
    expect((await cli.run(['connectors', 'authorize', 'no-such-spec'])).code).toBe(4);
  });

  it('creates a PostgreSQL connection with the password from stdin, checked for real; lists, shows, deletes it', async () => {
    const res = await cli.run(['connections', 'create', 'postgres', 'warehouse', ...postgresArgs()], {
      input: `${db.password}\n`,
    });
    expect(res.code, res.stderr).toBe(0);
    expect(res.stdout).toMatch(/status:\s+connected/);
    expect(res.stdout + res.stderr).not.toContain(db.password);
    const id = /^id:\s+(conn_\w+)$/m.exec(res.stdout)![1]!;
    const row = await t.deps.prisma.connection.findUniqueOrThrow({ where: { id } });
    expect(row.credentials).not.toContain(db.password);

    const list = await cli.run(['connections', 'list']);
    expect(list.stdout).toMatch(new RegExp(`${id}\\s+warehouse\\s+postgres\\s+connected`));
    expect(parsed((await cli.run(['connections', 'get', id, '--json'])).stdout)).toMatchObject({
      id,
      status: 'connected',
    });
    const deleted = await cli.run(['connections', 'delete', id]);
    expect(deleted.code).toBe(0);
    expect(deleted.stdout).toContain(`Deleted ${id}.`);
    expect((await cli.run(['connections', 'get', id])).code).toBe(4);
  });

  it('exits 1 when the check fails, keeping the connection in status error', async () => {
    const res = await cli.run(['connections', 'create', 'postgres', 'wrong-pw', ...postgresArgs(), '--json'], {
      input: 'not-the-password\n',
    });
    expect(res.code).toBe(1);
    expect(parsed(res.stdout)).toMatchObject({ status: 'error', error: { code: 'auth_failed' } });
    expect(res.stderr).toContain('failed its check: auth_failed');
  });

  it('refuses a secret as an argument, a missing secret, a mistyped field and an unknown spec', async () => {
    const secretArg = await cli.run([
      'connections',
      'create',
      'postgres',
      'x',
      ...postgresArgs(),
      '--set',
      'password=p',
    ]);
    expect(secretArg.code).toBe(2);
    expect(secretArg.stderr).toContain('password is secret');
    const none = await cli.run(['connections', 'create', 'postgres', 'x', ...postgresArgs()], { input: '' });
    expect(none.code).toBe(2);
    expect(none.stderr).toContain('no password given');
    const typo = await cli.run(['connections', 'create', 'postgres', 'x', '--set', 'port=abc']);
    expect(typo.code).toBe(2);
    expect(typo.stderr).toContain('port takes a whole number');
    expect((await cli.run(['connections', 'create', 'nope', 'x'])).code).toBe(4);
    expect((await sdk.connections.list().toArray()).map((c) => c.name)).not.toContain('x');
  });

  it("answers another tenant's connection as not found", async () => {
    const other = await clientWorld(t);
    const theirs = await other.client.connections.create({ spec_id: 'postgres', name: 'theirs', credentials: db });
    for (const args of [
      ['connections', 'get', theirs.id],
      ['connections', 'delete', theirs.id],
    ]) {
      const res = await cli.run(args);
      expect(res.code).toBe(4);
      expect(res.stderr).toContain('NOT_FOUND');
    }
    expect((await other.client.connections.get(theirs.id)).name).toBe('theirs');
  });
});

describe('scratchpads and cells', () => {
  async function scratchpad(): Promise<string> {
    const res = await cli.run(['scratchpads', 'create', '--conversation', conversationId, '--title', 'Lab', '--json']);
    expect(res.code, res.stderr).toBe(0);
    return parsed(res.stdout).id;
  }
  async function cell(sp: string, args: string[], input?: string): Promise<string> {
    const res = await cli.run(['cells', 'create', sp, ...args, '--json'], input === undefined ? {} : { input });
    expect(res.code, res.stderr).toBe(0);
    return parsed(res.stdout).id;
  }

  it('lists the conversation the scratchpads belong to', async () => {
    const list = await cli.run(['conversations', 'list']);
    expect(list.code, list.stderr).toBe(0);
    expect(list.stdout).toMatch(new RegExp(`${conversationId}\\s+Notebook\\s+active`));
  });

  it('creates, lists, shows and deletes scratchpads and cells', async () => {
    const sp = await scratchpad();
    const script = path.join(cli.home, 'sum.py');
    await writeFile(script, 'print(sum([1, 2, 3]))\n');
    const fromFile = await cell(sp, ['--file', script]);
    const note = await cell(sp, ['--type', 'markdown', '--content', 'A note', '--index', '0']);
    const fromStdin = await cell(sp, ['--file', '-', '--language', 'shell'], 'echo piped\n');

    const list = await cli.run(['scratchpads', 'list', '--conversation', conversationId]);
    expect(list.stdout).toMatch(new RegExp(`${sp}\\s+Lab\\s+false\\s+3`));
    const shown = await cli.run(['scratchpads', 'get', sp]);
    expect(shown.stdout).toMatch(new RegExp(`0\\s+${note}\\s+markdown\\s+-\\s+A note`));
    expect(shown.stdout).toMatch(new RegExp(`1\\s+${fromFile}\\s+code\\s+-\\s+print\\(sum\\(\\[1, 2, 3\\]\\)\\)`));
    expect(parsed((await cli.run(['cells', 'get', sp, fromStdin, '--json'])).stdout)).toMatchObject({
      language: 'shell',
      content: 'echo piped',
    });
    expect((await cli.run(['cells', 'delete', sp, note])).code).toBe(0);
    expect(parsed((await cli.run(['cells', 'get', sp, fromFile, '--json'])).stdout).index).toBe(0);
    expect((await cli.run(['scratchpads', 'delete', sp])).code).toBe(0);
    expect((await cli.run(['scratchpads', 'get', sp])).code).toBe(4);
    expect((await cli.run(['cells', 'create', sp, '--content', 'x', '--file', script])).code).toBe(2);
  });

  it('runs a cell, printing its stdout on stdout and its stderr and file outputs on stderr; exit 0', async () => {
    const sp = await scratchpad();
    const id = await cell(sp, [
      '--content',
      'import sys\nprint("hello")\nprint("warning", file=sys.stderr)\nopen("/sandbox/outputs/t.csv", "w").write("a\\n1\\n")',
    ]);
    const res = await cli.run(['cells', 'run', sp, id]);
    expect(res.code, res.stderr).toBe(0);
    expect(res.stdout).toBe('hello\n');
    expect(res.stderr).toContain('warning\n');
    expect(res.stderr).toContain('output file: t.csv (text/csv');
    expect(res.stderr).toContain(`✓ cell ${id} success (run 1)`);

    const json = await cli.run(['cells', 'run', sp, id, '--json']);
    expect(json.code).toBe(0);
    const events = json.stdout.trim().split('\n').map(parsed);
    expect(events.at(-1)).toMatchObject({ event: 'end', data: { status: 'success' } });
    expect(events.filter((e: { event: string }) => e.event === 'output').length).toBeGreaterThanOrEqual(3);
  });

  it('prints output live, before the run ends', async () => {
    const sp = await scratchpad();
    const id = await cell(sp, ['--content', 'import time\nprint("first", flush=True)\ntime.sleep(3)\nprint("second")']);
    const running = cli.start(['cells', 'run', sp, id]);
    const deadline = Date.now() + 20_000;
    while (!running.output().stdout.includes('first') && Date.now() < deadline) await sleep(50);
    expect(running.output()).toMatchObject({ stdout: 'first\n', code: null });
    const done = await running.done;
    expect(done).toMatchObject({ code: 0, stdout: 'first\nsecond\n' });
  });

  it('exits 1 for code that fails, and when the run is cancelled meanwhile', async () => {
    const sp = await scratchpad();
    const failing = await cell(sp, ['--content', 'raise SystemExit(3)']);
    const failed = await cli.run(['cells', 'run', sp, failing]);
    expect(failed.code).toBe(1);
    expect(failed.stderr).toMatch(new RegExp(`✗ cell ${failing} error: .*3`));

    const slow = await cell(sp, ['--content', 'import time\nprint("started", flush=True)\ntime.sleep(30)']);
    const running = cli.start(['cells', 'run', sp, slow]);
    const deadline = Date.now() + 20_000;
    while (!running.output().stdout.includes('started') && Date.now() < deadline) await sleep(50);
    expect((await cli.run(['cells', 'cancel', sp, slow])).code).toBe(0);
    const done = await running.done;
    expect(done.code).toBe(1);
    expect(done.stderr).toMatch(/✗ cell .* error: .*[Cc]ancel/);
  });

  it('stops watching on Ctrl-C (exit 130) while the run goes on; --no-follow only starts it', async () => {
    const sp = await scratchpad();
    const slow = await cell(sp, ['--content', 'import time\nprint("started", flush=True)\ntime.sleep(30)']);
    const running = cli.start(['cells', 'run', sp, slow]);
    const deadline = Date.now() + 20_000;
    while (!running.output().stdout.includes('started') && Date.now() < deadline) await sleep(50);
    running.child.kill('SIGINT');
    const done = await running.done;
    expect(done.code).toBe(130);
    expect(done.stderr).toContain(`skillplane cells cancel ${sp} ${slow}`);
    expect((await sdk.cells.get(sp, slow)).status).toBe('running');
    await sdk.cells.cancel(sp, slow);

    const quick = await cell(sp, ['--content', 'print(1)']);
    const started = await cli.run(['cells', 'run', sp, quick, '--no-follow', '--json']);
    expect(started.code).toBe(0);
    expect(parsed(started.stdout)).toMatchObject({ id: quick, status: 'pending' });
  });

  it('exits 5 for a cell that cannot run, 4 for ids of another tenant or none', async () => {
    const sp = await scratchpad();
    const note = await cell(sp, ['--type', 'markdown', '--content', 'prose']);
    const refused = await cli.run(['cells', 'run', sp, note]);
    expect(refused.code).toBe(5);
    expect(refused.stderr).toContain('CONFLICT');

    const other = await clientWorld(t);
    const conv = await other.client.conversations.create();
    const theirs = await other.client.scratchpads.create({
      conversation_id: conv.id,
      cells: [{ type: 'code', content: 'print("theirs")' }],
    });
    for (const args of [
      ['scratchpads', 'get', theirs.id],
      ['scratchpads', 'list', '--conversation', conv.id],
      ['cells', 'run', theirs.id, theirs.cells[0]!.id],
      ['cells', 'delete', theirs.id, theirs.cells[0]!.id],
      ['cells', 'get', sp, 'cell_doesnotexist'],
    ]) {
      const res = await cli.run(args);
      expect(res.code, `${args.join(' ')}: ${res.stderr}`).toBe(4);
    }
    expect((await other.client.cells.get(theirs.id, theirs.cells[0]!.id)).execution_count).toBe(0);
  });
});

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
