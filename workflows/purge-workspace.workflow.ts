/**
 * Purges a deleted workspace durably: hide it (again: the request did so already, this covers a request that died
 * after starting the workflow), cancel its active runs and wait until they have ended (so no sandbox process writes
 * into a run directory being removed), then delete its Temporal Schedules, blobs, run directories and rows.
 */
import { getExternalWorkflowHandle, log, proxyActivities, sleep } from '@temporalio/workflow';
import type { WorkspacePurgeActivities } from './activities/workspace-purge.ts';

const act = proxyActivities<WorkspacePurgeActivities>({
  startToCloseTimeout: '30 minutes',
  heartbeatTimeout: '1 minute',
  retry: { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '1 minute' },
});

/** Runs get this long to end after their cancellation before the purge goes on without them. */
const MAX_WAIT_ROUNDS = 150;
const ROUND = '2 seconds';

export async function purgeWorkspaceWorkflow({ workspaceId }: { workspaceId: string }): Promise<void> {
  await act.hideWorkspace(workspaceId);
  const cancelled = new Set<string>();
  for (let round = 0; ; round++) {
    const active = await act.activeRunIds(workspaceId);
    if (active.length === 0) break;
    if (round >= MAX_WAIT_ROUNDS) {
      log.warn('purging a workspace whose runs did not end after cancellation', { workspaceId, runs: active });
      break;
    }
    for (const runId of active.filter((id) => !cancelled.has(id))) {
      cancelled.add(runId);
      // A run whose workflow has already closed (or never started) has nothing to cancel.
      await getExternalWorkflowHandle(runId)
        .cancel()
        .catch(() => undefined);
    }
    await sleep(ROUND);
  }
  await act.deleteWorkspaceSchedules(workspaceId);
  await act.purgeWorkspaceFiles(workspaceId);
  await act.purgeWorkspaceRunDirs(workspaceId);
  await act.deleteWorkspaceRows(workspaceId);
}
