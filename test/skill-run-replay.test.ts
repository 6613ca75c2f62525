/**
 * Upgrading workers mid-run: a history recorded by the workflow before its bookkeeping became local activities (start,
 * ask_user's waiting and answer, finish and notify as remote activities; test/fixtures/…history.bin, recorded from a
 * real run) still replays with today's workflow code, because the change is behind `patched`. A replay that took the
 * new path would issue local activities where the history has scheduled activities and fail as nondeterministic.
 */
import { readFile } from 'node:fs/promises';
import proto from '@temporalio/proto';
import { Worker } from '@temporalio/worker';
import { expect, inject, it } from 'vitest';

it('replays a run recorded before bookkeeping became local', async () => {
  const bytes = await readFile(new URL('./fixtures/skill-run-remote-bookkeeping.history.bin', import.meta.url));
  const history = proto.temporal.api.history.v1.History.decode(bytes);
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
  const code = await readFile(inject('services').workflowBundlePath, 'utf8');
  await expect(Worker.runReplayHistory({ workflowBundle: { code } }, history)).resolves.toBeUndefined();
}, 60_000);
