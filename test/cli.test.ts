/**
 * The `skillplane` CLI as users run it: a subprocess against the real server, its config in a temporary HOME.
 * Sign-in and the config file, workspaces, files, skills, schedules, API keys, `--json`, and the exit codes.
 * Runs are in cli-runs.test.ts.
 */
import { randomBytes } from 'node:crypto';
import { readFile, stat, writeFile } from 'node:fs/promises';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createUser } from '../src/auth/users.ts';
import { type CliHome, cliHome } from './support/cli.ts';
import { makeZip } from './support/files.ts';
import { createTestApp, type TestApp } from './support/test-app.ts';

let t: TestApp;
let cli: CliHome;
const email = `cli-${randomBytes(4).toString('hex')}@example.com`;
const password = 'correct horse battery staple';

beforeAll(async () => {
  t = await createTestApp({ RATE_LIMIT_DEFAULT_PER_MINUTE: '100000', RATE_LIMIT_AUTH_PER_MINUTE: '1000' });
  await createUser(t.deps.prisma, { email, password, isAdmin: false });
  cli = await cliHome(t.url);
});
afterAll(async () => {
  await t?.close();
});

const parsed = (stdout: string) => JSON.parse(stdout);

describe('help and usage', () => {
  it('documents the exit codes and environment in --help, everywhere', async () => {
    const root = await cli.run(['--help']);
    expect(root.code).toBe(0);
    for (const group of ['login', 'workspaces', 'skills', 'files', 'runs', 'schedules', 'keys']) {
      expect(root.stdout).toContain(group);
    }
    expect(root.stdout).toContain('SKILLPLANE_API_KEY');
    const runs = await cli.run(['runs', 'create', '--help']);
    expect(runs.code).toBe(0);
    expect(runs.stdout).toContain('--wait');
    expect(runs.stdout).toMatch(/4 +not found/);
  });

  it('exits 2 on a bad command line', async () => {
    expect((await cli.run(['nope'])).code).toBe(2);
    const missing = await cli.run(['runs', 'get']);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain("missing required argument 'run'");
  });
});

describe('login', () => {
  it('exits 3 before signing in, and on a wrong password (writing no config)', async () => {
    const anonymous = await cli.run(['workspaces', 'list']);
    expect(anonymous.code).toBe(3);
    expect(anonymous.stderr).toContain('skillplane login');
    const wrong = await cli.run(['login', '--email', email], { input: 'not the password\n' });
    expect(wrong.code).toBe(3);
    expect(wrong.stderr).toContain('INVALID_CREDENTIALS');
    const noEmail = await cli.run(['login'], { input: `${password}\n` });
    expect(noEmail.code).toBe(2);
    expect(noEmail.stderr).toContain('--email');
    await expect(stat(cli.configFile)).rejects.toThrow();
  });

  it('signs in with a password from stdin into a 0600 config file in a 0700 folder, printing no token', async () => {
    const res = await cli.run(['login', '--email', email], { input: `${password}\n` });
    expect(res.code, res.stderr).toBe(0);
    expect(res.stdout).toContain(email);
    const config = JSON.parse(await readFile(cli.configFile, 'utf8'));
    expect(config.credential).toMatchObject({ kind: 'session', email });
    expect(config.credential.secret).toMatch(/^sps_/);
    expect(config.api_url).toBe(t.url);
    expect(res.stdout + res.stderr).not.toContain(config.credential.secret);
    expect((await stat(cli.configFile)).mode & 0o777).toBe(0o600);
    expect((await stat(path.dirname(cli.configFile))).mode & 0o777).toBe(0o700);
    const me = await cli.run(['whoami', '--json']);
    expect(me.code).toBe(0);
    expect(parsed(me.stdout).email).toBe(email);
  });

  it('never sends the stored credential to another server', async () => {
    const seen: string[] = [];
    const other = http.createServer((req, res) => {
      seen.push(req.headers.authorization ?? '');
      res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
    });
    await new Promise<void>((resolve) => other.listen(0, '127.0.0.1', resolve));
    const otherUrl = `http://127.0.0.1:${(other.address() as AddressInfo).port}`;
    try {
      const res = await cli.run(['whoami', '--api-url', otherUrl]);
      expect(res.code).toBe(3);
      expect(res.stderr).toContain(`the stored credential is for ${t.url}`);
      const viaEnv = await cli.run(['whoami'], { env: { SKILLPLANE_API_URL: otherUrl } });
      expect(viaEnv.code).toBe(3);
      expect(seen).toEqual([]);
    } finally {
      other.close();
    }
  });

  it('exits 5 when the API cannot be reached', async () => {
    const closed = http.createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const { port } = closed.address() as AddressInfo;
    await new Promise((resolve) => closed.close(resolve));
    const res = await cli.run(['whoami'], {
      env: { SKILLPLANE_API_URL: `http://127.0.0.1:${port}`, SKILLPLANE_API_KEY: 'spk_live_unused' },
    });
    expect(res.code).toBe(5);
    expect(res.stderr).toContain(`cannot reach the API: connect ECONNREFUSED 127.0.0.1:${port}`);
  });

  it('asks for the password at a terminal without echoing it', async () => {
    const other = await cliHome(t.url);
    const terminal = other.atTerminal(['login', '--email', email]);
    const deadline = Date.now() + 20_000;
    while (!terminal.screen().includes('Password: ') && Date.now() < deadline)
      await new Promise((r) => setTimeout(r, 50));
    terminal.type(`${password}\r`);
    expect(await terminal.done).toBe(0);
    expect(terminal.screen()).toContain(`as ${email}`);
    expect(terminal.screen()).not.toContain(password);
  });
});

