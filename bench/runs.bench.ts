/**
 * Skill-run throughput with a scripted provider answering instantly: starts N runs (default 200) through HTTP,
 * then reports runs started per second, median/p99 time from POST to `completed` (server timestamps), and the most
 * runs one worker had in flight at once.
 *   node bench/runs.bench.ts [runs]
 */
import { bundleWorkflowCode, Worker } from '@temporalio/worker';
import { createUser, signIn } from '../src/auth/users.ts';
import { buildConfig } from '../src/config.ts';
import { createLogger } from '../src/logger.ts';
import { connectDeps, startApiServer } from '../src/runtime.ts';
import { ensureSearchAttributes } from '../src/temporal/search-attributes.ts';
import { startFakeLlm } from '../test/support/fake-llm.ts';
import { createWorkerOptions, installWorkerRuntime, workflowsPath } from '../workflows/worker.ts';
import { benchServices } from './services.ts';

const total = Number(process.argv[2] ?? 200);
const services = await benchServices();
const llm = await startFakeLlm();
const config = buildConfig({
  DATABASE_URL: services.databaseUrl,
  TEMPORAL_ADDRESS: services.temporalAddress,
  SKILLPLANE_DATA_DIR: services.dataDir,
  LOG_LEVEL: 'silent',
  PORT: '0',
  OPENAI_BASE_URL: llm.baseUrl,
  OPENAI_API_KEY: 'bench',
  MAX_CONCURRENT_RUNS: '100000',
  RATE_LIMIT_DEFAULT_PER_MINUTE: '100000000',
  RATE_LIMIT_SKILL_RUNS_PER_MINUTE: '100000000',
});
const logger = createLogger('silent');
const deps = await connectDeps(config, {
  databaseUrl: services.databaseUrl,
  temporalAddress: services.temporalAddress,
  logger,
});
await ensureSearchAttributes(deps.temporal, config.TEMPORAL_NAMESPACE);
const api = await startApiServer(deps);
installWorkerRuntime(logger, 'ERROR');
const bundle = await bundleWorkflowCode({
  workflowsPath,
  logger: { log() {}, trace() {}, debug() {}, info() {}, warn() {}, error: console.error },
});
const { connection, options } = await createWorkerOptions({
  address: services.temporalAddress,
  namespace: config.TEMPORAL_NAMESPACE,
  taskQueue: config.TEMPORAL_TASK_QUEUE,
  workflowBundle: bundle,
  deps: { prisma: deps.prisma, config, logger, mailer: undefined, storage: deps.storage },
});
const worker = await Worker.create(options);
const running = worker.run();

await createUser(deps.prisma, { email: 'bench@example.com', password: 'benchmark password' });
const session = await signIn(deps.prisma, 'bench@example.com', 'benchmark password', 1);
const post = async (path: string, body: unknown) => {
  const res = await fetch(`${api.url}${path}`, {
    method: 'POST',
    headers: { Authorization: `Bearer ${session.token}`, 'Content-Type': 'application/json' },
    body: JSON.stringify(body),
  });
  return { status: res.status, body: (await res.json()) as Record<string, string> };
};
const ws = (await post('/api/v1/workspaces', { name: 'Bench' })).body;
const skill = (await post('/api/v1/skills', { workspace_id: ws.id, name: 'bench', description: 'd', tools: [] })).body;
llm.script('bench-marker', [{ text: 'Done.' }]);

let maxInFlight = 0;
const sampler = setInterval(async () => {
  const n = await deps.prisma.skillRun.count({ where: { status: { in: ['queued', 'running'] } } });
  maxInFlight = Math.max(maxInFlight, n);
}, 100);

const started = performance.now();
const ids: string[] = [];
const concurrency = 20;
let next = 0;
await Promise.all(
  Array.from({ length: concurrency }, async () => {
    while (next < total) {
      next++;
      const res = await post('/api/v1/skill-runs', {
        workspace_id: ws.id,
        skill_id: skill.id,
        instructions: 'bench-marker',
      });
      if (res.status !== 202) throw new Error(`POST answered ${res.status}: ${JSON.stringify(res.body)}`);
      ids.push(res.body.run_id!);
    }
  }),
);
const postSeconds = (performance.now() - started) / 1000;
for (;;) {
  const done = await deps.prisma.skillRun.count({ where: { id: { in: ids }, completedAt: { not: null } } });
  if (done === ids.length) break;
  await new Promise((r) => setTimeout(r, 200));
}
const allSeconds = (performance.now() - started) / 1000;
clearInterval(sampler);
const runs = await deps.prisma.skillRun.findMany({ where: { id: { in: ids } } });
const latencies = runs.map((r) => r.completedAt!.getTime() - r.createdAt.getTime()).sort((a, b) => a - b);
const pct = (p: number) => latencies[Math.min(latencies.length - 1, Math.floor((p / 100) * latencies.length))]!;
const statuses: Record<string, number> = {};
for (const r of runs) statuses[r.status] = (statuses[r.status] ?? 0) + 1;
console.log(
  [
    `runs: ${total} (${JSON.stringify(statuses)}), one worker, provider answering instantly`,
    `started:  ${(total / postSeconds).toFixed(1)} runs/s (all POSTs answered 202 in ${postSeconds.toFixed(1)} s)`,
    `finished: all ${total} in ${allSeconds.toFixed(1)} s (${(total / allSeconds).toFixed(1)} runs/s end to end)`,
    `POST → completed: median ${pct(50)} ms, p99 ${pct(99)} ms`,
    `most runs queued or running at once: ${maxInFlight}`,
  ].join('\n'),
);
worker.shutdown();
await running;
await connection.close();
await api.close();
await deps.close();
await llm.close();
await services.stop();
