/**
 * The `remember` tool of conversation turns: the agent saves a lasting fact as a memory (`source: agent`) of the
 * conversation's project, or of the workspace when the conversation has none. It runs in the worker, not the
 * sandbox, and the memory is inserted in the tool step's exactly-once transaction.
 */
import { newId } from '../lib/ids.ts';
import type { Tx } from '../runs/steps.ts';
import type { ToolOutcome } from '../runs/tools.ts';

export const REMEMBER = 'remember';

export const rememberSpec = {
  description:
    'Save a lasting fact or preference (one short sentence) so that later conversations know it. Use it when the user states something worth keeping.',
  inputSchema: {
    type: 'object',
    properties: { content: { type: 'string', minLength: 1, maxLength: 4000 } },
    required: ['content'],
    additionalProperties: false,
  },
};

export interface PendingMemory {
  id: string;
  content: string;
}

/** Checks the model's input; the memory itself is written by `saveMemory` when the step commits. */
export function rememberOutcome(input: Record<string, unknown>): { outcome: ToolOutcome; memory?: PendingMemory } {
  const content = typeof input.content === 'string' ? input.content.trim() : '';
  if (!content || content.length > 4000 || content.includes('\0')) {
    return { outcome: { output: 'content must be 1 to 4000 characters of text.', isError: true } };
  }
  const memory = { id: newId('mem'), content };
  return { outcome: { output: `Remembered (${memory.id}).`, isError: false }, memory };
}

/** Inserts the memory for the conversation of the turn whose run is `runId`. */
export async function saveMemory(tx: Tx, runId: string, memory: PendingMemory): Promise<void> {
  const turn = await tx.response.findUnique({
    where: { runId },
    select: { workspaceId: true, conversation: { select: { projectId: true } } },
  });
  if (!turn) return;
  await tx.memory.create({
    data: {
      id: memory.id,
      workspaceId: turn.workspaceId,
      projectId: turn.conversation.projectId,
      content: memory.content,
      source: 'agent',
    },
  });
}