describe('workspaces', () => {
  it('creates one (the default while none is chosen), lists, gets and switches', async () => {
    const created = await cli.run(['workspaces', 'create', 'Acme', '--json']);
    expect(created.code, created.stderr).toBe(0);
    const acme = parsed(created.stdout);
    expect(acme).toMatchObject({ name: 'Acme', role: 'owner' });
    expect(JSON.parse(await readFile(cli.configFile, 'utf8')).workspace_id).toBe(acme.id);

    const other = parsed((await cli.run(['workspaces', 'create', 'Other', '--json'])).stdout);
    const list = await cli.run(['workspaces', 'list']);
    expect(list.stdout).toMatch(new RegExp(`${acme.id} +Acme +owner`));
    expect(list.stdout).toContain(other.id);
    const listed = parsed((await cli.run(['workspaces', 'list', '--json'])).stdout);
    expect(listed.map((w: { id: string }) => w.id).sort()).toEqual([acme.id, other.id].sort());

    const got = await cli.run(['workspaces', 'get']);
    expect(got.stdout).toContain(acme.id);
    expect((await cli.run(['workspaces', 'use', other.id])).code).toBe(0);
    expect(parsed((await cli.run(['workspaces', 'get', '--json'])).stdout).id).toBe(other.id);
    expect((await cli.run(['workspaces', 'use', acme.id])).code).toBe(0);
    expect(parsed((await cli.run(['workspaces', 'get', '--workspace', other.id, '--json'])).stdout).id).toBe(other.id);
  });

  it('exits 4 for a workspace that does not exist', async () => {
    const res = await cli.run(['workspaces', 'get', 'ws_doesnotexist']);
    expect(res.code).toBe(4);
    expect(res.stderr).toContain('NOT_FOUND');
  });
});

