/**
 * Data at rest and the embedded services are private to the service's own user: the embedded PostgreSQL has a random
 * password kept 0600 and no unix socket, blobs and run files are 0600 in 0700 directories, temporal.db is 0600, and
 * the sandbox's bubblewrap is found the documented way. Where the tests run as root, another user (nobody) is shown
 * to be locked out for real, not only by the mode bits.
 */
import { spawnSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import {
  chmod,
  chown,
  mkdir,
  mkdtemp,
  readdir,
  readFile,
  rm,
  stat,
  symlink,
  unlink,
  writeFile,
} from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureBubblewrap, findBubblewrap } from '../src/dev/bubblewrap.ts';
import { type RunningPostgres, startEmbeddedPostgres } from '../src/dev/embedded-postgres.ts';
import { freePort } from '../src/dev/free-port.ts';
import { ensureTemporalCli } from '../src/dev/temporal-cli.ts';
import { startTemporalDevServer } from '../src/dev/temporal-dev-server.ts';
import { preparePrivateDataDir } from '../src/lib/private-fs.ts';
import type { FakeLlm } from './support/fake-llm.ts';
import { auth } from './support/identity.ts';
import { putWorkspaceFile, type RunWorld, runWorld, startRun, waitForStatus } from './support/runs.ts';
import { json, type TestApp } from './support/test-app.ts';
import { createTestAppWithModel } from './support/test-app-with-model.ts';

const asRoot = process.getuid?.() === 0;
const modeOf = async (p: string) => (await stat(p)).mode & 0o7777;
const passwordOf = (running: RunningPostgres) => decodeURIComponent(new URL(running.url).password);

/** Whether user `nobody` can run `command` (run as root only: that is what switching users needs). */
function nobodyCan(command: string[]): boolean {
  const result = spawnSync('setpriv', ['--reuid=65534', '--regid=65534', '--clear-groups', ...command], {
    stdio: 'ignore',
  });
  return result.status === 0;
}

async function connect(port: number, password: string): Promise<pg.Client> {
  const client = new pg.Client({ host: '127.0.0.1', port, user: 'postgres', password, database: 'postgres' });
  try {
    await client.connect();
  } catch (err) {
    await client.end().catch(() => {});
    throw err;
  }
  return client;
}

async function refusedCode(port: number, password: string): Promise<string | undefined> {
  try {
    await (await connect(port, password)).end();
    return undefined;
  } catch (err) {
    return (err as { code?: string }).code;
  }
}

let scratch: string;
beforeAll(async () => {
  scratch = await mkdtemp(path.join(os.tmpdir(), 'skillplane-privacy-'));
});
afterAll(async () => {
  await rm(scratch, { recursive: true, force: true });
});

