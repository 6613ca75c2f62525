/**
 * The steps of a cell's run: mark it running, execute its code in the sandbox (streaming what it prints into the
 * cell's events while it runs), and end it. Each takes only the cell id and the run's number; each writes only if
 * that number is still the cell's current run, so a late or repeated step changes nothing.
 */
import { rm } from 'node:fs/promises';
import { ApplicationFailure, Context } from '@temporalio/activity';
import { pgText } from '../../src/runs/pg-text.ts';
import { sandboxStatus } from '../../src/sandbox/bwrap.ts';
import { appendCellEvent } from '../../src/scratchpads/cell-events.ts';
import { type CellRunInput, finishCell } from '../../src/scratchpads/cell-runs.ts';
import { cellSandbox, runCellCode, runError } from '../../src/scratchpads/cell-sandbox.ts';
import { fileOutputs } from '../../src/scratchpads/file-outputs.ts';
import { OutputCapture } from '../../src/scratchpads/output-capture.ts';
import type { RunDeps } from './skill-run.ts';

export interface CellEnd {
  status: 'success' | 'error';
  error: string | null;
}

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
      const sandbox = await sandboxStatus(config.SANDBOX_BWRAP_PATH);
      if (!sandbox.available)
        throw ApplicationFailure.nonRetryable(
          `No sandbox is available to run code: ${sandbox.why}`,
          'SANDBOX_UNAVAILABLE',
        );
      const timeoutMs = cell.runTimeoutMs ?? config.SANDBOX_COMMAND_TIMEOUT_SECONDS * 1000;
      const box = await cellSandbox(config, cell.scratchpadId, cellId);
      const capture = new OutputCapture();
      const flush = async () => {
        for (const { stream, text } of capture.drain())
          await appendCellEvent(prisma, cellId, 'output', { mime_type: 'text/plain', stream, data: pgText(text) });
      };
      let flushing = Promise.resolve();
      const flusher = setInterval(() => {
        flushing = flushing.then(flush).catch(() => {});
      }, 200);
      const beat = setInterval(() => ctx.heartbeat(), 300);
      // A cell deleted meanwhile (with its scratchpad, conversation or workspace) stops its code: nobody can see it.
      const gone = new AbortController();
      const watch = setInterval(() => {
        void prisma.scratchpadCell
          .count({ where: { id: cellId, executionCount: execution, status: 'running' } })
          .then((n) => n === 0 && gone.abort())
          .catch(() => {});
      }, 1000);
      try {
        const code = {
          scratchpadId: cell.scratchpadId,
          cellId,
          language: cell.language ?? 'python',
          code: cell.runCode,
          timeoutMs,
        };
        const result = await runCellCode(config, sandbox.bwrap, code, box, {
          signal: AbortSignal.any([ctx.cancellationSignal, gone.signal]),
          onOutput: capture.add,
        });
        clearInterval(flusher);
        await flushing;
        await flush();
        const files = await fileOutputs(box.outputs);
        // Kept in the cell now: the folder goes, so only the working directory holds disk between runs.
        await rm(box.outputs, { recursive: true, force: true });
        for (const file of files) await appendCellEvent(prisma, cellId, 'output', file);
        await prisma.scratchpadCell.updateMany({
          where: { id: cellId, executionCount: execution, status: 'running' },
          data: { outputs: [...capture.outputs(), ...files].map((o) => ({ ...o, data: pgText(o.data) })) },
        });
        if (ctx.cancellationSignal.aborted) throw ctx.cancellationSignal.reason ?? new Error('cancelled');
        if (gone.signal.aborted) return { status: 'error', error: 'The cell was deleted' };
        const error = runError(result, timeoutMs);
        return { status: error === null ? 'success' : 'error', error };
      } finally {
        clearInterval(flusher);
        clearInterval(beat);
        clearInterval(watch);
      }
    },

    async finishCellRun({ cellId, execution, end }: CellRunInput & { end: CellEnd }): Promise<void> {
      await finishCell(prisma, { cellId, execution }, end.status, end.error);
    },
  };
}
