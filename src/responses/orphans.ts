/**
 * Turns whose workflow closed without ending them (terminated by an operator or by Temporal, or lost): each
 * reconciler tick describes the workflows of a bounded batch of running turns that have been quiet for a while, and
 * ends those whose workflow is closed as the skill-run reconciler would (`failed` with `WORKFLOW_TERMINATED`, …),
 * keeping their partial output, so their conversation is not left busy and their run frees its slot.
 */
import type { Deps } from '../app/types.ts';
import { closedWorkflowEnd } from '../runs/orphans.ts';
import { finishTurn } from './finish-turn.ts';

export async function finishOrphanedTurns(
  deps: Pick<Deps, 'prisma' | 'temporal' | 'config' | 'logger'>,
  { quietForMs = 5000, batch = 50 } = {},
): Promise<number> {
  const turns = await deps.prisma.response.findMany({
    where: { status: 'in_progress', updatedAt: { lt: new Date(Date.now() - quietForMs) } },
    orderBy: { updatedAt: 'asc' },
    take: batch,
    select: { id: true, createdAt: true },
  });
  let finished = 0;
  for (const turn of turns) {
    const end = await closedWorkflowEnd(deps, turn.id, turn.createdAt);
    if (end === undefined) continue;
    if (await finishTurn(deps.prisma, turn.id, end, ['in_progress'])) {
      finished++;
      deps.logger.warn('finished a turn whose workflow closed without ending it', { response_id: turn.id, end });
    }
  }
  return finished;
}
