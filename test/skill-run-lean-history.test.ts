/**
 * A run's Temporal history holds only what the run needs. Its bookkeeping is inline: the first model step starts the
 * run and the last one ends it, so a run that needs no tool schedules one activity and records no local activity or
 * patch marker. Its max_duration timer is left pending when the run ends first (no TimerCanceled), and the
 * notification step is recorded only for a run with addresses to notify. The histories replay with the workflow
 * code, so a worker taking the run over mid-way follows them.
 */
import { randomUUID } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import proto from '@temporalio/proto';
import { Worker } from '@temporalio/worker';
import { afterAll, beforeAll, expect, inject, it } from 'vitest';
import { insertRun } from '../src/runs/runs.service.ts';
import type { FakeLlm } from './support/fake-llm.ts';
import { type RunWorld, runWorld, startRun, waitForStatus } from './support/runs.ts';
import { json, type TestApp } from './support/test-app.ts';
import { createTestAppWithModel } from './support/test-app-with-model.ts';

const { EventType } = proto.temporal.api.enums.v1;

let t: TestApp;
let llm: FakeLlm;
let w: RunWorld;
beforeAll(async () => {
  ({ t, llm } = await createTestAppWithModel({
    OPENAI_API_KEY: 'k',
    RATE_LIMIT_DEFAULT_PER_MINUTE: '100000',
  }));
  w = await runWorld(t);
});
afterAll(async () => {
  await t?.close();
});

async function finishedHistory(body: Record<string, unknown>) {
  const m = `lean-${randomUUID()}`;
  llm.script(m, [{ text: 'Done.' }]);
  const { run_id } = await json(await startRun(w, { instructions: m, ...body }));
  expect((await waitForStatus(w, run_id, ['completed', 'failed'])).status).toBe('completed');
  const handle = t.deps.temporal.workflow.getHandle(run_id);
  await handle.result();
  return handle.fetchHistory();
}

const count = (history: proto.temporal.api.history.v1.IHistory, type: number) =>
  (history.events ?? []).filter((e) => e.eventType === type).length;

const replay = async (history: proto.temporal.api.history.v1.IHistory) => {
  const code = await readFile(inject('services').workflowBundlePath, 'utf8');
  await expect(Worker.runReplayHistory({ workflowBundle: { code } }, history)).resolves.toBeUndefined();
};

it('is one activity, two workflow tasks and no marker for a run that needs no tool and notifies no one', async () => {
  const history = await finishedHistory({});
  expect(count(history, EventType.EVENT_TYPE_ACTIVITY_TASK_SCHEDULED)).toBe(1);
  expect(count(history, EventType.EVENT_TYPE_WORKFLOW_TASK_COMPLETED)).toBe(2);
  expect(count(history, EventType.EVENT_TYPE_TIMER_STARTED)).toBe(1);
  expect(count(history, EventType.EVENT_TYPE_TIMER_CANCELED)).toBe(0);
  // No patch, no start or end bookkeeping, no notification.
  expect(count(history, EventType.EVENT_TYPE_MARKER_RECORDED)).toBe(0);
  expect(history.events).toHaveLength(14);
  await replay(history);
}, 60_000);

it('records the notification of a run with addresses to notify', async () => {
  const history = await finishedHistory({ notify_emails: ['someone@example.com'] });
  expect(count(history, EventType.EVENT_TYPE_MARKER_RECORDED)).toBe(1);
  expect(count(history, EventType.EVENT_TYPE_TIMER_CANCELED)).toBe(0);
  await replay(history);
}, 60_000);

it('still runs a run started the earlier way (input without maxDurationMs): local start and finish around its step', async () => {
  const m = `earlier-${randomUUID()}`;
  llm.script(m, [
    { toolCalls: [{ name: 'write_file', arguments: { path: 'a.txt', content: 'A\n' } }] },
    { text: 'Done.' },
  ]);
  // As an API from before this change started it: the row, then the workflow with the run id alone.
  const run = await insertRun(t.deps, {
    workspaceId: w.ws,
    skillId: w.skillId,
    instructions: m,
    createdById: w.owner.id,
  });
  const handle = await t.deps.temporal.workflow.start('skillRunWorkflow', {
    workflowId: run.id,
    taskQueue: t.config.TEMPORAL_TASK_QUEUE,
    args: [{ runId: run.id }],
  });
  expect(await handle.result()).toBe('completed');
  const done = await waitForStatus(w, run.id, ['completed', 'failed']);
  expect(done).toMatchObject({ status: 'completed', output_files: ['a.txt'] });
  const history = await handle.fetchHistory();
  // The lean patch, the start and the end as local activities; the steps as activities.
  const markers = (history.events ?? []).filter((e) => e.markerRecordedEventAttributes);
  expect(markers.map((e) => e.markerRecordedEventAttributes?.markerName)).toEqual([
    'core_patch',
    'core_local_activity',
    'core_local_activity',
  ]);
  expect(count(history, EventType.EVENT_TYPE_ACTIVITY_TASK_SCHEDULED)).toBe(3);
  await replay(history);
}, 60_000);
