/**
 * Streamed responses: how soon and how fast a model's text reaches a client through Skillplane, against the same
 * scripted provider read directly. Processes, as in production: the scripted provider (bench/scripted-provider.ts),
 * the API (`src/server.ts`), the worker (`workflows/main.ts`); this process is the client. Times are on the clock all
 * of them share (performance.timeOrigin + performance.now()).
 * - first token: `POST /api/v1/responses` with `stream: true`; the provider waits DELAY ms, then sends LATENCY_TOKENS
 *   deltas INTERVAL ms apart. Latency = when the client got the first `response.output_text.delta` − when the
 *   provider sent that text; also every token's latency. The same stream read straight from the provider is the floor.
 * - throughput: THROUGHPUT_TOKENS deltas sent as fast as the socket takes them; tokens/s from the provider sending
 *   the first to the client getting the last, through Skillplane and read directly (the same client code), after
 *   WARM_UP_STREAMS unmeasured streams of each, the median of ROUNDS rounds each (each side first in every other round); and the CPU time the API, the worker and PostgreSQL (all its
 *   processes) spent per 10,000 tokens over the streams through Skillplane, read from /proc (Linux), which other load
 *   on the machine distorts far less than wall-clock rates.
 *   THROUGHPUT_TOKENS is 100,000 by default: a 20,000-token stream lasts ~60 ms here, so its rate is mostly the
 *   pipeline's latency at the end (the last write, its notification, the API's read), which first token measures.
 *   node bench/responses.bench.ts [turns] [throughput tokens] [rounds]
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createPrisma } from '../src/db/client.ts';
import { benchServices, benchSession } from './services.ts';

const TURNS = Number(process.argv[2] ?? 40);
const THROUGHPUT_TOKENS = Number(process.argv[3] ?? 100_000);
const ROUNDS = Number(process.argv[4] ?? 7);
const WARM_UP_STREAMS = 5;
const LATENCY_TOKENS = 20;
const DELAY_MS = 300;
const INTERVAL_MS = 20;
const GOAL_FIRST_TOKEN_MS = 30;

const now = () => performance.timeOrigin + performance.now();
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const children: ChildProcess[] = [];
// A failed run must not leave its processes behind.
process.on('exit', () => {
  for (const child of children) child.kill('SIGTERM');
});

/** Starts `entry` as its own process; resolves with the first match of `pattern` in its stdout. */
function start(entry: string, env: Record<string, string>, pattern: RegExp, name?: string): Promise<string> {
  const child = spawn(process.execPath, [path.join(root, entry)], {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  children.push(child);
  if (name && child.pid) pids[name] = [child.pid];
  return new Promise<string>((resolve, reject) => {
    let out = '';
    child.stdout.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const found = pattern.exec(out);
      if (found) resolve(found[1] ?? '');
      if (out.length > 1_000_000) out = out.slice(-10_000);
    });
    child.once('exit', (code) => reject(new Error(`${entry} exited (${code}):\n${out.slice(-5000)}`)));
  });
}

/** The processes whose CPU time is counted, by name. */
const pids: Record<string, number[]> = {};
const TICK_MS = 10; // USER_HZ is 100 on Linux
/** CPU time (user + system) of the processes, in ms; a process that is gone counts 0. */
function cpuMs(of: number[]): number {
  let ticks = 0;
  for (const pid of of) {
    try {
      const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
      ticks += Number(fields[11]) + Number(fields[12]);
    } catch {}
  }
  return ticks * TICK_MS;
}
/** The postmaster and its children (backends and background processes) as they are now. */
function postgresPids(dataDir: string): number[] {
  const postmaster = Number(readFileSync(path.join(dataDir, 'pg', 'postmaster.pid'), 'utf8').split('\n')[0]);
  const kids = readdirSync('/proc').flatMap((entry) => {
    if (!/^\d+$/.test(entry)) return [];
    try {
      const ppid = Number(readFileSync(`/proc/${entry}/stat`, 'utf8').split(') ')[1]!.split(' ')[1]);
      return ppid === postmaster ? [Number(entry)] : [];
    } catch {
      return [];
    }
  });
  return [postmaster, ...kids];
}

const services = await benchServices();
const provider = await start('bench/scripted-provider.ts', {}, /"url":"(http:\/\/[^"]+)"/);
const env = {
  DATABASE_URL: services.databaseUrl,
  TEMPORAL_ADDRESS: services.temporalAddress,
  SKILLPLANE_DATA_DIR: services.dataDir,
  OPENAI_BASE_URL: `${provider}/v1`,
  OPENAI_API_KEY: 'bench',
  LOG_LEVEL: 'warn',
  HEALTH_CHECK_WORKER: 'false',
  RATE_LIMIT_DEFAULT_PER_MINUTE: '100000000',
};
const [url] = await Promise.all([
  start(
    'src/server.ts',
    { ...env, PORT: '0', LOG_LEVEL: 'info' },
    /"url":"(http:\/\/[^"]+)"[^\n]*"msg":"api listening"/,
    'api',
  ),
  start('workflows/main.ts', { ...env, LOG_LEVEL: 'info' }, /"msg":"worker polling"()/, 'worker'),
]);

