/**
 * The runs benchmark's load generator, a process of its own (neither the API nor a worker): starts runs through the
 * HTTP API and floor workflows through the Temporal client, and times them as a client sees them. A run is observed
 * `completed` on its event stream (GET /skill-runs/{id}/events, the way clients follow a run); a floor workflow
 * when its result arrives. Reads its parameters as JSON from argv[2]; prints the figures, the ratio last.
 */
import { Client, Connection } from '@temporalio/client';
import pg from 'pg';
import { cpuPerRun, threadCpuMs, treeCpuMs } from './cpu.ts';

interface Params {
  apiUrl: string;
  token: string;
  workspaceId: string;
  skillId: string;
  marker: string;
  temporalAddress: string;
  databaseUrl: string;
  /** Root pids of the other parts by name (API, worker, floor worker, model, postgres, temporal). */
  pids: Record<string, number>;
  floorTaskQueue: string;
  single: number;
  burst: number;
  posters: number;
  rounds: number;
}

const p = JSON.parse(process.argv[2]!) as Params;
const auth = { Authorization: `Bearer ${p.token}` };
const connection = await Connection.connect({ address: p.temporalAddress });
const temporal = new Client({ connection });
const db = new pg.Client({ connectionString: p.databaseUrl });
await db.connect();
const pids = { ...p.pids, load: process.pid };
let seq = 0;
let lastRunId = '';
let lastFloorId = '';

/** One run: POST, then its event stream until the `end` event. Milliseconds from the POST to `completed` seen. */
async function ourRun(): Promise<{ ms: number; id: string }> {
  const t0 = performance.now();
  const id = await postRun();
  await completed(id);
  return { ms: performance.now() - t0, id };
}

/** POSTs a run; an overloaded API's 503 is retried after its Retry-After, as a client would (and counted). */
let retried = 0;
async function postRun(): Promise<string> {
  for (;;) {
    const res = await fetch(`${p.apiUrl}/api/v1/skill-runs`, {
      method: 'POST',
      headers: { ...auth, 'Content-Type': 'application/json' },
      body: JSON.stringify({ workspace_id: p.workspaceId, skill_id: p.skillId, instructions: p.marker }),
    });
    const body = (await res.json()) as { run_id: string };
    if (res.status === 202) {
      lastRunId = body.run_id;
      return body.run_id;
    }
    if (res.status !== 503) throw new Error(`POST answered ${res.status}: ${JSON.stringify(body)}`);
    retried++;
    await new Promise((r) => setTimeout(r, Number(res.headers.get('retry-after') ?? 1) * 1000));
  }
}

async function completed(id: string): Promise<void> {
  const status = await endStatus(id);
  if (status !== 'completed') throw new Error(`run ${id} ended ${status}`);
}

async function endStatus(runId: string): Promise<string> {
  const res = await fetch(`${p.apiUrl}/api/v1/skill-runs/${runId}/events`, { headers: auth });
  const decoder = new TextDecoder();
  let buffer = '';
  for await (const chunk of res.body!) {
    buffer += decoder.decode(chunk, { stream: true });
    const blocks = buffer.split('\n\n');
    buffer = blocks.pop()!;
    const end = blocks.find((b) => b.split('\n').includes('event: end'));
    if (end) {
      // Leaving the loop cancels the stream.
      const data = end.split('\n').find((l) => l.startsWith('data:'))!;
      return (JSON.parse(data.slice('data:'.length)) as { status: string }).status;
    }
  }
  throw new Error(`the event stream of ${runId} closed without an end event`);
}

/** One floor workflow: start, then its result. */
async function floorRun(): Promise<{ ms: number }> {
  const t0 = performance.now();
  lastFloorId = `floor-${process.pid}-${++seq}`;
  const handle = await temporal.workflow.start('floorWorkflow', {
    workflowId: lastFloorId,
    taskQueue: p.floorTaskQueue,
  });
  await handle.result();
  return { ms: performance.now() - t0 };
}

/** Server timestamps of a run: created_at → completed_at, as recorded by the API and the worker. */
async function serverMs(id: string): Promise<number> {
  const res = await fetch(`${p.apiUrl}/api/v1/skill-runs/${id}`, { headers: auth });
  const run = (await res.json()) as { created_at: string; completed_at: string };
  return Date.parse(run.completed_at) - Date.parse(run.created_at);
}

