/** Scratchpads and cells as the document shapes them. */
import type { Scratchpad, ScratchpadCell } from '../../generated/prisma/client.ts';
import type { Cell, CellOutput, Scratchpad as ScratchpadOut } from '../../generated/routes.ts';

const iso = (d: Date | null) => (d ? d.toISOString() : null);

export const cellOut = (v: ScratchpadCell): Cell => ({
  id: v.id,
  scratchpad_id: v.scratchpadId,
  type: v.type,
  language: v.type === 'code' ? ((v.language as Cell['language']) ?? 'python') : null,
  content: v.content,
  status: v.status,
  outputs: v.outputs as unknown as CellOutput[],
  error: v.error,
  index: v.position,
  execution_count: v.executionCount,
  timeout_seconds: v.runTimeoutMs === null ? null : Math.round(v.runTimeoutMs / 1000),
  started_at: iso(v.startedAt),
  finished_at: iso(v.finishedAt),
  created_at: v.createdAt.toISOString(),
  updated_at: v.updatedAt.toISOString(),
});

const base = (v: Scratchpad) => ({
  id: v.id,
  workspace_id: v.workspaceId,
  conversation_id: v.conversationId,
  title: v.title,
  saved: v.saved,
  artifact_id: v.artifactId,
  created_at: v.createdAt.toISOString(),
  updated_at: v.updatedAt.toISOString(),
});

export const scratchpadOut = (v: Scratchpad, cells: ScratchpadCell[]): ScratchpadOut => ({
  ...base(v),
  cells: cells.map(cellOut),
});

export const scratchpadSummaryOut = (v: Scratchpad & { _count: { cells: number } }) => ({
  ...base(v),
  cell_count: v._count.cells,
});