const prisma = createPrisma(services.databaseUrl);
const { token, workspace } = await benchSession(url, prisma);
// RESPONSES_BENCH_DETAIL=1: the statements that took PostgreSQL's time in the throughput rounds, printed at the end.
const detail = Boolean(process.env.RESPONSES_BENCH_DETAIL);
if (detail) await prisma.$executeRawUnsafe('CREATE EXTENSION IF NOT EXISTS pg_stat_statements');

/** Reads server-sent events, calling `onText` with each frame's text (as `textOf` finds it) and its arrival time. */
async function readText(
  res: Response,
  textOf: (data: string) => string | undefined,
  onText: (t: string, at: number) => void,
) {
  if (!res.ok || !res.body) throw new Error(`stream refused: ${res.status} ${await res.text()}`);
  const decoder = new TextDecoder();
  let buffer = '';
  for await (const chunk of res.body) {
    const at = now();
    buffer += decoder.decode(chunk, { stream: true });
    // Each read's complete events at once: the cheapest plain parse, so the direct read is a fair floor.
    const end = buffer.lastIndexOf('\n\n');
    if (end < 0) continue;
    const complete = buffer.slice(0, end);
    buffer = buffer.slice(end + 2);
    for (const block of complete.split('\n\n')) {
      const line = block.startsWith('data: ') ? 0 : block.indexOf('\ndata: ') + 1;
      if (line === 0 && !block.startsWith('data: ')) continue;
      const data = block.slice(line + 6, block.indexOf('\n', line) >= 0 ? block.indexOf('\n', line) : undefined);
      const text = data !== '[DONE]' ? textOf(data) : undefined;
      if (text) onText(text, at);
    }
  }
}

