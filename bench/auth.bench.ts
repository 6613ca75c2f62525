/**
 * Authenticated, validated, rate-limited read of one object: `GET /api/v1/skills/{id}` with an API key through the
 * whole API (`src/server.ts` in its own process, logging at `info` to a file, as in production) against a bare Hono
 * route doing one raw `pg` query by primary key (bench/bare-skill-route.ts, its own process, a pool of the same
 * size). The load generator is `wrk` in a third process (50 connections, one thread). Both are warmed up, then
 * measured in alternating rounds so load from elsewhere on the machine hits both alike. Each request reads the next
 * of SKILLS skills (a wrk script), the same sequence on both sides. Prints requests/s, p50, p99 and the server
 * process's CPU time per request for each round, the medians, and the ratio last. Any non-2xx response or socket
 * error fails the run.
 *   node bench/auth.bench.ts [seconds per round] [rounds]
 * BENCH_CPU_PROF=<dir> writes a CPU profile of the API process there (node --cpu-prof).
 */
import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { openSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { projectRoot } from '../src/config.ts';
import { freePort } from '../src/dev/free-port.ts';
import { ensureCommand } from './ensure-command.ts';
import { benchServices } from './services.ts';

const SECONDS = Number(process.argv[2] ?? 10);
const ROUNDS = Number(process.argv[3] ?? 5);
const CONNECTIONS = 50;
const POOL_SIZE = '10';
const SKILLS = 100;

await ensureCommand('wrk');
const services = await benchServices();
const children: ChildProcess[] = [];
const admin = { email: 'bench@example.com', password: 'benchmark password' };

function start(args: string[], env: Record<string, string>, stdout: 'pipe' | number): ChildProcess {
  const child = spawn(process.execPath, args, {
    env: { ...process.env, ...env },
    stdio: ['ignore', stdout, 'inherit'],
  });
  children.push(child);
  child.once('exit', (code, signal) => {
    if (!stopping) {
      console.error(`${args.at(-1)} exited (${code ?? signal})`);
      process.exit(1);
    }
  });
  return child;
}
let stopping = false;
// A run that fails half-way must not leave the servers behind.
process.on('exit', () => {
  for (const child of children) if (child.exitCode === null) child.kill('SIGKILL');
});
for (const signal of ['SIGINT', 'SIGTERM'] as const) process.once(signal, () => process.exit(130));

async function until(url: string): Promise<void> {
  for (let i = 0; i < 600; i++) {
    if (
      await fetch(url).then(
        (r) => r.ok,
        () => false,
      )
    )
      return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`${url} never answered`);
}

const apiPort = await freePort();
const api = `http://127.0.0.1:${apiPort}`;
const apiLog = path.join(services.dataDir, 'api.log');
const profile = process.env.BENCH_CPU_PROF ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_CPU_PROF}`] : [];
const apiChild = start(
  [...profile, path.join(projectRoot, 'src/server.ts')],
  {
    DATABASE_URL: services.databaseUrl,
    TEMPORAL_ADDRESS: services.temporalAddress,
    SKILLPLANE_DATA_DIR: services.dataDir,
    PORT: String(apiPort),
    LOG_LEVEL: 'info',
    DATABASE_POOL_SIZE: POOL_SIZE,
    HEALTH_CHECK_WORKER: 'false',
    // Every request is still counted; the limit is only set where 50 connections for a minute cannot reach it.
    RATE_LIMIT_DEFAULT_PER_MINUTE: '100000000',
    SKILLPLANE_ADMIN_EMAIL: admin.email,
    SKILLPLANE_ADMIN_PASSWORD: admin.password,
  },
  openSync(apiLog, 'a'),
);
const bareChild = start(
  [path.join(projectRoot, 'bench/bare-skill-route.ts')],
  {
    DATABASE_URL: services.databaseUrl,
    DATABASE_POOL_SIZE: POOL_SIZE,
  },
  'pipe',
);
const bare = await new Promise<string>((resolve) => {
  bareChild.stdout!.once('data', (chunk: Buffer) => resolve(chunk.toString().trim()));
});
await until(`${api}/openapi.json`);

async function post(url: string, body: unknown, token?: string): Promise<Record<string, string>> {
  const res = await fetch(`${api}${url}`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', ...(token ? { Authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify(body),
  });
  if (!res.ok) throw new Error(`${url}: ${res.status} ${await res.text()}`);
  return (await res.json()) as Record<string, string>;
}
const { token } = await post('/api/v1/auth/sessions', admin);
const ws = await post('/api/v1/workspaces', { name: 'Bench' }, token);
const { key } = await post('/api/v1/api-keys', { name: 'bench' }, token);
// Many objects, each request the next one: the reads are of different rows, as in real use, not one hot row.
const skillIds: string[] = [];
for (let i = 0; i < SKILLS; i++) {
  const skill = await post(
    '/api/v1/skills',
    { workspace_id: ws.id, name: `bench-skill-${i}`, description: 'A small object', instructions: 'Say hello.' },
    token,
  );
  skillIds.push(skill.id!);
}
/** A wrk script that asks for `prefix` + each id in turn. */
async function script(name: string, prefix: string): Promise<string> {
  const file = path.join(services.dataDir, `${name}.lua`);
  const paths = skillIds.map((id) => `"${prefix}${id}"`).join(', ');
  await writeFile(
    file,
    `local paths = { ${paths} }\nlocal i = 0\nrequest = function()\n  i = i + 1\n  return wrk.format(nil, paths[(i % #paths) + 1])\nend\n`,
  );
  return file;
}
const ourScript = await script('ours', '/api/v1/skills/');
const bareScript = await script('bare', '/skills/');

interface Round {
  rps: number;
  p50: number;
  p99: number;
  /** CPU time (user + system) the server process spent per request: less noisy than rates on a shared machine. */
  cpuMsPerRequest: number;
}

/** A process's CPU time so far in ms, from /proc (Linux; clock ticks of 10 ms). */
async function cpuMs(pid: number): Promise<number> {
  const fields = (await readFile(`/proc/${pid}/stat`, 'utf8')).replace(/^.*\) /, '').split(' ');
  return (Number(fields[11]) + Number(fields[12])) * 10;
}

