/**
 * Runs `temporal server start-dev` with SQLite persistence (`--db-filename`), so workflows and schedules survive a
 * restart. The server runs under a small `sh` guard that kills it when our stdin pipe closes: if this process dies,
 * even by SIGKILL, the pipe closes and the server goes with it, leaving no orphan. The SQLite file holds every
 * tenant's workflow inputs, so it is made 0600 (with its -wal and -shm files) inside a private directory.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { chmod } from 'node:fs/promises';
import path from 'node:path';
import { Connection } from '@temporalio/client';
import { makePrivateDir, PRIVATE_FILE_MODE } from '../lib/private-fs.ts';

export interface RunningTemporal {
  address: string;
  uiUrl: string | null;
  /** The process group of the guard and the server (tests stop and continue it to simulate an outage). */
  processGroup: number;
  stop(): Promise<void>;
}

/**
 * Dynamic config of the embedded server (and of the test containers'); a production cluster sets these keys in its
 * own dynamic config.
 * - Eager activity execution: an activity scheduled by a workflow task goes back to the worker with the task's
 *   completion instead of through the task queue, saving a dispatch and a persistence round trip per step (a run's
 *   model step, for one). Same history, retries and timeouts.
 * - History's queue readers poll for new transfer (task dispatch) and visibility tasks at most 20 times a second by
 *   default, so once the first few tasks have used the rate limiter's burst, every workflow or activity task
 *   waited ~40 ms before it reached matching: 4 no-op activities took ~450 ms end to end instead of ~80 ms. The
 *   readers are woken by every new task, so a higher ceiling only lets them keep up with the tasks.
 */
export const DEV_SERVER_TUNING = [
  '--dynamic-config-value',
  'system.enableActivityEagerExecution=true',
  '--dynamic-config-value',
  'history.transferProcessorMaxPollRPS=1000',
  '--dynamic-config-value',
  'history.visibilityProcessorMaxPollRPS=1000',
];

const GUARD = '"$0" "$@" & server=$!; read _ignored; kill $server 2>/dev/null; wait $server';

export async function startTemporalDevServer({
  cliPath,
  dbFile,
  port,
  uiPort,
  namespace,
  log = () => {},
  readyTimeoutMs = 60_000,
}: {
  cliPath: string;
  dbFile: string;
  port: number;
  uiPort: number | null;
  namespace: string;
  log?: (line: string) => void;
  readyTimeoutMs?: number;
}): Promise<RunningTemporal> {
  // The directory first: SQLite creates its files with the server's umask, so until the chmod below only the private
  // directory keeps other users out.
  await makePrivateDir(path.dirname(path.resolve(dbFile)));
  const args = ['server', 'start-dev', '--db-filename', dbFile, '--port', String(port), '--ip', '127.0.0.1'];
  args.push('--namespace', namespace, '--log-level', 'warn');
  args.push(...DEV_SERVER_TUNING);
  if (uiPort === null) args.push('--headless');
  else args.push('--ui-port', String(uiPort));
  const child = spawn('sh', ['-c', GUARD, cliPath, ...args], { stdio: ['pipe', 'pipe', 'pipe'], detached: true });
  let output = '';
  const collect = (chunk: Buffer) => {
    const text = chunk.toString();
    output = (output + text).slice(-8000);
    for (const line of text.split('\n')) if (line.trim()) log(line);
  };
  child.stdout?.on('data', collect);
  child.stderr?.on('data', collect);
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));

  const address = `127.0.0.1:${port}`;
  try {
    await waitUntilReady(address, namespace, readyTimeoutMs, exited);
  } catch (err) {
    await stop(child, exited);
    throw new Error(`Temporal dev server did not become ready on ${address}: ${(err as Error).message}\n${output}`);
  }
  await makeDatabasePrivate(dbFile);
  return {
    address,
    uiUrl: uiPort === null ? null : `http://127.0.0.1:${uiPort}`,
    processGroup: child.pid!,
    stop: () => stop(child, exited),
  };
}

/** SQLite gives -wal, -shm and -journal files its database file's mode when it creates them; ones that exist are fixed here. */
async function makeDatabasePrivate(dbFile: string): Promise<void> {
  for (const file of [dbFile, `${dbFile}-wal`, `${dbFile}-shm`, `${dbFile}-journal`]) {
    await chmod(file, PRIVATE_FILE_MODE).catch((err: NodeJS.ErrnoException) => {
      if (err.code !== 'ENOENT') throw err;
    });
  }
}

async function waitUntilReady(address: string, namespace: string, timeoutMs: number, exited: Promise<number | null>) {
  const deadline = Date.now() + timeoutMs;
  let gone = false;
  void exited.then(() => {
    gone = true;
  });
  let lastError: unknown;
  while (Date.now() < deadline && !gone) {
    try {
      const connection = await Connection.connect({ address, connectTimeout: 1000 });
      try {
        await connection.workflowService.describeNamespace({ namespace });
        return;
      } finally {
        await connection.close();
      }
    } catch (err) {
      lastError = err;
      await new Promise((r) => setTimeout(r, 250));
    }
  }
  throw new Error(gone ? 'the server exited' : `timed out (${String(lastError)})`);
}

async function stop(child: ChildProcess, exited: Promise<number | null>): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  child.stdin?.end();
  const timer = setTimeout(() => {
    try {
      if (child.pid) process.kill(-child.pid, 'SIGKILL');
    } catch {}
  }, 10_000);
  await exited;
  clearTimeout(timer);
}
