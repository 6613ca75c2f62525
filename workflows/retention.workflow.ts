/** The retention job, started hourly by the retention Schedule (src/purge/retention.ts). */
import { proxyActivities } from '@temporalio/workflow';
import type { RetentionActivities } from './activities/retention.ts';

const { purgeExpiredRows, purgeOldRunDirs, purgeOldOutputs, sweepStorage } = proxyActivities<RetentionActivities>({
  startToCloseTimeout: '30 minutes',
  heartbeatTimeout: '1 minute',
  retry: { initialInterval: '5 seconds', backoffCoefficient: 2, maximumInterval: '5 minutes', maximumAttempts: 5 },
});

export async function retentionWorkflow(): Promise<{
  rows: number;
  runDirs: number;
  outputs: number;
  swept: { blobs: number; bytes: number; uploads: number; tempFiles: number; scratchpadDirs: number };
}> {
  const purged = await purgeExpiredRows();
  const runDirs = await purgeOldRunDirs();
  const outputs = await purgeOldOutputs();
  // The storage sweep in stretches of bounded work, each its own activity (retried alone), until the listing ends.
  const swept = { blobs: 0, bytes: 0, uploads: 0, tempFiles: 0, scratchpadDirs: 0 };
  let after: string | undefined;
  do {
    const stretch = await sweepStorage(after);
    swept.blobs += stretch.blobs.count;
    swept.bytes += stretch.blobs.bytes + stretch.uploads.bytes + stretch.tempFiles.bytes;
    swept.uploads += stretch.uploads.count;
    swept.tempFiles += stretch.tempFiles.count;
    swept.scratchpadDirs += stretch.scratchpadDirs;
    after = stretch.next;
  } while (after);
  return {
    swept,
    rows: purged.idempotencyKeys + purged.rateLimitCounters + purged.sessions + purged.webhookEvents,
    runDirs,
    outputs,
  };
}
