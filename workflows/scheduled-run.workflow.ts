/**
 * The action of every Temporal Schedule. A skill-run schedule: create the run row for the schedule (an activity, so limits and validation
 * apply as for any run) and execute the run as a child workflow whose id is the run id. Waiting for the child makes
 * the schedule's overlap policy apply to runs.
 *
 * The run id is derived from this workflow's id (unique per scheduled or triggered action) and start time, so a
 * retried activity finds the row it already inserted instead of inserting a second one. A run the schedule cannot
 * start (its skill or context files were deleted, a limit was hit) is inserted as `failed` with the reason.
 */
import { executeChild, ParentClosePolicy, proxyActivities, workflowInfo } from '@temporalio/workflow';
import type { ScheduleActivities } from './activities/schedule.ts';
import type { ScheduledTurnActivities } from './activities/scheduled-turn.ts';
import { runStatusKey, scheduleIdKey, skillIdKey, workspaceIdKey } from './search-attributes.ts';
import { skillRunWorkflow } from './skill-run.workflow.ts';

const { createScheduledRun } = proxyActivities<ScheduleActivities>({
  startToCloseTimeout: '1 minute',
  retry: { initialInterval: '1 second', maximumAttempts: 5 },
});
const { startScheduledTurn } = proxyActivities<ScheduledTurnActivities>({
  startToCloseTimeout: '1 minute',
  retry: { initialInterval: '1 second', maximumAttempts: 5 },
});

export async function scheduledSkillRunWorkflow({ scheduleId }: { scheduleId: string }): Promise<string | null> {
  const info = workflowInfo();
  const run = await createScheduledRun({
    scheduleId,
    seed: info.workflowId,
    createdAtMs: info.startTime.getTime(),
  });
  if (run === null) {
    // A prompt schedule: its turn joins the conversation's queue; the conversation's workflow runs it.
    return startScheduledTurn({ scheduleId, seed: info.workflowId, createdAtMs: info.startTime.getTime() });
  }
  await executeChild(skillRunWorkflow, {
    workflowId: run.runId,
    // A result recorded before runs did their bookkeeping inline has no maxDurationMs: that run keeps the old path.
    args: [{ runId: run.runId, ...(run.maxDurationMs === undefined ? {} : { maxDurationMs: run.maxDurationMs }) }],
    parentClosePolicy: ParentClosePolicy.ABANDON,
    typedSearchAttributes: [
      { key: workspaceIdKey, value: run.workspaceId },
      { key: skillIdKey, value: run.skillId },
      { key: scheduleIdKey, value: scheduleId },
      { key: runStatusKey, value: 'queued' },
    ],
  });
  return run.runId;
}
