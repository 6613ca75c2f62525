/**
 * A run's bookkeeping (start, finish, notify) runs as local activities, inside the workflow task. A worker process that
 * really dies in one of them (SKILLPLANE_TEST_CRASH_AT, after its transaction committed) is replaced, the workflow task
 * is retried there, and the run completes with each step's effects once: one `running`, one end, one model call.
 */
import { randomUUID } from 'node:crypto';
import { once } from 'node:events';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { type FakeLlm, startFakeLlm } from './support/fake-llm.ts';
import { spawnEntry } from './support/processes.ts';
import { type RunWorld, runWorld, startRun } from './support/runs.ts';
import { createTestApp, json, type TestApp } from './support/test-app.ts';

let t: TestApp;
let llm: FakeLlm;
let w: RunWorld;
beforeAll(async () => {
  llm = await startFakeLlm();
  t = await createTestApp(
    { OPENAI_BASE_URL: llm.baseUrl, OPENAI_API_KEY: 'k', RATE_LIMIT_DEFAULT_PER_MINUTE: '100000' },
    { worker: false },
  );
  w = await runWorld(t);
});
afterAll(async () => {
  await t?.close();
  await llm?.close();
});

const workerEnv = (extra: Record<string, string> = {}) => ({
  TEMPORAL_ADDRESS: t.config.TEMPORAL_ADDRESS!,
  TEMPORAL_TASK_QUEUE: t.config.TEMPORAL_TASK_QUEUE,
  DATABASE_URL: t.databaseUrl,
  SKILLPLANE_DATA_DIR: t.config.SKILLPLANE_DATA_DIR,
  OPENAI_BASE_URL: llm.baseUrl,
  OPENAI_API_KEY: 'k',
  LOG_LEVEL: 'info',
  ...extra,
});

async function runThroughCrash(point: string) {
  const m = `local-${point}-${randomUUID()}`;
  const script = llm.script(m, [{ text: 'Done once.', inputTokens: 300, outputTokens: 7 }]);
  const crashing = spawnEntry('workflows/main.ts', workerEnv({ SKILLPLANE_TEST_CRASH_AT: point }));
  await crashing.waitFor(/worker polling/);
  const exited = once(crashing.child, 'exit');
  const { run_id } = await json(await startRun(w, { instructions: m }));
  const [code] = await exited;
  expect(code).toBe(86);
  const replacement = spawnEntry('workflows/main.ts', workerEnv());
  try {
    await replacement.waitFor(/worker polling/);
    // The workflow closing (not just the row saying completed) proves the retried workflow task got through.
    const result = await t.deps.temporal.workflow.getHandle(run_id).result();
    return { result, script, run_id };
  } finally {
    await replacement.kill('SIGTERM');
  }
}

async function expectEachStepOnce(runId: string) {
  const events = await t.deps.prisma.skillRunEvent.findMany({ where: { runId }, orderBy: { id: 'asc' } });
  const statuses = events.filter((e) => e.type === 'status').map((e) => (e.data as { status: string }).status);
  expect(statuses).toEqual(['queued', 'running', 'completed']);
  expect(events.filter((e) => e.type === 'end')).toHaveLength(1);
  expect(events.filter((e) => e.type === 'usage')).toHaveLength(1);
  const messages = await t.deps.prisma.skillRunMessage.findMany({ where: { runId }, orderBy: { seq: 'asc' } });
  expect(messages.map((m) => (m.message as { role: string }).role)).toEqual(['system', 'user', 'assistant']);
  const run = await t.deps.prisma.skillRun.findUniqueOrThrow({ where: { id: runId } });
  expect([run.status, run.inputTokens, run.outputTokens]).toEqual(['completed', 300, 7]);
}

/** The bookkeeping left no activity task in the history: it ran locally (markers), only the model step is remote. */
async function expectLocalBookkeeping(runId: string) {
  const history = await t.deps.temporal.workflow.getHandle(runId).fetchHistory();
  const scheduled = (history.events ?? []).flatMap((e) =>
    e.activityTaskScheduledEventAttributes ? [e.activityTaskScheduledEventAttributes.activityType?.name] : [],
  );
  expect(scheduled).toEqual(['modelStep']);
  const markers = (history.events ?? []).filter(
    (e) => e.markerRecordedEventAttributes?.markerName === 'core_local_activity',
  );
  expect(markers.length).toBeGreaterThanOrEqual(3);
}

it('completes a run once when the worker dies in the start bookkeeping after it committed', async () => {
  const { result, script, run_id } = await runThroughCrash('prepare-committed');
  expect(result).toBe('completed');
  expect(script.calls[0]).toBe(1);
  await expectEachStepOnce(run_id);
  await expectLocalBookkeeping(run_id);
}, 120_000);

it('ends a run once when the worker dies in the finish bookkeeping after it committed', async () => {
  const { result, script, run_id } = await runThroughCrash('finish-committed');
  expect(result).toBe('completed');
  expect(script.calls[0]).toBe(1);
  await expectEachStepOnce(run_id);
  await expectLocalBookkeeping(run_id);
}, 120_000);