/** wrk's durations (`850.00us`, `12.34ms`, `1.02s`, `1.50m`) in ms. */
const UNIT_MS: Record<string, number> = { us: 0.001, ms: 1, s: 1000, m: 60_000, h: 3_600_000 };
const ms = (text: string) => {
  const [, n, unit] = /^([\d.]+)(us|ms|s|m|h)$/.exec(text) ?? [];
  const value = Number(n) * (UNIT_MS[unit ?? ''] ?? Number.NaN);
  if (Number.isNaN(value)) throw new Error(`wrk printed a duration this script cannot read: ${text}`);
  return value;
};

/** One wrk run in its own process; refuses any non-2xx answer or socket error. */
async function wrk(
  server: ChildProcess,
  url: string,
  lua: string,
  seconds: number,
  headers: string[] = [],
): Promise<Round> {
  const args = [
    '-t1',
    `-c${CONNECTIONS}`,
    `-d${seconds}s`,
    '--latency',
    '-s',
    lua,
    ...headers.flatMap((h) => ['-H', h]),
    url,
  ];
  const cpuBefore = await cpuMs(server.pid!);
  const out = await new Promise<string>((resolve, reject) => {
    execFile('wrk', args, (err, stdout) => (err ? reject(err) : resolve(stdout)));
  });
  const cpu = (await cpuMs(server.pid!)) - cpuBefore;
  const bad = /Non-2xx or 3xx responses: (\d+)|Socket errors: (.*)/.exec(out);
  if (bad) throw new Error(`wrk ${url}: ${bad[0]}\n${out}`);
  const rps = Number(/Requests\/sec:\s+([\d.]+)/.exec(out)?.[1]);
  const requests = Number(/(\d+) requests in/.exec(out)?.[1]);
  if (!(rps > 0) || !(requests > 0)) throw new Error(`wrk ${url}: no requests/s in\n${out}`);
  const p50 = ms(/^\s+50%\s+(\S+)$/m.exec(out)?.[1] ?? '');
  const p99 = ms(/^\s+99%\s+(\S+)$/m.exec(out)?.[1] ?? '');
  return { rps, p50, p99, cpuMsPerRequest: Number((cpu / requests).toFixed(3)) };
}

const ours = {
  title: 'authenticated GET /api/v1/skills/{id}',
  run: (s: number) => wrk(apiChild, api, ourScript, s, [`Authorization: Bearer ${key}`]),
  rounds: [] as Round[],
};
const baseline = {
  title: 'bare Hono route, one raw pg query',
  run: (s: number) => wrk(bareChild, bare, bareScript, s),
  rounds: [] as Round[],
};
// The answers must be the same object, or the comparison means nothing.
const [mine, theirs] = await Promise.all([
  fetch(`${api}/api/v1/skills/${skillIds[1]}`, { headers: { Authorization: `Bearer ${key}` } }).then((r) => r.json()),
  fetch(`${bare}/skills/${skillIds[1]}`).then((r) => r.json()),
]);
if ((mine as { id: string }).id !== (theirs as { id: string }).id)
  throw new Error('the two routes read different rows');

await baseline.run(3);
await ours.run(3);
for (let i = 0; i < ROUNDS; i++) {
  for (const side of i % 2 === 0 ? [baseline, ours] : [ours, baseline]) {
    const r = await side.run(SECONDS);
    side.rounds.push(r);
    console.log(JSON.stringify({ round: i + 1, title: side.title, ...r }));
  }
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
};
const summary = (side: typeof ours) => ({
  rps: Math.round(median(side.rounds.map((r) => r.rps))),
  p50: Number(median(side.rounds.map((r) => r.p50)).toFixed(2)),
  p99: Number(median(side.rounds.map((r) => r.p99)).toFixed(2)),
  cpu: median(side.rounds.map((r) => r.cpuMsPerRequest)),
});
const a = summary(ours);
const b = summary(baseline);
const ratios = ours.rounds.map((r, i) => r.rps / baseline.rounds[i]!.rps);
console.log(
  [
    '',
    `medians of ${ROUNDS} rounds of ${SECONDS} s, ${CONNECTIONS} connections (wrk):`,
    `bare route (raw pg): ${b.rps} req/s  p50 ${b.p50} ms  p99 ${b.p99} ms  server CPU ${b.cpu} ms/request`,
    `authenticated read:  ${a.rps} req/s  p50 ${a.p50} ms  p99 ${a.p99} ms  server CPU ${a.cpu} ms/request`,
    `per-round ratios:    ${ratios.map((r) => `${(r * 100).toFixed(1)}%`).join(' ')}`,
    `ratio: ${(median(ratios) * 100).toFixed(1)}% of the bare route's requests/s (median of rounds; goal ≥ 50%)`,
  ].join('\n'),
);

stopping = true;
await Promise.all(
  children.map((child) => {
    const exited = new Promise((r) => child.once('exit', r));
    child.kill('SIGTERM');
    return exited;
  }),
);
await services.stop();
