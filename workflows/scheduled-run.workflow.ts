/**
 * The action of every Temporal Schedule: create the run row for the schedule (an activity, so limits and validation
 * apply as for any run) and execute the run as a child workflow whose id is the run id. Waiting for the child makes
 * the schedule's overlap policy apply to runs.
 */
import { executeChild, ParentClosePolicy, proxyActivities } from '@temporalio/workflow';
import type { ScheduleActivities } from './activities/schedule.ts';
import { skillRunWorkflow } from './skill-run.workflow.ts';

const { createScheduledRun } = proxyActivities<ScheduleActivities>({
  startToCloseTimeout: '1 minute',
  retry: { initialInterval: '1 second', maximumAttempts: 5 },
});

export async function scheduledSkillRunWorkflow({ scheduleId }: { scheduleId: string }): Promise<string | null> {
  const runId = await createScheduledRun(scheduleId);
  if (runId === null) return null;
  await executeChild(skillRunWorkflow, {
    workflowId: runId,
    args: [{ runId }],
    parentClosePolicy: ParentClosePolicy.ABANDON,
  });
  return runId;
}
