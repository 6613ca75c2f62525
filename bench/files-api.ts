/**
 * The API as its own process (`src/server.ts`) for the files benchmark, with curl as its client: a native client
 * leaves the machine's CPU to the server, and the API's memory is measured alone (its peak RSS, VmHWM, is reset
 * through /proc/<pid>/clear_refs before a transfer and read after it).
 */
import { spawn } from 'node:child_process';
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { projectRoot } from '../src/config.ts';
import { freePort } from '../src/dev/free-port.ts';

/**
 * Runs a command to its end and returns what it printed and how long it took. Asynchronously: versitygw logs every
 * request to a pipe the benchmark reads, and a blocked event loop would let that pipe fill and stall the server.
 */
export async function runCommand(command: string, args: string[], env: Record<string, string> = {}) {
  const started = process.hrtime.bigint();
  const child = spawn(command, args, { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d) => {
    stdout += d;
  });
  child.stderr.on('data', (d) => {
    stderr += d;
  });
  const status = await new Promise((resolve) => child.once('close', resolve));
  if (status !== 0) throw new Error(`${command} ${args.join(' ')} exited with ${status}: ${stderr}`);
  return { stdout, seconds: Number(process.hrtime.bigint() - started) / 1e9 };
}

const admin = { email: 'bench@example.com', password: 'benchmark password' };

export interface BenchApi {
  /** Runs curl with the API's token; `status` is the HTTP status, `body` what curl printed before it. */
  curl(...args: string[]): Promise<{ status: number; body: string; seconds: number }>;
  url(pathname: string): string;
  workspaceId: string;
  /** Resets the peak RSS; the function it returns gives the peak's growth since, in MiB. */
  watchPeak(): Promise<() => Promise<number>>;
  /** The CPU time the API process has used so far, in seconds: user (its own code) and system (the kernel on its
   * behalf). */
  cpuSplit(): Promise<{ user: number; system: number }>;
  stop(): Promise<void>;
}

export async function startBenchApi(env: Record<string, string>): Promise<BenchApi> {
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  const api = spawn(process.execPath, [path.join(projectRoot, 'src/server.ts')], {
    env: {
      ...process.env,
      ...env,
      PORT: String(port),
      LOG_LEVEL: 'error',
      SKILLPLANE_ADMIN_EMAIL: admin.email,
      SKILLPLANE_ADMIN_PASSWORD: admin.password,
    },
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  const exited = new Promise((resolve) => api.once('exit', resolve));
  const stop = async () => {
    api.kill('SIGTERM');
    await exited;
  };
  try {
    for (let i = 0; ; i++) {
      const up = await fetch(`${base}/openapi.json`).then(
        (r) => r.ok,
        () => false,
      );
      if (up) break;
      if (i > 600 || api.exitCode !== null) throw new Error('the API did not start');
      await new Promise((r) => setTimeout(r, 100));
    }
    const call = async (url: string, body: unknown, token?: string) => {
      const res = await fetch(`${base}${url}`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', ...(token ? { Authorization: `Bearer ${token}` } : {}) },
        body: JSON.stringify(body),
      });
      return (await res.json()) as Record<string, string>;
    };
    const { token } = await call('/api/v1/auth/sessions', admin);
    const workspaceId = (await call('/api/v1/workspaces', { name: 'Bench' }, token))!.id!;
    const cpuSplit = async () => {
      // utime and stime, the 14th and 15th fields, in clock ticks (100 a second on Linux); the name may hold spaces.
      const fields = (await readFile(`/proc/${api.pid}/stat`, 'utf8')).split(') ')[1]!.split(' ');
      return { user: Number(fields[11]) / 100, system: Number(fields[12]) / 100 };
    };
    const kib = async (field: 'VmRSS' | 'VmHWM') => {
      const status = await readFile(`/proc/${api.pid}/status`, 'utf8');
      return Number(new RegExp(`${field}:\\s+(\\d+)`).exec(status)?.[1] ?? Number.NaN);
    };
    return {
      workspaceId,
      url: (pathname) => `${base}${pathname}`,
      async curl(...args) {
        const res = await runCommand('curl', [
          '-sS',
          '-H',
          `Authorization: Bearer ${token}`,
          '-w',
          '\n%{http_code}',
          ...args,
        ]);
        const lines = res.stdout.trimEnd().split('\n');
        return { status: Number(lines.pop()), body: lines.join('\n'), seconds: res.seconds };
      },
      async watchPeak() {
        await writeFile(`/proc/${api.pid}/clear_refs`, '5');
        const before = await kib('VmRSS');
        return async () => ((await kib('VmHWM')) - before) / 1024;
      },
      cpuSplit,
      stop,
    };
  } catch (err) {
    await stop();
    throw err;
  }
}
