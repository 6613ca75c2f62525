/**
 * Exactly once through real crashes: a worker process that really dies (process.exit at a named point, set through
 * SKILLPLANE_TEST_CRASH_AT) is replaced, and the run completes with each step's effects once.
 * - Model steps: between a model call and its record, or between the record and Temporal hearing of it; the model
 *   call's tokens are charged exactly once.
 * - Bookkeeping (start, finish) runs inside the run's first and last model steps: a worker dying in one after its
 *   transaction committed has the step retried elsewhere (its heartbeat stops), with one `running`, one end, one
 *   model call.
 */
import { randomUUID } from 'node:crypto';
import { once } from 'node:events';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { FakeLlm } from './support/fake-llm.ts';
import { spawnEntry } from './support/processes.ts';
import { type RunWorld, runWorld, startRun, waitForStatus } from './support/runs.ts';
import { json, type TestApp } from './support/test-app.ts';
import { createTestAppWithModel, workerProcessEnv } from './support/test-app-with-model.ts';

let t: TestApp;
let llm: FakeLlm;
let w: RunWorld;
beforeAll(async () => {
  ({ t, llm } = await createTestAppWithModel(
    { OPENAI_API_KEY: 'k', RATE_LIMIT_DEFAULT_PER_MINUTE: '100000' },
    { worker: false },
  ));
  w = await runWorld(t);
});
afterAll(async () => {
  await t?.close();
});

const workerEnv = (extra: Record<string, string> = {}) => workerProcessEnv(t, llm, extra);

async function runThroughCrash(point: string, answer = { text: 'Charged once.', inputTokens: 1234, outputTokens: 56 }) {
  const m = `once-${point}-${randomUUID()}`;
  const script = llm.script(m, [answer]);
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
    const run = await waitForStatus(w, run_id, ['completed', 'failed'], 60_000);
    return { result, run, script, run_id };
  } finally {
    await replacement.kill('SIGTERM');
  }
}

const usageEvents = (runId: string) => t.deps.prisma.skillRunEvent.count({ where: { runId, type: 'usage' } });

it('does not call or charge the model again when the worker dies after the step committed', async () => {
  const { run, script, run_id } = await runThroughCrash('model-step-committed');
  expect(run.status).toBe('completed');
  expect(script.calls[0]).toBe(1);
  expect([run.input_tokens, run.output_tokens]).toEqual([1234, 56]);
  expect(await usageEvents(run_id)).toBe(1);
}, 90_000);

it('charges once when the worker dies after the model answered but before anything was committed', async () => {
  const { run, script, run_id } = await runThroughCrash('model-step-called');
  expect(run.status).toBe('completed');
  // The answer was lost with the process, so the model is asked again; only the committed answer is charged.
  expect(script.calls[0]).toBe(2);
  expect([run.input_tokens, run.output_tokens]).toEqual([1234, 56]);
  expect(await usageEvents(run_id)).toBe(1);
}, 90_000);

const small = { text: 'Done once.', inputTokens: 300, outputTokens: 7 };

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

/**
 * The bookkeeping ran inside the run's one model step (the run's input carries maxDurationMs): the history has that
 * activity and no local activity at all (no start or finish marker; nobody to notify).
 */
async function expectInlineBookkeeping(runId: string) {
  const history = await t.deps.temporal.workflow.getHandle(runId).fetchHistory();
  const scheduled = (history.events ?? []).flatMap((e) =>
    e.activityTaskScheduledEventAttributes ? [e.activityTaskScheduledEventAttributes.activityType?.name] : [],
  );
  expect(scheduled).toEqual(['modelStep']);
  const markers = (history.events ?? []).filter(
    (e) => e.markerRecordedEventAttributes?.markerName === 'core_local_activity',
  );
  expect(markers).toHaveLength(0);
}

it('completes a run once when the worker dies in the start bookkeeping after it committed', async () => {
  const { result, script, run_id } = await runThroughCrash('prepare-committed', small);
  expect(result).toBe('completed');
  expect(script.calls[0]).toBe(1);
  await expectEachStepOnce(run_id);
  await expectInlineBookkeeping(run_id);
}, 120_000);

it('ends a run once when the worker dies in the finish bookkeeping after it committed', async () => {
  const { result, script, run_id } = await runThroughCrash('finish-committed', small);
  expect(result).toBe('completed');
  expect(script.calls[0]).toBe(1);
  await expectEachStepOnce(run_id);
  await expectInlineBookkeeping(run_id);
}, 120_000);
