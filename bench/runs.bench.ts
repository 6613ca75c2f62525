/**
 * Run orchestration against its floor, in one run: PostgreSQL and a Temporal dev server, then each part as its own
 * process — the API (src/server.ts), Skillplane's worker (workflows/main.ts), the floor's worker
 * (bench/runs/floor-worker.ts: workflows of 4 no-op activities, same SDK, same server, same worker tuning), the
 * scripted model (answers at once) and the load generator (bench/runs/load.ts), which prints the figures, the ratio
 * last.
 *   node bench/runs.bench.ts [burst size, default 200] [single runs, default 30] [burst rounds, default 2]
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { createUser, signIn } from '../src/auth/users.ts';
import { createPrisma } from '../src/db/client.ts';
import { freePort } from '../src/dev/free-port.ts';
import { benchServices } from './services.ts';

const [burst = 200, single = 30, rounds = 2] = process.argv.slice(2).map(Number);
const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
const marker = 'bench-marker';
const floorTaskQueue = 'bench-floor';
const services = await benchServices();
const children: ChildProcess[] = [];
/** The parts' pids by name, for the load generator's CPU accounting. */
const pids: Record<string, number> = { ...services.pids };
let crash: (err: Error) => void = () => {};
/** Rejects when any part exits before the end: the benchmark stops instead of waiting forever. */
const crashed = new Promise<never>((_, reject) => {
  crash = reject;
});

/** Starts `entry` as a process with `env`; resolves with its first stdout line matching `ready` (at once without). */
function start(name: string, entry: string, env: Record<string, string>, ready?: RegExp): Promise<string> {
  const child = spawn(process.execPath, [...cpuProf(name), path.join(root, entry)], {
    cwd: root,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  children.push(child);
  pids[name] = child.pid!;
  child.once('exit', (code) => crash(new Error(`${entry} exited (${code})`)));
  return new Promise((resolve) => {
    let waiting = ready !== undefined;
    if (!waiting) resolve('');
    createInterface({ input: child.stdout! }).on('line', (line) => {
      if (waiting && ready?.test(line)) {
        waiting = false;
        resolve(line);
        // The health checks while the worker starts are expected 503s, not news.
      } else if (!line.includes('"path":"/api/v1/health"')) console.error(`[${entry}] ${line}`);
    });
  });
}

try {
  await Promise.race([crashed, main()]);
} finally {
  for (const child of children) {
    child.removeAllListeners('exit');
    if (child.exitCode === null) child.kill('SIGTERM');
  }
  await Promise.all(children.map((c) => (c.exitCode === null ? new Promise((r) => c.once('exit', r)) : undefined)));
  await services.stop();
}

async function main() {
  const model = JSON.parse(
    (await start('model', 'bench/runs/fake-model.ts', { BENCH_MARKER: marker }, /baseUrl/))!,
  ) as {
    baseUrl: string;
  };
  const port = await freePort();
  const env = {
    DATABASE_URL: services.databaseUrl,
    TEMPORAL_ADDRESS: services.temporalAddress,
    SKILLPLANE_DATA_DIR: services.dataDir,
    LOG_LEVEL: 'warn',
    PORT: String(port),
    OPENAI_BASE_URL: model.baseUrl,
    OPENAI_API_KEY: 'bench',
    MAX_CONCURRENT_RUNS: '100000',
    RATE_LIMIT_DEFAULT_PER_MINUTE: '100000000',
    RATE_LIMIT_SKILL_RUNS_PER_MINUTE: '100000000',
  };
  void start('api', 'src/server.ts', env);
  void start('worker', 'workflows/main.ts', env);
  await start('floor worker', 'bench/runs/floor-worker.ts', { ...env, FLOOR_TASK_QUEUE: floorTaskQueue }, /polling/);
  const apiUrl = `http://127.0.0.1:${port}`;
  await until(async () => (await fetch(`${apiUrl}/api/v1/health`).catch(() => undefined))?.ok === true);

  const prisma = createPrisma(services.databaseUrl);
  await prisma.$executeRawUnsafe('CREATE EXTENSION IF NOT EXISTS pg_stat_statements');
  await createUser(prisma, { email: 'bench@example.com', password: 'benchmark password' });
  const session = await signIn(prisma, 'bench@example.com', 'benchmark password', 1);
  await prisma.$disconnect();
  const post = async (route: string, body: unknown) => {
    const res = await fetch(`${apiUrl}${route}`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${session.token}`, 'Content-Type': 'application/json' },
      body: JSON.stringify(body),
    });
    return (await res.json()) as { id: string };
  };
  const workspace = await post('/api/v1/workspaces', { name: 'Bench' });
  const skill = await post('/api/v1/skills', {
    workspace_id: workspace.id,
    name: 'bench',
    description: 'd',
    tools: [],
  });

  const params = {
    apiUrl,
    token: session.token,
    workspaceId: workspace.id,
    skillId: skill.id,
    marker,
    temporalAddress: services.temporalAddress,
    databaseUrl: services.databaseUrl,
    pids,
    floorTaskQueue,
    single,
    burst,
    posters: 20,
    rounds,
  };
  const load = spawn(process.execPath, [path.join(root, 'bench/runs/load.ts'), JSON.stringify(params)], {
    cwd: root,
    stdio: 'inherit',
  });
  children.push(load);
  const [code] = (await once(load, 'exit')) as [number | null];
  if (code !== 0) throw new Error(`the load generator exited (${code})`);
}

/** RUNS_BENCH_CPU_PROF=<dir>: the API and the worker write V8 CPU profiles there when they exit. */
function cpuProf(name: string): string[] {
  const dir = process.env.RUNS_BENCH_CPU_PROF;
  if (!dir || (name !== 'api' && name !== 'worker')) return [];
  return ['--cpu-prof', `--cpu-prof-dir=${dir}`, `--cpu-prof-name=${name}-${Date.now()}.cpuprofile`];
}

async function until(check: () => Promise<boolean>): Promise<void> {
  for (let i = 0; i < 600; i++) {
    if (await check()) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error('the API did not become healthy within 60 s');
}
