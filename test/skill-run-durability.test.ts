/**
 * Durability of runs: a worker process killed with SIGKILL mid-run is replaced and the run completes without
 * repeating finished model or tool calls; a run row whose workflow start was lost is started by the reconciler.
 */
import { randomUUID } from 'node:crypto';
import { text } from 'node:stream/consumers';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { insertRun, startPendingWorkflows } from '../src/runs/runs.service.ts';
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

/** What a separately started worker process needs to serve this file's runs. */
const workerEnv = () => workerProcessEnv(t, llm);

it('completes a run after its worker is killed mid-run, running each finished step once', async () => {
  const env = workerEnv();
  const m = `crash-${randomUUID()}`;
  const script = llm.script(m, [
    { toolCalls: [{ name: 'run_shell', arguments: { command: 'echo ran >> outputs/effects.txt' } }] },
    // The worker is killed while this model call is in flight.
    { toolCalls: [{ name: 'run_shell', arguments: { command: 'echo second >> outputs/effects.txt' } }], delayMs: 4000 },
    { text: 'All done.' },
  ]);
  const first = spawnEntry('workflows/main.ts', env);
  await first.waitFor(/worker polling/);
  const { run_id } = await json(await startRun(w, { instructions: m }));
  await expect.poll(() => script.calls[1] ?? 0, { timeout: 20_000 }).toBe(1);
  await first.kill('SIGKILL');

  const second = spawnEntry('workflows/main.ts', env);
  try {
    await second.waitFor(/worker polling/);
    const run = await waitForStatus(w, run_id, ['completed', 'failed'], 60_000);
    expect(run.status).toBe('completed');
    const output = await t.deps.prisma.skillRunOutput.findFirstOrThrow({
      where: { runId: run_id, path: 'effects.txt' },
    });
    const effects = await text(await t.deps.storage.read(w.ws, output.storageKey!));
    expect(effects).toBe('ran\nsecond\n');
    expect(script.calls[0]).toBe(1);
    expect(script.calls[2]).toBe(1);
  } finally {
    await second.kill('SIGTERM');
  }
});

it('starts the workflow of a run whose start was lost between the insert and the start', async () => {
  const m = `lost-${randomUUID()}`;
  llm.script(m, [{ text: 'Recovered.' }]);
  // As if the API process died right after inserting the row.
  const run = await insertRun(t.deps, {
    workspaceId: w.ws,
    skillId: w.skillId,
    instructions: m,
    createdById: w.owner.id,
  });
  const worker = spawnEntry('workflows/main.ts', workerEnv());
  try {
    await worker.waitFor(/worker polling/);
    expect(await startPendingWorkflows(t.deps, { olderThanMs: 0 })).toBe(1);
    expect((await waitForStatus(w, run.id, ['completed', 'failed'])).status).toBe('completed');
    expect(await startPendingWorkflows(t.deps, { olderThanMs: 0 })).toBe(0);
  } finally {
    await worker.kill('SIGTERM');
  }
});
