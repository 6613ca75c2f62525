/**
 * Upgrading workers mid-run: histories recorded by earlier versions of the workflow still replay with today's code,
 * because each change of its commands is behind a `patched` check (test/fixtures/…history.bin, recorded from real
 * runs):
 * - before bookkeeping became local activities (start, ask_user's waiting and answer, finish and notify as remote
 *   activities). A replay that took a newer path would issue local activities where the history has scheduled
 *   activities and fail as nondeterministic;
 * - with local bookkeeping but before the lean history (`lean-run-history`): an ask_user run with a tool step and an
 *   address to notify, and a run that timed out. A replay that took the lean path would leave out the CancelTimer
 *   and notification commands the history has;
 * - with the lean history but before bookkeeping moved inline into the model steps (inputs without maxDurationMs):
 *   the same two kinds of run. A replay that took the inline path would leave out the start, finish and notify
 *   local activities the history has.
 */
import { readFile } from 'node:fs/promises';
import proto from '@temporalio/proto';
import { Worker } from '@temporalio/worker';
import { expect, inject, it } from 'vitest';

const { EventType } = proto.temporal.api.enums.v1;

async function fixture(name: string) {
  const bytes = await readFile(new URL(`./fixtures/${name}`, import.meta.url));
  return proto.temporal.api.history.v1.History.decode(bytes);
}

const replay = async (history: proto.temporal.api.history.v1.History) => {
  const code = await readFile(inject('services').workflowBundlePath, 'utf8');
  await expect(Worker.runReplayHistory({ workflowBundle: { code } }, history)).resolves.toBeUndefined();
};

it('replays a run recorded before bookkeeping became local', async () => {
  const history = await fixture('skill-run-remote-bookkeeping.history.bin');
  const scheduled = (history.events ?? []).flatMap((e) =>
    e.activityTaskScheduledEventAttributes ? [e.activityTaskScheduledEventAttributes.activityType?.name] : [],
  );
  expect(scheduled).toEqual([
    'prepareSkillRun',
    'modelStep',
    'askUser',
    'answerUser',
    'modelStep',
    'finishSkillRun',
    'notifySkillRun',
  ]);
  await replay(history);
}, 60_000);

it('replays runs recorded with local bookkeeping before the lean history', async () => {
  const asked = await fixture('skill-run-local-bookkeeping.history.bin');
  const types = (asked.events ?? []).map((e) => e.eventType);
  // What the lean path would not have written: the timer's cancellation, and the notification's marker.
  expect(types).toContain(EventType.EVENT_TYPE_TIMER_CANCELED);
  expect(types.filter((t) => t === EventType.EVENT_TYPE_MARKER_RECORDED).length).toBeGreaterThanOrEqual(6);
  await replay(asked);

  const timedOut = await fixture('skill-run-local-bookkeeping-timed-out.history.bin');
  expect((timedOut.events ?? []).map((e) => e.eventType)).toContain(EventType.EVENT_TYPE_TIMER_FIRED);
  await replay(timedOut);
}, 60_000);

it('replays lean runs recorded before bookkeeping moved into the model steps', async () => {
  for (const name of ['skill-run-lean-asked.history.bin', 'skill-run-lean-timed-out.history.bin']) {
    const history = await fixture(name);
    const events = history.events ?? [];
    // Local start and finish bookkeeping, and a run input without maxDurationMs.
    const markers = events.filter((e) => e.markerRecordedEventAttributes?.markerName === 'core_local_activity');
    expect(markers.length).toBeGreaterThanOrEqual(2);
    const input = events[0]?.workflowExecutionStartedEventAttributes?.input?.payloads?.[0]?.data;
    expect(JSON.parse(Buffer.from(input!).toString())).toEqual({ runId: expect.any(String) });
    await replay(history);
  }
}, 60_000);
