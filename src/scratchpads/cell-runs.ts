/**
 * Starting and cancelling a cell's run. A run is a Temporal workflow (workflows/scratchpad-cell.workflow.ts) whose
 * input is the cell id and the run's number, nothing more: the code is copied into the cell row (`run_code`).
 *
 * The cell is marked `pending` and the workflow started in one database transaction, which holds the cell's row lock
 * until it commits: the workflow's first step (marking the cell `running`, conditional on the number) waits on that
 * lock, so it sees the committed run, or, if the transaction rolled back after the start (a crash, Temporal's answer
 * lost), finds no such run and ends without touching the cell. Nothing is left `pending` without a workflow.
 * One run of a cell at a time: a second request while it is pending or running is a 409.
 */
import { randomBytes } from 'node:crypto';
import { WorkflowNotFoundError } from '@temporalio/client';
import type { ScratchpadCell } from '../../generated/prisma/client.ts';
import { ApiError } from '../app/problem.ts';
import type { Deps } from '../app/types.ts';
import type { Tx } from '../runs/steps.ts';
import { searchAttributes } from '../temporal/search-attributes.ts';
import { appendCellEvent, isActive } from './cell-events.ts';

export interface CellRunInput {
  cellId: string;
  execution: number;
}

export async function startCellRun(
  { prisma, temporal, config }: Pick<Deps, 'prisma' | 'temporal' | 'config'>,
  cell: ScratchpadCell,
  workspaceId: string,
): Promise<ScratchpadCell> {
  // Unique per attempt: a workflow started by a transaction that then rolled back never shares an id with the next.
  const workflowId = `${cell.id}-run-${randomBytes(6).toString('hex')}`;
  return prisma.$transaction(
    async (tx) => {
      const rows = await tx.$queryRaw<Array<{ execution_count: number }>>`
        UPDATE scratchpad_cells SET status = 'pending', execution_count = execution_count + 1, run_code = content,
          run_workflow_id = ${workflowId}, outputs = '[]', error = NULL, started_at = NULL, finished_at = NULL,
          updated_at = now()
        WHERE id = ${cell.id} AND type = 'code' AND (status IS NULL OR status IN ('success', 'error'))
        RETURNING execution_count`;
      if (rows.length === 0) throw await notRunnable(tx, cell.id);
      const execution = rows[0]!.execution_count;
      await tx.scratchpadCellEvent.deleteMany({ where: { cellId: cell.id } });
      await appendCellEvent(tx, cell.id, 'status', { status: 'pending' });
      const input: CellRunInput = { cellId: cell.id, execution };
      await temporal.workflow.start('scratchpadCellWorkflow', {
        workflowId,
        taskQueue: config.TEMPORAL_TASK_QUEUE,
        args: [input],
        typedSearchAttributes: [{ key: searchAttributes.workspaceId, value: workspaceId }],
      });
      return tx.scratchpadCell.findUniqueOrThrow({ where: { id: cell.id } });
    },
    { timeout: config.TEMPORAL_RPC_TIMEOUT_MS + 5000 },
  );
}

async function notRunnable(tx: Tx, cellId: string): Promise<ApiError> {
  const now = await tx.scratchpadCell.findUnique({ where: { id: cellId } });
  if (!now) return ApiError.notFound('cell');
  if (now.type !== 'code')
    return new ApiError(409, 'CONFLICT', { detail: `Only code cells run; this one is ${now.type}.` });
  return new ApiError(409, 'CONFLICT', {
    detail: `The cell is already ${now.status}: one run of a cell at a time (cancel it, or wait for its end).`,
  });
}

/**
 * Asks the run's workflow to cancel: its step kills the sandbox process and the cell ends `error` ("Cancelled").
 * A workflow that no longer exists (a lost start, history deleted) is settled here.
 */
export async function cancelCellRun(
  { prisma, temporal }: Pick<Deps, 'prisma' | 'temporal'>,
  cell: ScratchpadCell,
): Promise<void> {
  if (!isActive(cell.status)) {
    throw new ApiError(409, 'CONFLICT', { detail: `The cell is not running (${cell.status ?? 'never run'}).` });
  }
  if (!cell.runWorkflowId) {
    throw new ApiError(409, 'CONFLICT', {
      detail:
        'The agent runs this cell within its turn: cancel the turn (POST /api/v1/responses/{response_id}/cancel).',
    });
  }
  await stopCellRun({ prisma, temporal }, cell);
}

/** Like `cancelCellRun`, for a cell about to be deleted: nothing to stop is not an error. */
export async function stopCellRun(
  { prisma, temporal }: Pick<Deps, 'prisma' | 'temporal'>,
  cell: ScratchpadCell,
): Promise<void> {
  if (!isActive(cell.status) || !cell.runWorkflowId) return;
  try {
    await temporal.workflow.getHandle(cell.runWorkflowId).cancel();
  } catch (err) {
    if (!(err instanceof WorkflowNotFoundError)) throw err;
    await finishCell(prisma, { cellId: cell.id, execution: cell.executionCount }, 'error', 'Cancelled');
  }
}

/** Ends the run `execution` of the cell, if it is still the current one and not over: status, error and events. */
export async function finishCell(
  prisma: Deps['prisma'],
  { cellId, execution }: CellRunInput,
  status: 'success' | 'error',
  error: string | null,
): Promise<boolean> {
  return prisma.$transaction(async (tx) => {
    const ended = await tx.scratchpadCell.updateMany({
      where: { id: cellId, executionCount: execution, status: { in: ['pending', 'running'] } },
      data: { status, error, finishedAt: new Date() },
    });
    if (ended.count === 0) return false;
    await appendCellEvent(tx, cellId, 'status', { status });
    await appendCellEvent(tx, cellId, 'end', { status, error });
    return true;
  });
}
