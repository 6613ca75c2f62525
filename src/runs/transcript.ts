/**
 * A run's conversation with the model, kept in PostgreSQL (`skill_run_messages`) instead of in workflow history:
 * the workflow passes run ids and step numbers, and each model step loads the transcript here.
 */
import type { ModelMessage } from 'ai';
import type { Prisma, PrismaClient } from '../../generated/prisma/client.ts';
import { pgJson } from './pg-text.ts';
import type { Tx } from './steps.ts';

/**
 * Appends messages after the last one, in one statement. Steps of a run are sequential, so the next sequence number
 * is free. `first`: the caller saw the transcript empty in this transaction, so they start at 0.
 */
export async function appendMessages(
  tx: Tx,
  runId: string,
  messages: ModelMessage[],
  { first = false } = {},
): Promise<void> {
  const last = first
    ? -1
    : ((await tx.skillRunMessage.aggregate({ where: { runId }, _max: { seq: true } }))._max.seq ?? -1);
  await tx.skillRunMessage.createMany({
    data: messages.map((message, i) => ({
      runId,
      seq: last + 1 + i,
      message: pgJson(message) as unknown as Prisma.InputJsonValue,
    })),
  });
}

export async function loadTranscript(prisma: PrismaClient, runId: string): Promise<ModelMessage[]> {
  const rows = await prisma.skillRunMessage.findMany({ where: { runId }, orderBy: { seq: 'asc' } });
  return rows.map((r) => r.message as unknown as ModelMessage);
}
