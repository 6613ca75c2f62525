/**
 * Cells and their order. `position` stays dense (0..n-1): every change of order runs in a transaction that first
 * locks the scratchpad row, so concurrent appends, moves and deletes of one scratchpad take turns, and the unique
 * (scratchpad_id, position) index refuses a duplicate should anything bypass the lock. PostgreSQL checks that index
 * row by row, so shifts go through negative positions first (distinct, never colliding with a final one).
 */
import type { ScratchpadCell } from '../../generated/prisma/client.ts';
import type { CreateCell, InitialCell, UpdateCell } from '../../generated/routes.ts';
import { ApiError } from '../app/problem.ts';
import type { Deps } from '../app/types.ts';
import type { Config } from '../config.ts';
import { newId } from '../lib/ids.ts';
import type { Tx } from '../runs/steps.ts';
import { stopCellRun } from './cell-runs.ts';

export const MAX_CELLS = 500;

type CellFields = Pick<ScratchpadCell, 'id' | 'type' | 'language' | 'content' | 'runTimeoutMs'>;

function timeoutMs(config: Pick<Config, 'SANDBOX_COMMAND_TIMEOUT_SECONDS'>, seconds: number, field: string) {
  const max = config.SANDBOX_COMMAND_TIMEOUT_SECONDS;
  if (seconds > max)
    throw ApiError.validation([{ field, message: `At most ${max} seconds on this server`, code: 'too_big' }]);
  return seconds * 1000;
}

/** A new cell's columns; `language` and `timeout_seconds` belong to code cells only. */
export function newCellData(config: Config, body: InitialCell, field: string): CellFields {
  const isCode = body.type === 'code';
  for (const key of ['language', 'timeout_seconds'] as const) {
    if (!isCode && body[key] !== undefined)
      throw ApiError.validation([
        { field: `${field}.${key}`, message: 'Only code cells have this field', code: 'not_allowed' },
      ]);
  }
  return {
    id: newId('cell'),
    type: body.type,
    language: isCode ? (body.language ?? 'python') : null,
    content: body.content ?? '',
    runTimeoutMs: isCode
      ? timeoutMs(config, body.timeout_seconds ?? config.SANDBOX_COMMAND_TIMEOUT_SECONDS, `${field}.timeout_seconds`)
      : null,
  };
}

async function lockScratchpad(tx: Tx, scratchpadId: string): Promise<void> {
  const rows = await tx.$queryRaw<unknown[]>`SELECT id FROM scratchpads WHERE id = ${scratchpadId} FOR UPDATE`;
  if (rows.length === 0) throw ApiError.notFound('scratchpad');
  await tx.scratchpad.update({ where: { id: scratchpadId }, data: { updatedAt: new Date() } });
}

const outOfRange = (max: number) =>
  ApiError.validation([{ field: 'body.index', message: `Must be between 0 and ${max}`, code: 'too_big' }]);

export async function appendCell(
  deps: Pick<Deps, 'prisma' | 'config'>,
  scratchpadId: string,
  body: CreateCell,
  /** A chosen id (a retried agent tool call inserts the same cell); a new one otherwise. */
  id?: string,
): Promise<ScratchpadCell> {
  const data = { ...newCellData(deps.config, body, 'body'), ...(id ? { id } : {}) };
  return deps.prisma.$transaction(async (tx) => {
    await lockScratchpad(tx, scratchpadId);
    const count = await tx.scratchpadCell.count({ where: { scratchpadId } });
    if (count >= MAX_CELLS)
      throw new ApiError(409, 'CONFLICT', { detail: `A scratchpad holds at most ${MAX_CELLS} cells.` });
    const position = body.index ?? count;
    if (position > count) throw outOfRange(count);
    await tx.$executeRaw`UPDATE scratchpad_cells SET position = -position - 2
      WHERE scratchpad_id = ${scratchpadId} AND position >= ${position}`;
    await tx.$executeRaw`UPDATE scratchpad_cells SET position = -position - 1
      WHERE scratchpad_id = ${scratchpadId} AND position < 0`;
    return tx.scratchpadCell.create({ data: { ...data, scratchpadId, position } });
  });
}

/** Edits content, language or timeout, and moves the cell when `index` is given. */
export async function updateCell(
  deps: Pick<Deps, 'prisma' | 'config'>,
  cell: ScratchpadCell,
  body: UpdateCell,
): Promise<ScratchpadCell> {
  for (const key of ['language', 'timeout_seconds'] as const) {
    if (cell.type !== 'code' && body[key] !== undefined)
      throw ApiError.validation([
        { field: `body.${key}`, message: 'Only code cells have this field', code: 'not_allowed' },
      ]);
  }
  const runTimeoutMs =
    body.timeout_seconds === undefined
      ? undefined
      : timeoutMs(deps.config, body.timeout_seconds, 'body.timeout_seconds');
  return deps.prisma.$transaction(async (tx) => {
    await lockScratchpad(tx, cell.scratchpadId);
    if (body.index !== undefined) {
      const ids = (await orderedIds(tx, cell.scratchpadId)).filter((id) => id !== cell.id);
      if (ids.length === (await tx.scratchpadCell.count({ where: { scratchpadId: cell.scratchpadId } })))
        throw ApiError.notFound('cell');
      if (body.index > ids.length) throw outOfRange(ids.length);
      ids.splice(body.index, 0, cell.id);
      await renumber(tx, cell.scratchpadId, ids);
    }
    const updated = await tx.scratchpadCell.updateMany({
      where: { id: cell.id },
      data: {
        ...(body.content !== undefined ? { content: body.content } : {}),
        ...(body.language !== undefined ? { language: body.language } : {}),
        ...(runTimeoutMs !== undefined ? { runTimeoutMs } : {}),
        updatedAt: new Date(),
      },
    });
    if (updated.count === 0) throw ApiError.notFound('cell');
    return tx.scratchpadCell.findUniqueOrThrow({ where: { id: cell.id } });
  });
}

/** Cancels the cell's run if any, deletes it, and closes the gap it leaves. */
export async function deleteCell(deps: Deps, cell: ScratchpadCell): Promise<void> {
  await stopCellRun(deps, cell);
  await deps.prisma.$transaction(async (tx) => {
    await lockScratchpad(tx, cell.scratchpadId);
    const gone = await tx.scratchpadCell.deleteMany({ where: { id: cell.id } });
    if (gone.count === 0) return;
    await renumber(tx, cell.scratchpadId, await orderedIds(tx, cell.scratchpadId));
  });
}

async function orderedIds(tx: Tx, scratchpadId: string): Promise<string[]> {
  const rows = await tx.scratchpadCell.findMany({
    where: { scratchpadId },
    orderBy: { position: 'asc' },
    select: { id: true },
  });
  return rows.map((r) => r.id);
}

/** Gives the cells positions 0..n-1 in the order of `ids`. */
async function renumber(tx: Tx, scratchpadId: string, ids: string[]): Promise<void> {
  await tx.$executeRaw`UPDATE scratchpad_cells SET position = -position - 1 WHERE scratchpad_id = ${scratchpadId}`;
  await tx.$executeRaw`UPDATE scratchpad_cells c SET position = v.ord - 1
    FROM unnest(${ids}::text[]) WITH ORDINALITY AS v(id, ord)
    WHERE c.id = v.id AND c.scratchpad_id = ${scratchpadId}`;
}
