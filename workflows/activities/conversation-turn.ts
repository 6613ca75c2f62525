/**
 * The I/O of a conversation turn around the shared agent loop: `prepareTurn` opens the turn (the user's message
 * becomes an item, the transcript of the turn's run starts with the system prompt and the conversation so far), and
 * `finishTurn` ends it (the run's row, the response's last events, its output items appended to the conversation).
 * Both are idempotent: a retried activity finds the work done.
 */
import { appendItems } from '../../src/conversations/items.ts';
import { turnContext } from '../../src/conversations/turn-context.ts';
import { newId } from '../../src/lib/ids.ts';
import { emitEvents, isResponseOver } from '../../src/responses/events.ts';
import { finishTurn } from '../../src/responses/finish-turn.ts';
import type { OutputItem } from '../../src/responses/output.ts';
import type { RunEnd } from '../../src/runs/finish.ts';
import { appendMessages } from '../../src/runs/transcript.ts';
import type { RunDeps } from './skill-run.ts';

export interface TurnPlan {
  runId: string;
  responseId: string;
  model: string;
  tools: string[];
  maxSteps: number;
  maxDurationMs: number;
}

const TITLE_CHARS = 80;

export function createConversationTurnActivities({ prisma, config }: RunDeps) {
  return {
    /** Opens the turn; null when it is already over (cancelled while queued). */
    async prepareTurn(responseId: string): Promise<TurnPlan | null> {
      const turn = await prisma.response.findUnique({ where: { id: responseId }, include: { run: true } });
      // Gone (its conversation was deleted) or over (cancelled while queued): nothing to run.
      if (!turn || isResponseOver(turn.status)) return null;
      const context = await turnContext(prisma, turn);
      const status = await prisma.$transaction(async (tx) => {
        // The status changes under the response's lock, so a cancel of the queued turn and this start are ordered.
        let was = '';
        await emitEvents(tx, turn.id, (s) => {
          was = s.response.status;
          if (was !== 'queued') return;
          s.set({ status: 'in_progress' });
          s.pushLifecycle('response.in_progress');
        });
        if (was !== 'queued') return was;
        await appendMessages(tx, turn.runId, [
          { role: 'system', content: context.system },
          ...context.history,
          { role: 'user', content: turn.input },
        ]);
        const user: OutputItem = {
          id: newId('msg'),
          type: 'message',
          status: 'completed',
          role: 'user',
          content: [{ type: 'input_text', text: turn.input }],
        };
        await appendItems(tx, turn.conversationId, turn.id, [user]);
        await tx.conversation.updateMany({
          where: { id: turn.conversationId, title: null },
          data: { title: turn.input.replace(/\s+/g, ' ').trim().slice(0, TITLE_CHARS) },
        });
        await tx.skillRun.update({ where: { id: turn.runId }, data: { status: 'running', startedAt: new Date() } });
        return was;
      });
      if (isResponseOver(status)) return null;
      return {
        runId: turn.runId,
        responseId,
        model: turn.model,
        tools: context.tools,
        maxSteps: config.RUN_MAX_STEPS,
        maxDurationMs: turn.run.maxDurationSeconds * 1000,
      };
    },

    /** Ends the run and the response (keeping partial output) and appends the output to the conversation. */
    async finishTurn(input: { responseId: string; end: RunEnd }): Promise<void> {
      await finishTurn(prisma, input.responseId, input.end);
    },
  };
}

export type ConversationTurnActivities = ReturnType<typeof createConversationTurnActivities>;
