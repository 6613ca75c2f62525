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
 * is free. `after`: the last sequence number, when the caller knows it in this transaction or step (-1: the
 * transcript is empty); otherwise it is read.
 */
export async function appendMessages(
  tx: Tx,
  runId: string,
  messages: ModelMessage[],
  { after }: { after?: number } = {},
): Promise<void> {
  const last = after ?? (await tx.skillRunMessage.aggregate({ where: { runId }, _max: { seq: true } }))._max.seq ?? -1;
  await tx.skillRunMessage.createMany({
    data: messages.map((message, i) => ({
      runId,
      seq: last + 1 + i,
      message: pgJson(message) as unknown as Prisma.InputJsonValue,
    })),
  });
}

/** The run's transcript in order, and the last sequence number (-1 when empty) for appending after it. */
export async function loadTranscript(
  prisma: PrismaClient,
  runId: string,
): Promise<{ messages: ModelMessage[]; lastSeq: number }> {
  const rows = await prisma.skillRunMessage.findMany({ where: { runId }, orderBy: { seq: 'asc' } });
  return { messages: rows.map((r) => r.message as unknown as ModelMessage), lastSeq: rows.at(-1)?.seq ?? -1 };
}
