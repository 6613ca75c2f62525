/**
 * Ending a conversation turn: its run (status, `end` event) and its response (an open message closed as
 * `incomplete` unless the turn completed, the final status and error, the last event) in one transaction, with the
 * output appended to the conversation. Used by the turn's workflow, by a cancel of a turn no workflow runs, and by the
 * reconciler for turns whose workflow closed without ending them. Conditional on the response's status under its
 * lock, so only one of them ends a turn.
 */
import type { PrismaClient } from '../../generated/prisma/client.ts';
import { appendItems } from '../conversations/items.ts';
import { finishRunIn, type RunEnd } from '../runs/finish.ts';
import { emitEvents } from './events.ts';
import { closeMessage } from './output.ts';

type ActiveStatus = 'queued' | 'in_progress';

/** Returns whether this call ended the turn. */
export async function finishTurn(
  prisma: PrismaClient,
  responseId: string,
  end: RunEnd,
  from: readonly ActiveStatus[] = ['queued', 'in_progress'],
): Promise<boolean> {
  // Deleted with its conversation (which cancelled it first): nothing is left to end.
  if ((await prisma.response.count({ where: { id: responseId } })) === 0) return false;
  return prisma.$transaction(async (tx) => {
    let ended = false;
    await emitEvents(tx, responseId, async (s) => {
      if (!(from as readonly string[]).includes(s.response.status)) return;
      const ending = turnEnding(end);
      for (const e of closeMessage(s.output, ending.status === 'completed' ? 'completed' : 'incomplete')) s.push(e);
      s.set({ status: ending.status, completedAt: new Date(), ...(ending.error ? { error: ending.error } : {}) });
      s.pushLifecycle(ending.event);
      await finishRunIn(tx, s.response.runId, end);
      // The output the model produced; the user's message was appended when the turn started.
      if (s.output.length > 0) await appendItems(tx, s.response.conversationId, responseId, s.output);
      ended = true;
    });
    return ended;
  });
}

/** How a run's end shows on the response: its status, error and last event (OpenAI has no `cancelled` event). */
function turnEnding(end: RunEnd): {
  status: 'completed' | 'cancelled' | 'incomplete' | 'failed';
  error?: { code: string; message: string };
  event: string;
} {
  if (end.status === 'completed') return { status: 'completed', event: 'response.completed' };
  if (end.status === 'cancelled') return { status: 'cancelled', event: 'response.incomplete' };
  if (end.status !== 'failed') {
    return {
      status: 'incomplete',
      error: { code: 'TIMED_OUT', message: 'The turn ran out of time.' },
      event: 'response.incomplete',
    };
  }
  const error = { code: end.error.type, message: end.error.detail };
  if (end.error.type === 'STEP_LIMIT_REACHED') return { status: 'incomplete', error, event: 'response.incomplete' };
  return { status: 'failed', error, event: 'response.failed' };
}
