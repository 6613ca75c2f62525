/**
 * Which memories the agent sees at the start of a turn: the conversation's project's memories and the workspace's
 * global ones, newest first (recently stated facts win), at most MAX_MEMORIES and MAX_MEMORY_CHARS characters in all.
 * There is no similarity search yet: scope and recency decide.
 */
import type { PrismaClient } from '../../generated/prisma/client.ts';
import type { Tx } from '../runs/steps.ts';

export const MAX_MEMORIES = 20;
export const MAX_MEMORY_CHARS = 4000;

export async function recallMemories(
  prisma: PrismaClient | Tx,
  workspaceId: string,
  projectId: string | null,
): Promise<string[]> {
  const rows = await prisma.memory.findMany({
    where: { workspaceId, OR: [{ projectId: null }, ...(projectId ? [{ projectId }] : [])] },
    orderBy: [{ updatedAt: 'desc' }, { id: 'desc' }],
    take: MAX_MEMORIES,
    select: { content: true },
  });
  const chosen: string[] = [];
  let chars = 0;
  for (const { content } of rows) {
    if (chars + content.length > MAX_MEMORY_CHARS) break;
    chosen.push(content);
    chars += content.length;
  }
  return chosen;
}
