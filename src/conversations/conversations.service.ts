/** Conversations: loading one the caller may act on, cancelling its turns, deleting it with its items and responses. */
import type { Context } from 'hono';
import type { Conversation } from '../../generated/prisma/client.ts';
import { ApiError } from '../app/problem.ts';
import type { AppEnv, Deps } from '../app/types.ts';
import { authorizeWorkspace } from '../auth/authorize.ts';
import { notFoundAt } from '../projects/projects.service.ts';
import { cancelTurn } from '../responses/responses.service.ts';
import type { Tx } from '../runs/steps.ts';

export async function loadConversation(c: Context<AppEnv>, id: string, field?: string): Promise<Conversation> {
  const conversation = await c.get('deps').prisma.conversation.findUnique({ where: { id } });
  if (!conversation) throw field ? notFoundAt('conversation', field) : ApiError.notFound('conversation');
  await authorizeWorkspace(c, conversation.workspaceId, 'conversation');
  return conversation;
}

/** Cancels every queued or running turn of the conversation. */
export async function cancelConversationTurns(deps: Pick<Deps, 'prisma' | 'temporal'>, conversationId: string) {
  const active = await deps.prisma.response.findMany({
    where: { conversationId, status: { in: ['queued', 'in_progress'] } },
  });
  for (const turn of active) await cancelTurn(deps, turn);
}

/** The conversation's rows: its responses' runs (with the responses and their events), then the conversation. */
export async function deleteConversationRows(tx: Tx, conversationId: string): Promise<void> {
  const responses = await tx.response.findMany({ where: { conversationId }, select: { runId: true } });
  await tx.skillRun.deleteMany({ where: { id: { in: responses.map((r) => r.runId) } } });
  await tx.conversation.deleteMany({ where: { id: conversationId } });
}

export async function deleteConversation(deps: Deps, conversation: Conversation): Promise<void> {
  await cancelConversationTurns(deps, conversation.id);
  await deps.prisma.$transaction((tx) => deleteConversationRows(tx, conversation.id));
}
