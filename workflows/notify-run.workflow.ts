/**
 * Sends a run's notification e-mail when the run was ended outside its own workflow (the reconciler finished a run
 * whose workflow had been terminated or had failed). Workflow id `<run id>-notify`, so it is sent once.
 */
import { proxyActivities } from '@temporalio/workflow';
import type { SkillRunActivities } from './activities/skill-run.ts';

const { notifySkillRun } = proxyActivities<SkillRunActivities>({
  startToCloseTimeout: '2 minutes',
  retry: { initialInterval: '5 seconds', backoffCoefficient: 2, maximumAttempts: 5 },
});

export async function notifyRunWorkflow({ runId }: { runId: string }): Promise<void> {
  await notifySkillRun(runId);
}
