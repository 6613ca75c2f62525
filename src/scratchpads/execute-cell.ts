/**
 * One execution of a running cell's code, for whoever drives it (the cell-run workflow's activity, the agent's
 * `write_scratchpad_cell` tool): runs it in the scratchpad's sandbox, streams what it prints into the cell's events
 * (every 200 ms), turns the files it wrote into outputs, and stores the outputs on the cell, each write conditional
 * on run `execution` still being the cell's current, running one. A cell deleted meanwhile stops its code.
 */
import { rm } from 'node:fs/promises';
import type { PrismaClient, ScratchpadCell } from '../../generated/prisma/client.ts';
import type { Config } from '../config.ts';
import { pgText } from '../runs/pg-text.ts';
import { sandboxStatus } from '../sandbox/bwrap.ts';
import { appendCellEvent } from './cell-events.ts';
import { cellSandbox, runCellCode, runError } from './cell-sandbox.ts';
import { fileOutputs } from './file-outputs.ts';
import { OutputCapture } from './output-capture.ts';

export interface CellEnd {
  status: 'success' | 'error';
  error: string | null;
}

/** No sandbox here: code never runs unconfined. */
export class CellSandboxUnavailableError extends Error {}

export async function executeCellCode(
  { prisma, config }: { prisma: PrismaClient; config: Config },
  cell: ScratchpadCell & { runCode: string },
  execution: number,
  signal: AbortSignal,
): Promise<CellEnd> {
  const sandbox = await sandboxStatus(config.SANDBOX_BWRAP_PATH);
  if (!sandbox.available) throw new CellSandboxUnavailableError(`No sandbox is available to run code: ${sandbox.why}`);
  const cellId = cell.id;
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
      signal: AbortSignal.any([signal, gone.signal]),
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
    if (gone.signal.aborted && !signal.aborted) return { status: 'error', error: 'The cell was deleted' };
    const error = runError(result, timeoutMs);
    return { status: error === null ? 'success' : 'error', error };
  } finally {
    clearInterval(flusher);
    clearInterval(watch);
  }
}