describe('files', () => {
  it('uploads, lists, downloads, extracts and removes', async () => {
    const local = path.join(cli.home, 'sales.csv');
    await writeFile(local, 'region,amount\nnorth,10\n');
    const zip = path.join(cli.home, 'bundle.zip');
    await writeFile(
      zip,
      await makeZip([
        { name: 'a.txt', content: 'alpha' },
        { name: 'sub/b.txt', content: 'beta' },
      ]),
    );

    const up = await cli.run(['files', 'upload', local, zip, '--to', 'input', '--json']);
    expect(up.code, up.stderr).toBe(0);
    expect(parsed(up.stdout).map((f: { path: string }) => f.path)).toEqual(['input/sales.csv', 'input/bundle.zip']);

    const ls = await cli.run(['files', 'ls', 'input']);
    expect(ls.stdout).toMatch(/sales\.csv +file +23/);
    const root = parsed((await cli.run(['files', 'ls', '--json'])).stdout);
    expect(root).toEqual([expect.objectContaining({ name: 'input', type: 'directory' })]);

    const toStdout = await cli.run(['files', 'get', 'input/sales.csv', '-']);
    expect(toStdout.stdout).toBe('region,amount\nnorth,10\n');
    const dest = path.join(cli.home, 'copy.csv');
    expect((await cli.run(['files', 'get', 'input/sales.csv', dest])).code).toBe(0);
    expect(await readFile(dest, 'utf8')).toBe('region,amount\nnorth,10\n');

    const extracted = await cli.run(['files', 'extract', 'input/bundle.zip', '--to', 'unpacked', '--json']);
    expect(extracted.code, extracted.stderr).toBe(0);
    expect(parsed(extracted.stdout)).toMatchObject({ extracted_to: 'unpacked', file_count: 2 });
    expect((await cli.run(['files', 'get', 'unpacked/sub/b.txt', '-'])).stdout).toBe('beta');

    expect((await cli.run(['files', 'rm', 'unpacked'])).code).toBe(0);
    const gone = await cli.run(['files', 'get', 'unpacked/sub/b.txt', '-']);
    expect(gone.code).toBe(4);
    expect((await cli.run(['files', 'rm', 'unpacked'])).code).toBe(4);
  });

  it('refuses an unsafe archive with exit 2 and the problem type', async () => {
    const bad = path.join(cli.home, 'bad.zip');
    await writeFile(bad, 'not a zip at all');
    expect((await cli.run(['files', 'upload', bad])).code).toBe(0);
    const res = await cli.run(['files', 'extract', 'bad.zip']);
    expect(res.code).toBe(2);
    expect(res.stderr).toContain('ZIP_INVALID');
  });
});

describe('skills', () => {
  it('creates a draft, lists, gets by id or name and publishes', async () => {
    const instructions = path.join(cli.home, 'instructions.md');
    await writeFile(instructions, 'Be precise.\n');
    const created = await cli.run([
      'skills',
      'create',
      'analyst',
      '--description',
      'Analyses data',
      '--instructions-file',
      instructions,
      '--tool',
      'run_python',
      '--tool',
      'read_file',
      '--draft',
      '--json',
    ]);
    expect(created.code, created.stderr).toBe(0);
    const skill = parsed(created.stdout);
    expect(skill).toMatchObject({ name: 'analyst', instructions: 'Be precise.\n', published_version: null });
    expect(skill.tools.sort()).toEqual(['read_file', 'run_python']);

    const list = await cli.run(['skills', 'list']);
    expect(list.stdout).toMatch(new RegExp(`${skill.id} +analyst +1 +-`));
    expect(parsed((await cli.run(['skills', 'get', 'analyst', '--json'])).stdout).id).toBe(skill.id);

    const published = await cli.run(['skills', 'publish', skill.id, '--json']);
    expect(published.code, published.stderr).toBe(0);
    expect(parsed((await cli.run(['skills', 'get', skill.id, '--json'])).stdout).published_version).toBe(1);

    expect((await cli.run(['skills', 'get', 'no-such-skill'])).code).toBe(4);
    const duplicate = await cli.run(['skills', 'create', 'analyst', '--description', 'again']);
    expect(duplicate.code).toBe(5);
    expect(duplicate.stderr).toContain('SKILL_NAME_EXISTS');
  });
});

