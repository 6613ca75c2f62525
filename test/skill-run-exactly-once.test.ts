/**
 * Exactly-once model steps: a worker process that really crashes (process.exit at a named point, set through
 * SKILLPLANE_TEST_CRASH_AT) between a model call and its record, or between the record and Temporal hearing of it,
 * is replaced, and the run completes charging the model call's tokens exactly once.
 */
import { randomUUID } from 'node:crypto';
import { once } from 'node:events';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { type FakeLlm, startFakeLlm } from './support/fake-llm.ts';
import { spawnEntry } from './support/processes.ts';
import { type RunWorld, runWorld, startRun, waitForStatus } from './support/runs.ts';
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
  const m = `once-${point}-${randomUUID()}`;
  const script = llm.script(m, [{ text: 'Charged once.', inputTokens: 1234, outputTokens: 56 }]);
  const crashing = spawnEntry('workflows/main.ts', workerEnv({ SKILLPLANE_TEST_CRASH_AT: point }));
  await crashing.waitFor(/worker polling/);
  const exited = once(crashing.child, 'exit');
  const { run_id } = await json(await startRun(w, { instructions: m }));
  const [code] = await exited;
  expect(code).toBe(86);
  const replacement = spawnEntry('workflows/main.ts', workerEnv());
  try {
    await replacement.waitFor(/worker polling/);
    const run = await waitForStatus(w, run_id, ['completed', 'failed'], 60_000);
    return { run, script, run_id };
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