const pct = (values: number[], q: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;
};
const ms = (v: number) => `${v.toFixed(0)} ms`;

async function sequential<T extends { ms: number }>(n: number, one: () => Promise<T>): Promise<T[]> {
  const out: T[] = [];
  for (let i = 0; i < n; i++) out.push(await one());
  return out;
}

/** Statements the database ran so far (pg_stat_statements; BEGIN and COMMIT count, as round trips). */
async function statements(): Promise<number> {
  const { rows } = await db.query<{ calls: string }>(
    'SELECT coalesce(sum(calls), 0) AS calls FROM pg_stat_statements WHERE dbid = (SELECT oid FROM pg_database WHERE datname = current_database())',
  );
  return Number(rows[0]!.calls);
}

/** What one side's bursts cost per run: CPU milliseconds by process, and statements. */
interface Cost {
  cpu: Record<string, number>[];
  statements: number[];
}
const cost = { floor: { cpu: [], statements: [] } as Cost, ours: { cpu: [], statements: [] } as Cost };

/** Runs per second from the first start to the last completion seen; its CPU and statements go to `into`. */
async function rate(n: number, into: Cost, all: () => Promise<unknown>): Promise<number> {
  const [cpu0, sql0] = [treeCpuMs(pids), await statements()];
  const threads0 = [p.pids.api!, p.pids.worker!].map(threadCpuMs);
  const t0 = performance.now();
  await all();
  const seconds = (performance.now() - t0) / 1000;
  into.cpu.push(cpuPerRun(cpu0, treeCpuMs(pids), n));
  if (process.env.RUNS_BENCH_DETAIL && into === cost.ours) {
    for (const [i, pid] of [p.pids.api!, p.pids.worker!].entries()) {
      const per = cpuPerRun(threads0[i]!, threadCpuMs(pid), n);
      console.error(
        `  ${i ? 'worker' : 'api'} threads, ms per run: ${Object.entries(per)
          .filter(([, v]) => v > 0)
          .map(([k, v]) => `${k} ${v.toFixed(1)}`)
          .join(', ')}`,
      );
    }
  }
  into.statements.push((await statements()) - sql0);
  return n / seconds;
}

/** The floor: all `n` workflows started at once. */
const floorBurst = (n: number) => rate(n, cost.floor, () => Promise.all(Array.from({ length: n }, floorRun)));

/**
 * Ours: `n` runs POSTed back to back over `p.posters` connections (as clients submitting a batch would; the API
 * queues what it cannot take at once), each followed on its event stream from its 202 on.
 */
const ourBurst = (n: number) =>
  rate(n, cost.ours, async () => {
    const following: Promise<void>[] = [];
    let posted = 0;
    await Promise.all(
      Array.from({ length: p.posters }, async () => {
        while (posted < n) {
          posted++;
          following.push(completed(await postRun()));
        }
      }),
    );
    await Promise.all(following);
  });

// Warm-up: the first runs pay for connections, JIT and the workflow bundles' first loads.
await sequential(5, ourRun);
await sequential(5, floorRun);

const ours = await sequential(p.single, ourRun);
const floorSingle = await sequential(p.single, floorRun);
/** The last single run of each, whose histories' timings RUNS_BENCH_DETAIL prints (a burst's are queued). */
const singles = [lastFloorId, lastRunId];
const server = await Promise.all(ours.map((r) => serverMs(r.id)));
const clientMs = ours.map((r) => r.ms);
console.log(`single run, ${p.single} one after another, instant scripted model:`);
console.log(
  `  Skillplane POST → completed seen on the event stream (client clock): median ${ms(pct(clientMs, 0.5))}, p99 ${ms(pct(clientMs, 0.99))}`,
);
console.log(
  `  Skillplane created_at → completed_at (server timestamps):            median ${ms(pct(server, 0.5))}, p99 ${ms(pct(server, 0.99))}`,
);
const floorMs = floorSingle.map((r) => r.ms);
console.log(
  `  floor (start → result of 4 no-op activities):                        median ${ms(pct(floorMs, 0.5))}, p99 ${ms(pct(floorMs, 0.99))}`,
);

