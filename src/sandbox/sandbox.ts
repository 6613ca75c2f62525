/**
 * A run's sandbox: a directory of its own (`context/` holds staged inputs, `outputs/` what the run writes) and
 * commands run there as a separate process group with a timeout, CPU and memory limits (ulimit), a scrubbed
 * environment, and no network where `unshare -n` is allowed (root, or user namespaces). Cancelling kills the group.
 */
import { spawn, spawnSync } from 'node:child_process';
import { mkdir } from 'node:fs/promises';
import path from 'node:path';

export interface Sandbox {
  root: string;
  context: string;
  outputs: string;
}

export async function sandboxFor(dataDir: string, runId: string): Promise<Sandbox> {
  const root = path.join(path.resolve(dataDir), 'runs', runId);
  const box = { root, context: path.join(root, 'context'), outputs: path.join(root, 'outputs') };
  await mkdir(box.context, { recursive: true });
  await mkdir(box.outputs, { recursive: true });
  return box;
}

/** Resolves `relative` inside `root`, refusing anything that would leave it. */
export function confine(root: string, relative: string): string {
  if (relative.includes('\0')) throw new Error('path contains a NUL byte');
  const resolved = path.resolve(root, relative.replace(/^\/+/, ''));
  if (resolved !== root && !resolved.startsWith(`${root}${path.sep}`))
    throw new Error(`path ${relative} leaves the sandbox`);
  return resolved;
}

let networkIsolation: boolean | undefined;
/** Whether `unshare -n` works here (checked once). */
export function canIsolateNetwork(): boolean {
  networkIsolation ??= spawnSync('unshare', ['-n', 'true'], { stdio: 'ignore' }).status === 0;
  return networkIsolation;
}

export interface CommandResult {
  exitCode: number | null;
  signal: string | null;
  output: string;
  timedOut: boolean;
  cancelled: boolean;
}

export interface CommandLimits {
  timeoutMs: number;
  cpuSeconds: number;
  memoryMb: number;
}

const MAX_OUTPUT = 256 * 1024;

export function runInSandbox(
  box: Sandbox,
  command: readonly string[],
  limits: CommandLimits,
  { signal, onOutput }: { signal?: AbortSignal; onOutput?: (chunk: string) => void } = {},
): Promise<CommandResult> {
  const isolate = canIsolateNetwork() ? ['unshare', '-n'] : [];
  const script = `ulimit -t ${limits.cpuSeconds}; ulimit -v ${limits.memoryMb * 1024}; exec "$@"`;
  const child = spawn('sh', ['-c', script, 'sandbox', ...isolate, ...command], {
    cwd: box.root,
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { PATH: '/usr/local/bin:/usr/bin:/bin', HOME: box.root, LANG: 'C.UTF-8', PYTHONDONTWRITEBYTECODE: '1' },
  });
  let output = '';
  const collect = (chunk: Buffer) => {
    const text = chunk.toString('utf8');
    output = (output + text).slice(-MAX_OUTPUT);
    onOutput?.(text);
  };
  child.stdout.on('data', collect);
  child.stderr.on('data', collect);
  let timedOut = false;
  let cancelled = false;
  const killGroup = () => {
    try {
      if (child.pid) process.kill(-child.pid, 'SIGKILL');
    } catch {}
  };
  const timer = setTimeout(() => {
    timedOut = true;
    killGroup();
  }, limits.timeoutMs);
  const onAbort = () => {
    cancelled = true;
    killGroup();
  };
  signal?.addEventListener('abort', onAbort, { once: true });
  return new Promise((resolve, reject) => {
    child.once('error', reject);
    child.once('close', (exitCode, sig) => {
      clearTimeout(timer);
      signal?.removeEventListener('abort', onAbort);
      resolve({ exitCode, signal: sig, output, timedOut, cancelled });
    });
  });
}