describe('schedules', () => {
  it('creates, lists, pauses, resumes and triggers', async () => {
    const skillId = parsed((await cli.run(['skills', 'get', 'analyst', '--json'])).stdout).id;
    const created = await cli.run([
      'schedules',
      'create',
      'nightly',
      '--cron',
      '0 3 * * *',
      '--skill',
      'analyst',
      '--timezone',
      'Europe/Paris',
      '--json',
    ]);
    expect(created.code, created.stderr).toBe(0);
    const schedule = parsed(created.stdout);
    expect(schedule).toMatchObject({ name: 'nightly', skill_id: skillId, timezone: 'Europe/Paris', enabled: true });

    const list = await cli.run(['schedules', 'list']);
    expect(list.stdout).toMatch(new RegExp(`${schedule.id} +nightly +0 3 \\* \\* \\* +Europe/Paris +active`));

    const paused = await cli.run(['schedules', 'pause', schedule.id, '--note', 'holiday', '--json']);
    expect(parsed(paused.stdout)).toMatchObject({ enabled: false, pause_note: 'holiday' });
    const resumed = await cli.run(['schedules', 'resume', schedule.id, '--json']);
    expect(parsed(resumed.stdout)).toMatchObject({ enabled: true });
    const triggered = await cli.run(['schedules', 'trigger', schedule.id, '--json']);
    expect(triggered.code, triggered.stderr).toBe(0);
    expect(parsed(triggered.stdout).triggered).toBe(true);

    const badCron = await cli.run(['schedules', 'create', 'bad', '--cron', '61 * * * *', '--skill', skillId]);
    expect(badCron.code).toBe(2);
    expect(badCron.stderr).toContain('body.cron_expression');
  });
});

describe('API keys', () => {
  it('shows a created key once, lists without secrets, signs in with one, and a revoked key exits 3', async () => {
    const created = await cli.run(['keys', 'create', '--name', 'ci', '--json']);
    expect(created.code, created.stderr).toBe(0);
    const key = parsed(created.stdout);
    expect(key.key).toMatch(/^spk_/);

    const list = await cli.run(['keys', 'list']);
    expect(list.stdout).toMatch(new RegExp(`${key.id} +ci`));
    expect(list.stdout).not.toContain(key.key);

    // The environment variable wins over the stored session.
    const viaEnv = await cli.run(['whoami', '--json'], { env: { SKILLPLANE_API_KEY: key.key } });
    expect(parsed(viaEnv.stdout).email).toBe(email);

    const other = await cliHome(t.url);
    const login = await other.run(['login', '--api-key'], { input: `${key.key}\n` });
    expect(login.code, login.stderr).toBe(0);
    expect(login.stdout + login.stderr).not.toContain(key.key);
    const stored = JSON.parse(await readFile(other.configFile, 'utf8'));
    expect(stored.credential).toEqual({ kind: 'api_key', secret: key.key, email });
    // The key's owner has two workspaces: none is picked for them.
    expect((await other.run(['files', 'ls'])).code).toBe(2);

    expect((await cli.run(['keys', 'revoke', key.id])).code).toBe(0);
    const revoked = await other.run(['whoami']);
    expect(revoked.code).toBe(3);
    expect(revoked.stderr).toContain('API_KEY_INVALID');
    expect((await other.run(['login', '--api-key'], { input: 'spk_live_wrong\n' })).code).toBe(3);
  });
});

describe('logout', () => {
  it('ends the session on the server and forgets it locally', async () => {
    const { secret } = JSON.parse(await readFile(cli.configFile, 'utf8')).credential;
    const res = await cli.run(['logout']);
    expect(res.code).toBe(0);
    const config = JSON.parse(await readFile(cli.configFile, 'utf8'));
    expect(config.credential).toBeUndefined();
    expect(config.api_url).toBe(t.url);
    const stale = await t.fetch('/api/v1/me', { headers: { Authorization: `Bearer ${secret}` } });
    expect(stale.status).toBe(401);
    expect((await cli.run(['whoami'])).code).toBe(3);
  });
});