describe('embedded PostgreSQL', () => {
  it('gets a random password per data directory, kept 0600 and reused; `postgres` is refused; no unix socket', async () => {
    const [portA, portB] = [await freePort(), await freePort()];
    const dirA = path.join(scratch, 'a', 'pg');
    const dirB = path.join(scratch, 'b', 'pg');
    let a = await startEmbeddedPostgres({ dataDir: dirA, port: portA });
    const b = await startEmbeddedPostgres({ dataDir: dirB, port: portB });
    try {
      const fileA = path.join(dirA, 'skillplane-password');
      expect(await modeOf(fileA)).toBe(0o600);
      expect(await modeOf(path.join(dirB, 'skillplane-password'))).toBe(0o600);
      const stored = (await readFile(fileA, 'utf8')).trim();
      expect(stored).toBe(passwordOf(a));
      expect(stored).toMatch(/^[A-Za-z0-9_-]{43}$/);
      expect(passwordOf(b)).not.toBe(stored);

      expect(await refusedCode(portA, 'postgres')).toBe('28P01');
      expect(await refusedCode(portA, passwordOf(b))).toBe('28P01');
      const client = await connect(portA, stored);
      const settings = await client.query<{ name: string; setting: string }>(
        "SELECT name, setting FROM pg_settings WHERE name IN ('listen_addresses', 'unix_socket_directories')",
      );
      await client.end();
      expect(Object.fromEntries(settings.rows.map((r) => [r.name, r.setting]))).toEqual({
        listen_addresses: '127.0.0.1',
        unix_socket_directories: '',
      });
      for (const dir of [os.tmpdir(), '/tmp', '/var/run/postgresql', dirA]) {
        expect(existsSync(path.join(dir, `.s.PGSQL.${portA}`))).toBe(false);
      }
      // The data directory and the directory holding it are closed to other users.
      expect((await modeOf(dirA)) & 0o077).toBe(0);
      expect((await modeOf(path.dirname(dirA))) & 0o067).toBe(0);

      await a.stop();
      a = await startEmbeddedPostgres({ dataDir: dirA, port: portA });
      expect(passwordOf(a)).toBe(stored);
      expect((await readFile(fileA, 'utf8')).trim()).toBe(stored);
    } finally {
      await Promise.all([a.stop(), b.stop()]);
    }
  });

  it('replaces the old fixed password of an existing data directory, and refuses a tampered password file', async () => {
    const port = await freePort();
    const dir = path.join(scratch, 'legacy', 'pg');
    const first = await startEmbeddedPostgres({ dataDir: dir, port });
    // Make it what an older version left behind: password `postgres`, no password file.
    const client = await connect(port, passwordOf(first));
    await client.query("ALTER USER postgres PASSWORD 'postgres'");
    await client.end();
    await first.stop();
    await unlink(path.join(dir, 'skillplane-password'));

    const lines: string[] = [];
    const rotated = await startEmbeddedPostgres({ dataDir: dir, port, log: (l) => lines.push(l) });
    try {
      expect(lines.some((l) => l.includes('replaced the embedded PostgreSQL superuser password'))).toBe(true);
      const stored = (await readFile(path.join(dir, 'skillplane-password'), 'utf8')).trim();
      expect(stored).toBe(passwordOf(rotated));
      expect(stored).not.toBe('postgres');
      expect(await refusedCode(port, 'postgres')).toBe('28P01');
      expect(await refusedCode(port, stored)).toBeUndefined();
    } finally {
      await rotated.stop();
    }

    await writeFile(path.join(dir, 'skillplane-password'), 'guessed-by-an-attacker\n');
    await expect(startEmbeddedPostgres({ dataDir: dir, port })).rejects.toThrow(/accepts neither the password/);
    // It stopped the server it started: the port is free for another start.
    await writeFile(path.join(dir, 'skillplane-password'), `${passwordOf(rotated)}\n`);
    const again = await startEmbeddedPostgres({ dataDir: dir, port });
    await again.stop();
  });
});

describe('embedded PostgreSQL module', () => {
  it('keeps the exit code a process set (its exit hook used to turn every failing `vitest run` into exit 0)', () => {
    const script = `import('${path.resolve('src/dev/embedded-postgres.ts')}').then(() => { process.exitCode = 3; })`;
    const child = spawnSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8' });
    expect(child.stderr).toBe('');
    expect(child.status).toBe(3);
  });
});

describe('data directory', () => {
  it('tightens a data directory left with loose modes, keeping only a granted group search bit', async () => {
    const dataDir = path.join(scratch, 'loose');
    await mkdir(path.join(dataDir, 'files', 'ws_1'), { recursive: true, mode: 0o777 });
    await mkdir(path.join(dataDir, 'runs'), { recursive: true, mode: 0o777 });
    await chmod(dataDir, 0o757);
    await chmod(path.join(dataDir, 'files'), 0o777);
    await preparePrivateDataDir(dataDir);
    expect(await modeOf(dataDir)).toBe(0o700);
    expect(await modeOf(path.join(dataDir, 'files'))).toBe(0o700);
    expect(await modeOf(path.join(dataDir, 'runs'))).toBe(0o700);

    if (!asRoot) return;
    // As root the embedded PostgreSQL's user reaches its data directory through the group search bit only.
    await chown(dataDir, 0, 65534);
    await chmod(dataDir, 0o775);
    await preparePrivateDataDir(dataDir);
    expect(await modeOf(dataDir)).toBe(0o710);
  });
});

