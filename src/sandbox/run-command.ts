/**
 * Runs one command of a run confined (see bwrap.ts) with a wall-clock timeout, and watches the run's disk use while
 * it runs: past the run's budget the command is killed. Killing the process group ends bubblewrap, whose PID
 * namespace takes every process the command started with it (background and `setsid` ones included).
 */
import { spawn } from 'node:child_process';
import { confinedArgv, type SandboxLimits, sandboxEnv } from './bwrap.ts';
import { diskUsage, type Sandbox } from './sandbox.ts';

export interface CommandResult {
  exitCode: number | null;
  signal: string | null;
  output: string;
  timedOut: boolean;
  cancelled: boolean;
  /** The run went over its disk budget (bytes or number of files). */
  diskExceeded: boolean;
}

const MAX_OUTPUT = 256 * 1024;
const MAX_STREAMED = 1024 * 1024;
const DISK_CHECK_MS = 250;

/** Bytes and entries the run keeps (work + outputs), against its budget. */
export async function runDiskUse(box: Sandbox, limits: SandboxLimits) {
  const [work, outputs] = await Promise.all([diskUsage(box.work), diskUsage(box.outputs)]);
  const bytes = work.bytes + outputs.bytes;
  const entries = work.entries + outputs.entries;
  return { bytes, entries, over: bytes > limits.diskBytes || entries > limits.maxFiles };
}

export async function runInSandbox(
  bwrap: string,
  box: Sandbox,
  command: readonly string[],
  limits: SandboxLimits,
  {
    signal,
    onOutput,
    stdin,
  }: {
    signal?: AbortSignal;
    onOutput?: (chunk: string, stream: 'stdout' | 'stderr') => void;
    stdin?: string;
  } = {},
): Promise<CommandResult> {
  const before = await runDiskUse(box, limits);
  if (before.over)
    return { exitCode: null, signal: null, output: '', timedOut: false, cancelled: false, diskExceeded: true };
  const argv = confinedArgv(bwrap, box, limits, command, limits.diskBytes - before.bytes);
  const child = spawn(argv[0]!, argv.slice(1), {
    detached: true,
    stdio: [stdin === undefined ? 'ignore' : 'pipe', 'pipe', 'pipe'],
    env: sandboxEnv,
    cwd: '/',
  });
  if (stdin !== undefined) {
    child.stdin?.on('error', () => {});
    child.stdin?.end(stdin);
  }
  let output = '';
  let streamed = 0;
  const collect = (stream: 'stdout' | 'stderr') => (chunk: Buffer) => {
    const text = chunk.toString('utf8');
    output = (output + text).slice(-MAX_OUTPUT);
    // A command that floods its output must not flood the run's event log (and the database) with it.
    if (streamed < MAX_STREAMED) {
      streamed += chunk.length;
      onOutput?.(
        streamed < MAX_STREAMED ? text : `${text}\n[output past ${MAX_STREAMED} bytes is not streamed]\n`,
        stream,
      );
    }
  };
  child.stdout?.on('data', collect('stdout'));
  child.stderr?.on('data', collect('stderr'));
  let timedOut = false;
  let cancelled = false;
  let diskExceeded = false;
  const killGroup = () => {
    try {
      if (child.pid) process.kill(-child.pid, 'SIGKILL');
    } catch {}
  };
  const timer = setTimeout(() => {
    timedOut = true;
    killGroup();
  }, limits.timeoutMs);
  let checking = false;
  const watchdog = setInterval(() => {
    if (checking) return;
    checking = true;
    void runDiskUse(box, limits)
      .then((use) => {
        if (use.over) {
          diskExceeded = true;
          killGroup();
        }
      })
      .finally(() => {
        checking = false;
      });
  }, DISK_CHECK_MS);
  const onAbort = () => {
    cancelled = true;
    killGroup();
  };
  signal?.addEventListener('abort', onAbort, { once: true });
  if (signal?.aborted) onAbort();
  const [exitCode, sig] = await new Promise<[number | null, string | null]>((resolve, reject) => {
    child.once('error', reject);
    child.once('close', (code, s) => resolve([code, s]));
  }).finally(() => {
    clearTimeout(timer);
    clearInterval(watchdog);
    signal?.removeEventListener('abort', onAbort);
  });
  if (!diskExceeded) diskExceeded = (await runDiskUse(box, limits)).over;
  return { exitCode, signal: sig, output, timedOut, cancelled, diskExceeded };
}