// Alternating rounds, so drift in the machine's load falls on both sides alike.
const floorRates: number[] = [];
const ourRates: number[] = [];
for (let round = 0; round < p.rounds; round++) {
  floorRates.push(await floorBurst(p.burst));
  console.error(`  (round ${round + 1}: floor ${floorRates.at(-1)!.toFixed(1)} runs/s)`);
  ourRates.push(await ourBurst(p.burst));
  console.error(`  (round ${round + 1}: Skillplane ${ourRates.at(-1)!.toFixed(1)} runs/s)`);
}
const fmt = (rates: number[]) => rates.map((r) => r.toFixed(1)).join(', ');
const mean = (rates: number[]) => rates.reduce((a, b) => a + b, 0) / rates.length;
console.log(
  `burst of ${p.burst} (floor: started at once; Skillplane: POSTed over ${p.posters} connections), one worker, ${p.rounds} round(s) each, runs/s end to end:`,
);
console.log(
  `  floor (${p.burst} workflows × 4 no-op activities): ${fmt(floorRates)}  mean ${mean(floorRates).toFixed(1)}`,
);
console.log(`  Skillplane (${p.burst} skill runs):                ${fmt(ourRates)}  mean ${mean(ourRates).toFixed(1)}`);
await printCost();
if (retried > 0) console.log(`  (${retried} POSTs answered 503 and were retried after Retry-After)`);
console.log(`ratio (Skillplane / floor burst throughput): ${(mean(ourRates) / mean(floorRates)).toFixed(2)}×`);
await connection.close();
await db.end();

/** CPU per run by process and statements per run, floor beside ours (means over the rounds). */
async function printCost() {
  const meanOf = (rows: Record<string, number>[], name: string) =>
    rows.reduce((sum, row) => sum + (row[name] ?? 0), 0) / rows.length;
  const width = Math.max(...Object.keys(pids).map((name) => name.length));
  console.log('  CPU per run during the bursts (ms, all processes of each part; floor | Skillplane):');
  let floorTotal = 0;
  let ourTotal = 0;
  for (const name of Object.keys(pids)) {
    const [f, o] = [meanOf(cost.floor.cpu, name), meanOf(cost.ours.cpu, name)];
    floorTotal += f;
    ourTotal += o;
    console.log(`    ${name.padEnd(width)}  ${f.toFixed(1).padStart(6)} | ${o.toFixed(1).padStart(6)}`);
  }
  console.log(
    `    ${'total'.padEnd(width)}  ${floorTotal.toFixed(1).padStart(6)} | ${ourTotal.toFixed(1).padStart(6)}`,
  );
  const perRun = (c: Cost) => c.statements.reduce((a, b) => a + b, 0) / c.statements.length / p.burst;
  console.log(
    `  SQL statements per run: floor ${perRun(cost.floor).toFixed(1)} | Skillplane ${perRun(cost.ours).toFixed(1)}`,
  );
  const events = async (id: string) => (await temporal.workflow.getHandle(id).fetchHistory()).events?.length ?? 0;
  if (process.env.RUNS_BENCH_DETAIL) await printDetail();
  console.log(
    `  Temporal history events per run: floor ${await events(lastFloorId)} | Skillplane ${await events(lastRunId)}`,
  );
}

/**
 * RUNS_BENCH_DETAIL=1: the statements run most often over the whole benchmark, and the event types of a run's
 * history and a floor workflow's, for finding round trips.
 */
async function printDetail() {
  for (const id of singles) {
    const events = (await temporal.workflow.getHandle(id).fetchHistory()).events ?? [];
    const at = (e: (typeof events)[number]) =>
      Number(e.eventTime?.seconds ?? 0) * 1000 + (e.eventTime?.nanos ?? 0) / 1e6;
    const start = events[0] ? at(events[0]) : 0;
    // Each event with the milliseconds since the workflow started: where a single run's time goes.
    console.log(`  ${id}: ${events.map((e) => `${e.eventType} +${(at(e) - start).toFixed(0)}`).join(' ')}`);
  }
  const { rows } = await db.query<{ calls: string; query: string }>(
    'SELECT calls, query FROM pg_stat_statements WHERE dbid = (SELECT oid FROM pg_database WHERE datname = current_database()) ORDER BY calls DESC LIMIT 60',
  );
  for (const row of rows) console.log(`    ${row.calls.padStart(7)}  ${row.query.replace(/\s+/g, ' ').slice(0, 220)}`);
}