describe('files and runs through the API', () => {
  let t: TestApp;
  let llm: FakeLlm;
  let w: RunWorld;
  beforeAll(async () => {
    ({ t, llm } = await createTestAppWithModel());
    w = await runWorld(t, ['read_file']);
  });
  afterAll(async () => {
    await t?.close();
  });

  it('stores an uploaded blob 0600 in 0700 directories', async () => {
    await putWorkspaceFile(w, 'secret/plan.txt', 'tenant A only');
    const dataDir = t.config.SKILLPLANE_DATA_DIR;
    const file = await t.deps.prisma.file.findFirstOrThrow({ where: { workspaceId: w.ws, path: 'secret/plan.txt' } });
    const blob = path.join(dataDir, 'files', w.ws, file.storageKey);
    expect(await readFile(blob, 'utf8')).toBe('tenant A only');
    expect(await modeOf(blob)).toBe(0o600);
    for (const dir of [dataDir, path.join(dataDir, 'files'), path.join(dataDir, 'files', w.ws)]) {
      expect(await modeOf(dir)).toBe(0o700);
    }
    expect(await modeOf(path.join(dataDir, 'files', '.tmp'))).toBe(0o700);
    if (asRoot) {
      expect(nobodyCan(['cat', blob])).toBe(false);
      expect(nobodyCan(['ls', path.join(dataDir, 'files')])).toBe(false);
    }
  });

  it("keeps a run's directory out of other users' reach, its staged context 0600 in 0700 directories", async () => {
    await putWorkspaceFile(w, 'data/ledger.csv', 'account,amount\nA,1\n');
    const m = `privacy-${randomUUID()}`;
    // The run waits for an answer, so its sandbox is still there to inspect (it is removed when a run ends).
    llm.script(m, [{ toolCalls: [{ name: 'ask_user', arguments: { question: 'Go on?' } }] }, { text: 'Done.' }]);
    const res = await startRun(w, { instructions: `Look. ${m}`, context_paths: ['data'] });
    expect(res.status).toBe(202);
    const { run_id } = await json(res);
    expect((await waitForStatus(w, run_id, ['waiting', 'failed'])).status).toBe('waiting');

    const runs = path.join(t.config.SKILLPLANE_DATA_DIR, 'runs');
    const staged = path.join(runs, run_id, 'context', 'data', 'ledger.csv');
    expect(await readFile(staged, 'utf8')).toContain('A,1');
    expect(await modeOf(runs)).toBe(0o700);
    expect(await modeOf(staged)).toBe(0o600);
    expect(await modeOf(path.dirname(staged))).toBe(0o700);
    expect(await readdir(runs)).toContain(run_id);
    if (asRoot) {
      expect(nobodyCan(['ls', runs])).toBe(false);
      expect(nobodyCan(['cat', staged])).toBe(false);
      expect(nobodyCan(['ls', path.join(runs, run_id)])).toBe(false);
    }
    const cancel = await t.fetch(`/api/v1/skill-runs/${run_id}/cancel`, {
      method: 'POST',
      headers: auth(w.owner.session),
    });
    expect(cancel.status).toBeLessThan(300);
    await waitForStatus(w, run_id, ['cancelled']);
    // The sandbox goes right after the run is marked over.
    await expect.poll(() => readdir(runs), { timeout: 10_000 }).not.toContain(run_id);
  });
});

describe('Temporal dev server', () => {
  it('leaves temporal.db 0600 in a 0700 directory, also when an older version left them open', async () => {
    const cliPath = await ensureTemporalCli({ explicitPath: process.env.TEMPORAL_CLI_PATH });
    const dir = path.join(scratch, 'temporal');
    const dbFile = path.join(dir, 'temporal.db');
    const start = async () =>
      startTemporalDevServer({ cliPath, dbFile, port: await freePort(), uiPort: null, namespace: 'default' });

    const first = await start();
    try {
      expect(await modeOf(dbFile)).toBe(0o600);
      expect(await modeOf(dir)).toBe(0o700);
    } finally {
      await first.stop();
    }

    await chmod(dbFile, 0o644);
    await chmod(dir, 0o755);
    const second = await start();
    try {
      expect(await modeOf(dbFile)).toBe(0o600);
      expect(await modeOf(dir)).toBe(0o700);
      for (const extra of ['-wal', '-shm', '-journal']) {
        if (existsSync(dbFile + extra)) expect(await modeOf(dbFile + extra)).toBe(0o600);
      }
      if (asRoot) expect(nobodyCan(['cat', dbFile])).toBe(false);
    } finally {
      await second.stop();
    }
  });
});

