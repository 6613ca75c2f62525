/**
 * The steps of a cell's run: mark it running, execute its code in the sandbox (src/scratchpads/execute-cell.ts), and
 * end it. Each takes only the cell id and the run's number; each writes only if that number is still the cell's
 * current run, so a late or repeated step changes nothing.
 */
import { ApplicationFailure, Context } from '@temporalio/activity';
import { appendCellEvent } from '../../src/scratchpads/cell-events.ts';
import { type CellRunInput, finishCell } from '../../src/scratchpads/cell-runs.ts';
import { type CellEnd, CellSandboxUnavailableError, executeCellCode } from '../../src/scratchpads/execute-cell.ts';
import type { RunDeps } from './skill-run.ts';

export type { CellEnd };
export type ScratchpadCellActivities = ReturnType<typeof createScratchpadCellActivities>;

export function createScratchpadCellActivities({ prisma, config }: RunDeps) {
  return {
    /**
     * `pending` → `running`. The UPDATE waits on the row lock of the transaction that started the workflow, so it
     * sees that transaction's outcome: false when it rolled back (or the run was cancelled or superseded).
     */
    async beginCellRun({ cellId, execution }: CellRunInput): Promise<boolean> {
      return prisma.$transaction(async (tx) => {
        const begun = await tx.$executeRaw`
          UPDATE scratchpad_cells SET status = 'running', started_at = now(), updated_at = now()
          WHERE id = ${cellId} AND execution_count = ${execution} AND status = 'pending'`;
        if (begun === 1) {
          await appendCellEvent(tx, cellId, 'status', { status: 'running' });
          return true;
        }
        // A retried step whose first attempt committed.
        const cell = await tx.scratchpadCell.findUnique({ where: { id: cellId } });
        return cell?.executionCount === execution && cell.status === 'running';
      });
    },

    async executeCell({ cellId, execution }: CellRunInput): Promise<CellEnd> {
      const ctx = Context.current();
      const cell = await prisma.scratchpadCell.findUnique({ where: { id: cellId } });
      if (!cell || cell.executionCount !== execution || cell.status !== 'running' || cell.runCode === null)
        return { status: 'error', error: 'The run was superseded' };
      if (ctx.info.attempt > 1) {
        // The worker that ran it died: the code runs again from the start, with the same working directory.
        await prisma.scratchpadCell.updateMany({
          where: { id: cellId, executionCount: execution },
          data: { outputs: [] },
        });
        await appendCellEvent(prisma, cellId, 'status', { status: 'running', restarted: true });
      }
      const beat = setInterval(() => ctx.heartbeat(), 300);
      try {
        const end = await executeCellCode(
          { prisma, config },
          { ...cell, runCode: cell.runCode },
          execution,
          ctx.cancellationSignal,
        ).catch((err: unknown) => {
          if (err instanceof CellSandboxUnavailableError)
            throw ApplicationFailure.nonRetryable(err.message, 'SANDBOX_UNAVAILABLE');
          throw err;
        });
        if (ctx.cancellationSignal.aborted) throw ctx.cancellationSignal.reason ?? new Error('cancelled');
        return end;
      } finally {
        clearInterval(beat);
      }
    },

    async finishCellRun({ cellId, execution, end }: CellRunInput & { end: CellEnd }): Promise<void> {
      await finishCell(prisma, { cellId, execution }, end.status, end.error);
    },
  };
}
