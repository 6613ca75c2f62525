/**
 * Runs `temporal server start-dev` with SQLite persistence (`--db-filename`), so workflows and schedules survive a
 * restart. The server runs under a small `sh` guard that kills it when our stdin pipe closes: if this process dies,
 * even by SIGKILL, the pipe closes and the server goes with it, leaving no orphan.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { Connection } from '@temporalio/client';

export interface RunningTemporal {
  address: string;
  uiUrl: string | null;
  /** The process group of the guard and the server (tests stop and continue it to simulate an outage). */
  processGroup: number;
  stop(): Promise<void>;
}

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
  const args = ['server', 'start-dev', '--db-filename', dbFile, '--port', String(port), '--ip', '127.0.0.1'];
  args.push('--namespace', namespace, '--log-level', 'warn');
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
  return {
    address,
    uiUrl: uiPort === null ? null : `http://127.0.0.1:${uiPort}`,
    processGroup: child.pid!,
    stop: () => stop(child, exited),
  };
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