describe('bubblewrap', () => {
  it('finds the installed bwrap on PATH', async () => {
    const which = spawnSync('sh', ['-c', 'command -v bwrap'], { encoding: 'utf8' }).stdout.trim();
    expect(which).not.toBe('');
    expect(await ensureBubblewrap()).toBe(which);
    expect(await findBubblewrap()).toEqual({ path: which, version: expect.stringMatching(/^bubblewrap \d/) });
  });

  it('uses an explicit path as given, and never swaps a broken one for another bwrap', async () => {
    const which = spawnSync('sh', ['-c', 'command -v bwrap'], { encoding: 'utf8' }).stdout.trim();
    const linked = path.join(scratch, 'my-bwrap');
    await symlink(which, linked);
    expect(await ensureBubblewrap({ explicitPath: linked })).toBe(linked);

    const logged: string[] = [];
    const missing = path.join(scratch, 'no-such-bwrap');
    expect(await ensureBubblewrap({ explicitPath: missing, log: (l) => logged.push(l) })).toBeUndefined();
    expect(logged.join('\n')).toContain(`SANDBOX_BWRAP_PATH=${missing}`);
    // Something that runs but is not bubblewrap is not taken for it.
    expect(await findBubblewrap({ explicitPath: '/bin/true' })).toEqual({
      unavailable: expect.stringContaining('/bin/true'),
    });
    const script = path.join(scratch, 'fake-bwrap');
    // Not executable: what it would print does not matter.
    await writeFile(script, '#!/bin/sh\necho "bubblewrap 9.9.9"\n', { mode: 0o644 });
    expect(await ensureBubblewrap({ explicitPath: script })).toBeUndefined();
  });

  it.runIf(asRoot)(
    'installs bubblewrap with apt-get when bwrap is not on PATH, updating the lists only on failure',
    async () => {
      // A PATH of our own: `sh` and `env`, and an apt-get that fails to install until its lists are updated, then
      // "installs" by linking the real bwrap in. The flow is real, the system's packages are left alone.
      const bin = path.join(scratch, 'fake-bin');
      await mkdir(bin);
      const real = (name: string) => spawnSync('sh', ['-c', `command -v ${name}`], { encoding: 'utf8' }).stdout.trim();
      for (const name of ['sh', 'env', 'ln', 'touch', 'cat']) await symlink(real(name), path.join(bin, name));
      await writeFile(
        path.join(bin, 'apt-get'),
        [
          '#!/bin/sh',
          `echo "umask $(umask) $*" >> ${bin}/apt.log`,
          `if [ "$1" = update ]; then touch ${bin}/updated; exit 0; fi`,
          `[ -e ${bin}/updated ] || { echo "E: Unable to locate package bubblewrap" >&2; exit 100; }`,
          `ln -s ${real('bwrap')} ${bin}/bwrap`,
        ].join('\n'),
        { mode: 0o755 },
      );
      const script = `import('${path.resolve('src/dev/bubblewrap.ts')}').then((m) => m.findBubblewrap({ log: console.error }))
      .then((r) => console.log(JSON.stringify(r)))`;
      const child = spawnSync(process.execPath, ['--input-type=module', '-e', `process.umask(0o077); ${script}`], {
        env: { PATH: bin },
        encoding: 'utf8',
      });
      expect(child.stderr).toContain('apt-get install failed; updating the package lists');
      expect(JSON.parse(child.stdout)).toEqual({
        path: path.join(bin, 'bwrap'),
        version: expect.stringMatching(/^bubblewrap /),
      });
      expect((await readFile(path.join(bin, 'apt.log'), 'utf8')).trim().split('\n')).toEqual([
        'umask 0022 install -y -q bubblewrap',
        'umask 0022 update -q',
        'umask 0022 install -y -q bubblewrap',
      ]);
    },
  );
});
