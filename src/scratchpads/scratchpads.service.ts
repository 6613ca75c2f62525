/** Scratchpads: loading one the caller may act on, creating one with its first cells, deleting one. */
import { rm } from 'node:fs/promises';
import type { Context } from 'hono';
import type { Scratchpad, ScratchpadCell } from '../../generated/prisma/client.ts';
import type { CreateScratchpad } from '../../generated/routes.ts';
import { ApiError } from '../app/problem.ts';
import type { AppEnv, Deps } from '../app/types.ts';
import { authorizeWorkspace } from '../auth/authorize.ts';
import { newId } from '../lib/ids.ts';
import type { Tx } from '../runs/steps.ts';
import { stopCellRun } from './cell-runs.ts';
import { newCellData } from './cells.service.ts';
import { scratchpadRoot } from './paths.ts';

export async function loadScratchpad(c: Context<AppEnv>, id: string): Promise<Scratchpad> {
  const scratchpad = await c.get('deps').prisma.scratchpad.findUnique({ where: { id } });
  if (!scratchpad) throw ApiError.notFound('scratchpad');
  await authorizeWorkspace(c, scratchpad.workspaceId, 'scratchpad');
  return scratchpad;
}

export async function loadCell(
  c: Context<AppEnv>,
  scratchpadId: string,
  cellId: string,
): Promise<{ scratchpad: Scratchpad; cell: ScratchpadCell }> {
  const scratchpad = await loadScratchpad(c, scratchpadId);
  const cell = await c.get('deps').prisma.scratchpadCell.findFirst({ where: { id: cellId, scratchpadId } });
  if (!cell) throw ApiError.notFound('cell');
  return { scratchpad, cell };
}

export const orderedCells = (tx: Tx | Deps['prisma'], scratchpadId: string) =>
  tx.scratchpadCell.findMany({ where: { scratchpadId }, orderBy: { position: 'asc' } });

export async function createScratchpad(
  deps: Pick<Deps, 'prisma' | 'config'>,
  workspaceId: string,
  body: CreateScratchpad,
): Promise<{ scratchpad: Scratchpad; cells: ScratchpadCell[] }> {
  const cells = (body.cells ?? []).map((cell, i) => newCellData(deps.config, cell, `body.cells[${i}]`));
  return deps.prisma.$transaction(async (tx) => {
    const scratchpad = await tx.scratchpad.create({
      data: {
        id: newId('sp'),
        workspaceId,
        conversationId: body.conversation_id,
        title: body.title ?? null,
        saved: body.saved ?? false,
      },
    });
    await tx.scratchpadCell.createMany({
      data: cells.map((cell, position) => ({ ...cell, scratchpadId: scratchpad.id, position })),
    });
    return { scratchpad, cells: await orderedCells(tx, scratchpad.id) };
  });
}

/** Cancels the scratchpad's running cells, deletes its rows, then its working directory on this host. */
export async function deleteScratchpad(deps: Deps, scratchpad: Scratchpad): Promise<void> {
  const active = await deps.prisma.scratchpadCell.findMany({
    where: { scratchpadId: scratchpad.id, status: { in: ['pending', 'running'] } },
  });
  for (const cell of active) await stopCellRun(deps, cell);
  await deps.prisma.scratchpad.deleteMany({ where: { id: scratchpad.id } });
  await rm(scratchpadRoot(deps.config, scratchpad.id), { recursive: true, force: true });
}
