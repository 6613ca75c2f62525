/**
 * Event streams at scale. The API runs as its own process (`src/server.ts`, as in production); this process is the
 * load generator: it holds VIEWERS idle SSE connections on one run, then writes events into that run. Prints:
 * - database transactions per second (pg_stat_database xact_commit + xact_rollback of the API's database) with 0
 *   viewers and with VIEWERS idle viewers: with notifications instead of polling they should be about equal;
 * - the delay from writing an event (just before its INSERT) to each viewer receiving it, p50/p99, and the
 *   transactions each event cost.
 *   node bench/streams.bench.ts [viewers] [seconds per window]
 */
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { createPrisma } from '../src/db/client.ts';
import { benchServices, benchSession } from './services.ts';

const VIEWERS = Number(process.argv[2] ?? 500);
const WINDOW_SECONDS = Number(process.argv[3] ?? 10);
const EVENTS = 50;
const EVENT_INTERVAL_MS = 100;
/** Backends report their statistics at most once a second, idle ones after up to 10 s: let them settle first. */
const SETTLE_MS = 11_000;

const services = await benchServices();
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const api = spawn(process.execPath, [path.join(root, 'src/server.ts')], {
  env: {
    ...process.env,
    DATABASE_URL: services.databaseUrl,
    TEMPORAL_ADDRESS: services.temporalAddress,
    SKILLPLANE_DATA_DIR: services.dataDir,
    PORT: '0',
    LOG_LEVEL: 'info',
    HEALTH_CHECK_WORKER: 'false',
    RATE_LIMIT_DEFAULT_PER_MINUTE: '100000000',
    // The run below has no workflow: the reconciler must not end it while we watch.
    RUN_RECONCILE_INTERVAL_SECONDS: '100000',
  },
  stdio: ['ignore', 'pipe', 'inherit'],
});
const url = await new Promise<string>((resolve, reject) => {
  let out = '';
  api.stdout.on('data', (chunk: Buffer) => {
    out += chunk.toString();
    const line = out.split('\n').find((l) => l.includes('"msg":"api listening"'));
    const found = line && /"url":"(http:\/\/[^"]+)"/.exec(line);
    if (found) resolve(found[1]!);
  });
  api.once('exit', (code) => reject(new Error(`API exited (${code}):\n${out}`)));
});

const prisma = createPrisma(services.databaseUrl);
const db = new pg.Client({ connectionString: services.databaseUrl });
await db.connect();
const { token, workspace: ws } = await benchSession(url, prisma);
const runId = `run_bench${randomBytes(6).toString('hex')}`;
await prisma.skillRun.create({
  data: {
    id: runId,
    workspaceId: ws.id!,
    skillName: 'bench',
    skillVersion: 1,
    model: 'openai:bench',
    maxDurationSeconds: 3600,
    status: 'running',
  },
});
await db.query(`INSERT INTO skill_run_events (run_id, type, data) VALUES ($1, 'status', '{"status":"running"}')`, [
  runId,
]);

async function transactions(): Promise<number> {
  const { rows } = await db.query<{ n: string }>(
    'SELECT xact_commit + xact_rollback AS n FROM pg_stat_database WHERE datname = current_database()',
  );
  return Number(rows[0]!.n);
}

/** Transactions per second over a window, less the two this measurement makes. */
async function rate(): Promise<number> {
  await new Promise((r) => setTimeout(r, SETTLE_MS));
  const before = await transactions();
  await new Promise((r) => setTimeout(r, WINDOW_SECONDS * 1000));
  return Math.max(0, (await transactions()) - before - 1) / WINDOW_SECONDS;
}

const idle0 = await rate();

/** A viewer: reads the stream, noting when each `bench` event arrives. */
const sentAt = new Map<number, number>();
const delays: number[] = [];
const aborts: AbortController[] = [];
async function view(ready: () => void): Promise<void> {
  const abort = new AbortController();
  aborts.push(abort);
  const res = await fetch(`${url}/api/v1/skill-runs/${runId}/events`, {
    headers: { Authorization: `Bearer ${token}` },
    signal: abort.signal,
  });
  const decoder = new TextDecoder();
  let buffer = '';
  try {
    for await (const chunk of res.body!) {
      const now = performance.now();
      buffer += decoder.decode(chunk, { stream: true });
      for (let at = buffer.indexOf('\n\n'); at >= 0; at = buffer.indexOf('\n\n')) {
        const block = buffer.slice(0, at);
        buffer = buffer.slice(at + 2);
        if (block.includes('event: status')) ready();
        const seq = /"seq":(\d+)/.exec(block)?.[1];
        if (seq !== undefined) delays.push(now - sentAt.get(Number(seq))!);
      }
    }
  } catch (err) {
    if (!abort.signal.aborted) throw err;
  }
}
let connected = 0;
await new Promise<void>((resolve) => {
  for (let i = 0; i < VIEWERS; i++) {
    void view(() => {
      if (++connected === VIEWERS) resolve();
    });
  }
});
const idleN = await rate();

const before = await transactions();
for (let seq = 0; seq < EVENTS; seq++) {
  sentAt.set(seq, performance.now());
  await db.query(`INSERT INTO skill_run_events (run_id, type, data) VALUES ($1, 'console', $2)`, [
    runId,
    JSON.stringify({ seq, text: 'x' }),
  ]);
  await new Promise((r) => setTimeout(r, EVENT_INTERVAL_MS));
}
while (delays.length < EVENTS * VIEWERS) await new Promise((r) => setTimeout(r, 50));
await new Promise((r) => setTimeout(r, SETTLE_MS));
const perEvent = ((await transactions()) - before - EVENTS - 1) / EVENTS;

delays.sort((a, b) => a - b);
const pct = (p: number) => delays[Math.min(delays.length - 1, Math.floor((p / 100) * delays.length))]!.toFixed(1);
const result = {
  viewers: VIEWERS,
  tx_per_second_0_viewers: Number(idle0.toFixed(2)),
  tx_per_second_idle_viewers: Number(idleN.toFixed(2)),
  event_delay_ms: { p50: Number(pct(50)), p99: Number(pct(99)), samples: delays.length },
  tx_per_event: Number(perEvent.toFixed(2)),
};
console.log(JSON.stringify(result));
console.log(
  [
    '',
    `database transactions/s, 0 viewers:        ${result.tx_per_second_0_viewers}`,
    `database transactions/s, ${VIEWERS} idle viewers: ${result.tx_per_second_idle_viewers}`,
    `event written → received by each viewer:  p50 ${pct(50)} ms  p99 ${pct(99)} ms  (${delays.length} deliveries)`,
    `database transactions per event (${VIEWERS} viewers): ${result.tx_per_event}`,
  ].join('\n'),
);

for (const a of aborts) a.abort();
api.kill('SIGTERM');
await new Promise((r) => api.once('exit', r));
await db.end();
await prisma.$disconnect();
await services.stop();
