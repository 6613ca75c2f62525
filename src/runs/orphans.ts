/**
 * Runs whose workflow closed without finishing them: terminated by Temporal (e.g. a payload or history limit) or by
 * an operator, timed out, or failed. Each tick takes a bounded batch of unfinished runs that have been quiet for a
 * while (least recently checked first), describes their workflows, and ends the rows of closed ones as `failed`
 * with the reason, emitting `end` and freeing the concurrency slot. Runs still open are stamped `checked_at` and
 * checked again only after `recheckAfterMs`, so long waits (ask_user) do not starve the rest of the batch and a
 * backlog of queued runs (a burst) is not described over and over while Temporal is busiest. A tick stops describing
 * when its `budgetMs` is spent: the rest waits for the next tick instead of failing this one.
 */
import { WorkflowNotFoundError } from '@temporalio/client';
import protos from '@temporalio/proto';
import type { Deps } from '../app/types.ts';
import { finishRun, type RunEnd } from './finish.ts';

type OrphanDeps = Pick<Deps, 'prisma' | 'temporal' | 'config' | 'logger'>;

/** A run whose workflow cannot be found this long after its start was recorded is considered lost. */
const LOST_AFTER_MS = 60_000;

export async function finishOrphanedRuns(
  deps: OrphanDeps,
  {
    quietForMs = 5000,
    recheckAfterMs = quietForMs,
    budgetMs = Number.POSITIVE_INFINITY,
    batch = 50,
  }: { quietForMs?: number; recheckAfterMs?: number; budgetMs?: number; batch?: number } = {},
): Promise<{ checked: number; finished: number }> {
  const { prisma, logger } = deps;
  const start = Date.now();
  const quiet = new Date(start - quietForMs);
  const runs = await prisma.skillRun.findMany({
    where: {
      status: { in: ['queued', 'running', 'waiting'] },
      workflowStartedAt: { not: null },
      updatedAt: { lt: quiet },
      OR: [{ checkedAt: null }, { checkedAt: { lt: new Date(start - recheckAfterMs) } }],
    },
    orderBy: { checkedAt: { sort: 'asc', nulls: 'first' } },
    take: batch,
    select: { id: true, workflowStartedAt: true },
  });
  let finished = 0;
  let checked = 0;
  for (const run of runs) {
    if (Date.now() - start > budgetMs) break;
    checked++;
    const end = await closedWorkflowEnd(deps, run.id, run.workflowStartedAt!);
    if (end === undefined) {
      // Raw SQL: checking a run must not bump its updated_at (which says when the run itself last moved).
      await prisma.$executeRaw`UPDATE skill_runs SET checked_at = now() WHERE id = ${run.id}`;
      continue;
    }
    if (await finishRun(prisma, run.id, end)) {
      finished++;
      logger.warn('finished a run whose workflow closed without finishing it', { run_id: run.id, end });
      await notify(deps, run.id);
    }
  }
  return { checked, finished };
}

/** How the run ended, if its workflow (by id) is closed; undefined while it is open (or may still start). */
export async function closedWorkflowEnd(deps: OrphanDeps, runId: string, startedAt: Date): Promise<RunEnd | undefined> {
  const handle = deps.temporal.workflow.getHandle(runId);
  let status: string;
  try {
    status = (await handle.describe()).status.name;
  } catch (err) {
    if (!(err instanceof WorkflowNotFoundError)) throw err;
    if (Date.now() - startedAt.getTime() < LOST_AFTER_MS) return undefined;
    return failed('WORKFLOW_NOT_FOUND', 'The run was lost', 'The run has no workflow in Temporal any more.');
  }
  switch (status) {
    case 'RUNNING':
      return undefined;
    case 'CANCELLED':
      return { status: 'cancelled' };
    case 'TERMINATED': {
      const reason = await terminationReason(deps, runId);
      return failed(
        'WORKFLOW_TERMINATED',
        'The run was terminated',
        reason ? `Its workflow was terminated: ${reason}` : 'Its workflow was terminated.',
      );
    }
    case 'TIMED_OUT':
      return failed('WORKFLOW_TIMED_OUT', 'The run timed out', 'Its workflow hit its execution timeout.');
    default:
      return failed('WORKFLOW_FAILED', 'The run failed', `Its workflow ended (${status}) without finishing the run.`);
  }
}

const failed = (type: string, title: string, detail: string): RunEnd => ({
  status: 'failed',
  error: { type, title, detail },
});

/** The reason given when the workflow was terminated (by Temporal itself or an operator), from its close event. */
async function terminationReason({ temporal, config }: OrphanDeps, runId: string): Promise<string | undefined> {
  const page = await temporal.workflowService.getWorkflowExecutionHistory({
    namespace: config.TEMPORAL_NAMESPACE,
    execution: { workflowId: runId },
    historyEventFilterType: protos.temporal.api.enums.v1.HistoryEventFilterType.HISTORY_EVENT_FILTER_TYPE_CLOSE_EVENT,
  });
  const reason = page.history?.events?.at(-1)?.workflowExecutionTerminatedEventAttributes?.reason;
  return reason ? reason.slice(0, 500) : undefined;
}

/** The run's notification e-mail, sent by a worker (this process has no mailer); once per run by workflow id. */
async function notify({ temporal, config, logger }: OrphanDeps, runId: string): Promise<void> {
  try {
    await temporal.workflow.start('notifyRunWorkflow', {
      workflowId: `${runId}-notify`,
      taskQueue: config.TEMPORAL_TASK_QUEUE,
      args: [{ runId }],
    });
  } catch (err) {
    logger.warn('could not start the notification of a finished run', { run_id: runId, error: String(err) });
  }
}