const viaSkillplane = (script: string) =>
  fetch(`${url}/api/v1/responses`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${token}` },
    body: JSON.stringify({ input: script, stream: true, model: 'openai:bench', workspace_id: workspace.id }),
  });
const skillplaneText = (data: string) => {
  const event = JSON.parse(data) as { type: string; delta?: string };
  return event.type === 'response.output_text.delta' ? event.delta : undefined;
};
const direct = (script: string) =>
  fetch(`${provider}/v1/chat/completions`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ model: 'bench', stream: true, messages: [{ role: 'user', content: script }] }),
  });
const directText = (data: string) =>
  (JSON.parse(data) as { choices: Array<{ delta?: { content?: string } }> }).choices[0]?.delta?.content;

let scripts = 0;
/** One scripted stream: each token's arrival time, checked to be every token once and in order. */
async function stream(through: 'skillplane' | 'direct', tokens: number, delayMs: number, intervalMs: number) {
  const id = `${through}-${++scripts}`;
  const script = `bench ${id} ${tokens} ${delayMs} ${intervalMs}`;
  const arrivals: number[] = [];
  let text = '';
  const res = await (through === 'skillplane' ? viaSkillplane(script) : direct(script));
  await readText(res, through === 'skillplane' ? skillplaneText : directText, (t, at) => {
    text += t;
    for (let i = t.indexOf(' '); i >= 0; i = t.indexOf(' ', i + 1)) arrivals.push(at);
  });
  const sent = (await (await fetch(`${provider}/sent/${id}`)).json()) as number[];
  const expected = Array.from({ length: tokens }, (_, i) => `w${i} `).join('');
  if (text !== expected || sent.length !== tokens) {
    throw new Error(`${id}: got ${text.length} characters of ${expected.length}, provider sent ${sent.length}`);
  }
  return { sent, arrivals };
}

const pct = (values: number[], p: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
};
const median = (values: number[]) => pct(values, 50);

// Warm-up: the first turn loads code paths and fills caches in each process.
for (let i = 0; i < 3; i++) {
  await stream('skillplane', LATENCY_TOKENS, 50, 5);
  await stream('direct', LATENCY_TOKENS, 50, 5);
}

const first: Record<'skillplane' | 'direct', number[]> = { skillplane: [], direct: [] };
const every: Record<'skillplane' | 'direct', number[]> = { skillplane: [], direct: [] };
for (let i = 0; i < TURNS; i++) {
  for (const through of ['direct', 'skillplane'] as const) {
    const { sent, arrivals } = await stream(through, LATENCY_TOKENS, DELAY_MS, INTERVAL_MS);
    first[through].push(arrivals[0]! - sent[0]!);
    every[through].push(...arrivals.map((at, n) => at - sent[n]!));
  }
}

// Taken after the warm-up, when the pools hold their connections.
pids.postgres = postgresPids(services.dataDir);
const cpu: Record<string, number> = { api: 0, worker: 0, postgres: 0 };
const rate: Record<'skillplane' | 'direct', number[]> = { skillplane: [], direct: [] };
/** How fast the provider got its tokens out: a slow reader slows it (the socket fills). */
const sendRate: Record<'skillplane' | 'direct', number[]> = { skillplane: [], direct: [] };
// A long stream takes code paths the short turns above did not warm (the provider's, the worker's and the client's
// tight loops, the step's large commit), and they settle only after a few: with one warm-up stream, the worker's
// CPU per 10,000 tokens was ~60 ms and its rounds rose from 180k to 340k tokens/s; with five, ~37 ms and flat.
for (let i = 0; i < WARM_UP_STREAMS; i++) {
  for (const through of ['direct', 'skillplane'] as const) await stream(through, THROUGHPUT_TOKENS, 0, 0);
}
if (detail) await prisma.$queryRawUnsafe('SELECT pg_stat_statements_reset()');
for (let i = 0; i < ROUNDS; i++) {
  // Each side goes first in every other round, so drift in the machine's speed falls on both alike.
  const order = i % 2 === 0 ? (['direct', 'skillplane'] as const) : (['skillplane', 'direct'] as const);
  for (const through of order) {
    const before = Object.fromEntries(Object.keys(cpu).map((name) => [name, cpuMs(pids[name]!)]));
    const { sent, arrivals } = await stream(through, THROUGHPUT_TOKENS, 0, 0);
    // The turn ends after its last delta (the step's commit, the completed event): its CPU counts too.
    if (through === 'skillplane') await new Promise((r) => setTimeout(r, 200));
    if (through === 'skillplane') for (const name in cpu) cpu[name]! += cpuMs(pids[name]!) - before[name]!;
    rate[through].push(THROUGHPUT_TOKENS / ((arrivals.at(-1)! - sent[0]!) / 1000));
    sendRate[through].push(THROUGHPUT_TOKENS / ((sent.at(-1)! - sent[0]!) / 1000));
  }
}

const ms = (v: number) => Number(v.toFixed(1));
const percentiles = (values: number[]) => ({
  p50: ms(pct(values, 50)),
  p90: ms(pct(values, 90)),
  p99: ms(pct(values, 99)),
});
const result = {
  turns: TURNS,
  first_token_ms: { skillplane: percentiles(first.skillplane), direct: percentiles(first.direct) },
  every_token_ms: { skillplane: percentiles(every.skillplane), direct: percentiles(every.direct) },
  throughput_tokens: THROUGHPUT_TOKENS,
  tokens_per_second: {
    skillplane: rate.skillplane.map(Math.round),
    direct: rate.direct.map(Math.round),
  },
  provider_send_tokens_per_second: {
    skillplane: sendRate.skillplane.map(Math.round),
    direct: sendRate.direct.map(Math.round),
  },
  cpu_ms_per_10k_tokens: Object.fromEntries(
    Object.entries(cpu).map(([name, total]) => [name, Math.round((total / (ROUNDS * THROUGHPUT_TOKENS)) * 10_000)]),
  ),
};
const ratio = median(rate.skillplane) / median(rate.direct);
console.log(JSON.stringify(result));
const f = result.first_token_ms;
const e = result.every_token_ms;
console.log(
  [
    '',
    `${TURNS} turns, ${LATENCY_TOKENS} tokens ${INTERVAL_MS} ms apart after ${DELAY_MS} ms; latency = client received − provider sent`,
    `first token, read from the provider directly:  p50 ${f.direct.p50} ms  p90 ${f.direct.p90} ms  p99 ${f.direct.p99} ms`,
    `every token, through Skillplane:                p50 ${e.skillplane.p50} ms  p90 ${e.skillplane.p90} ms  p99 ${e.skillplane.p99} ms`,
    `${THROUGHPUT_TOKENS} tokens as fast as possible, median of ${ROUNDS}:`,
    `  read from the provider directly: ${Math.round(median(rate.direct))} tokens/s (provider sent at ${Math.round(median(sendRate.direct))}/s)`,
    `  through Skillplane:              ${Math.round(median(rate.skillplane))} tokens/s (provider sent at ${Math.round(median(sendRate.skillplane))}/s)`,
    `  CPU per 10,000 tokens through Skillplane: ${Object.entries(result.cpu_ms_per_10k_tokens)
      .map(([name, msPer]) => `${name} ${msPer} ms`)
      .join(', ')}`,
    `first token through Skillplane: p50 ${f.skillplane.p50} ms  p90 ${f.skillplane.p90} ms  p99 ${f.skillplane.p99} ms (goal ≤ ${GOAL_FIRST_TOKEN_MS} ms)`,
    `throughput, Skillplane / direct: ${(ratio * 100).toFixed(1)}% (goal ≥ 90%)`,
  ].join('\n'),
);

if (detail) {
  const rows = await prisma.$queryRawUnsafe<{ calls: bigint; ms: number; query: string }[]>(
    'SELECT calls, total_exec_time AS ms, query FROM pg_stat_statements ORDER BY total_exec_time DESC LIMIT 15',
  );
  for (const r of rows) {
    console.error(
      `${String(r.calls).padStart(7)} ${r.ms.toFixed(1).padStart(9)} ms  ${r.query.replace(/\s+/g, ' ').slice(0, 200)}`,
    );
  }
}
for (const child of children) child.kill('SIGTERM');
await Promise.all(children.map((c) => (c.exitCode === null ? new Promise((r) => c.once('exit', r)) : null)));
await prisma.$disconnect();
await services.stop();
