/** The retention job, started hourly by the retention Schedule (src/purge/retention.ts). */
import { proxyActivities } from '@temporalio/workflow';
import type { RetentionActivities } from './activities/retention.ts';

const { purgeExpiredRows, purgeOldRunDirs, purgeOldOutputs } = proxyActivities<RetentionActivities>({
  startToCloseTimeout: '30 minutes',
  heartbeatTimeout: '1 minute',
  retry: { initialInterval: '5 seconds', backoffCoefficient: 2, maximumInterval: '5 minutes', maximumAttempts: 5 },
});

export async function retentionWorkflow(): Promise<{ rows: number; runDirs: number; outputs: number }> {
  const purged = await purgeExpiredRows();
  const runDirs = await purgeOldRunDirs();
  const outputs = await purgeOldOutputs();
  return {
    rows: purged.idempotencyKeys + purged.rateLimitCounters + purged.sessions + purged.webhookEvents,
    runDirs,
    outputs,
  };
}
