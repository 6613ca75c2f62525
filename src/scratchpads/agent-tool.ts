/**
 * The `write_scratchpad_cell` tool of conversation turns: the agent writes to the conversation's scratchpad as it
 * reasons (a markdown note, or code it may run at once). The scratchpad is the conversation's most recent one, or a
 * new "Agent scratchpad". Ids are derived from the run and the tool call, so a tool step retried after a crash
 * finds the cell it already wrote instead of writing a second one; a code cell it already finished is reported, not
 * run again. Code runs in the scratchpad's sandbox exactly as `POST .../run` runs it, inside the tool step (itself
 * durable in the turn's workflow), with the cell's status and events kept as for any run.
 */
import type { PrismaClient, ScratchpadCell } from '../../generated/prisma/client.ts';
import { ApiError } from '../app/problem.ts';
import type { Config } from '../config.ts';
import { seededId } from '../lib/ids.ts';
import type { ToolOutcome } from '../runs/tools.ts';
import { appendCellEvent } from './cell-events.ts';
import { finishCell } from './cell-runs.ts';
import { appendCell } from './cells.service.ts';
import { CellSandboxUnavailableError, executeCellCode } from './execute-cell.ts';

export const SCRATCHPAD_TOOL = 'write_scratchpad_cell';

export const scratchpadToolSpec = {
  description:
    "Write a cell into this conversation's scratchpad, which the user sees: a markdown note, or Python or shell code. With run: true a code cell runs at once in a sandbox (no network; files written to /sandbox/outputs/ such as PNG charts become outputs; the working directory persists between cells) and you get what it printed.",
  inputSchema: {
    type: 'object',
    properties: {
      type: { type: 'string', enum: ['markdown', 'code'] },
      content: { type: 'string', maxLength: 100000 },
      language: { type: 'string', enum: ['python', 'shell'] },
      run: { type: 'boolean' },
    },
    required: ['type', 'content'],
    additionalProperties: false,
  },
};

interface Deps {
  prisma: PrismaClient;
  config: Config;
}

const fail = (output: string): ToolOutcome => ({ output, isError: true });

export async function scratchpadTool(
  deps: Deps,
  runId: string,
  call: { toolCallId: string; input: Record<string, unknown> },
  signal: AbortSignal,
): Promise<ToolOutcome> {
  const { type, content, language, run } = call.input;
  if (type !== 'markdown' && type !== 'code') return fail('type must be "markdown" or "code".');
  if (typeof content !== 'string' || content.length > 100_000 || content.includes('\0'))
    return fail('content must be text of at most 100000 characters.');
  if (language !== undefined && language !== 'python' && language !== 'shell')
    return fail('language must be "python" or "shell".');
  const turn = await deps.prisma.response.findUnique({ where: { runId } });
  if (!turn) return fail('Scratchpads belong to conversations; this run has none.');
  const time = turn.createdAt.getTime();
  const scratchpadId =
    (
      await deps.prisma.scratchpad.findFirst({
        where: { conversationId: turn.conversationId },
        orderBy: { createdAt: 'desc' },
      })
    )?.id ??
    (
      await deps.prisma.scratchpad.upsert({
        where: { id: seededId('sp', `${turn.conversationId}:agent`, time) },
        create: {
          id: seededId('sp', `${turn.conversationId}:agent`, time),
          workspaceId: turn.workspaceId,
          conversationId: turn.conversationId,
          title: 'Agent scratchpad',
        },
        update: {},
      })
    ).id;
  const cellId = seededId('cell', `${runId}:${call.toolCallId}`, time);
  let cell = await deps.prisma.scratchpadCell.findUnique({ where: { id: cellId } });
  if (!cell) {
    const body = type === 'code' ? { type, content, language: language ?? 'python' } : { type, content };
    cell = await appendCell(deps, scratchpadId, body as Parameters<typeof appendCell>[2], cellId).catch((err) => {
      if (err instanceof ApiError) return null;
      throw err;
    });
    if (!cell) return fail('The scratchpad is full (500 cells).');
  }
  const where = `cell ${cell.id} (index ${cell.position}) of scratchpad ${scratchpadId}`;
  if (type !== 'code' || run !== true) return { output: `Wrote ${where}.`, isError: false };
  if (cell.status !== 'success' && cell.status !== 'error') cell = await runNow(deps, cell, signal);
  return { output: describeRun(cell, where), isError: cell.status !== 'success' };
}

/**
 * Runs the cell as run 1: a cell never run, or one a crashed attempt of this tool call left running. A cell someone
 * started through the API meanwhile is theirs: it is reported as it is.
 */
async function runNow(deps: Deps, cell: ScratchpadCell, signal: AbortSignal): Promise<ScratchpadCell> {
  const execution = 1;
  const claimed = await deps.prisma.$transaction(async (tx) => {
    const n = await tx.$executeRaw`
      UPDATE scratchpad_cells SET status = 'running', execution_count = ${execution}, run_code = content,
        outputs = '[]', error = NULL, started_at = now(), updated_at = now()
      WHERE id = ${cell.id} AND run_workflow_id IS NULL
        AND (status IS NULL OR (status = 'running' AND execution_count = ${execution}))`;
    if (n === 0) return false;
    await tx.scratchpadCellEvent.deleteMany({ where: { cellId: cell.id } });
    await appendCellEvent(tx, cell.id, 'status', { status: 'running' });
    return true;
  });
  if (claimed) {
    const end = await executeCellCode(deps, { ...cell, runCode: cell.content }, execution, signal).catch(
      (err: unknown) => {
        if (err instanceof CellSandboxUnavailableError) return { status: 'error' as const, error: err.message };
        throw err;
      },
    );
    await finishCell(deps.prisma, { cellId: cell.id, execution }, end.status, end.error);
  }
  const now = await deps.prisma.scratchpadCell.findUnique({ where: { id: cell.id } });
  return now ?? { ...cell, status: 'error', error: 'The cell was deleted' };
}

function describeRun(cell: ScratchpadCell, where: string): string {
  const outputs = cell.outputs as Array<{ mime_type: string; data: string; stream?: string; name?: string }>;
  const lines = [`Ran ${where}: ${cell.status}${cell.error ? ` (${cell.error})` : ''}.`];
  for (const o of outputs) {
    if (o.stream) lines.push(`${o.stream}:\n${o.data}`);
    else lines.push(`${o.mime_type} output ${o.name ?? ''} (shown to the user)`);
  }
  return lines.join('\n');
}
