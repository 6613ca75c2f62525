/** Appending items to a conversation, in order, under the conversation's row lock. */
import type { Prisma } from '../../generated/prisma/client.ts';
import { newId } from '../lib/ids.ts';
import type { OutputItem } from '../responses/output.ts';
import { pgJson } from '../runs/pg-text.ts';
import type { Tx } from '../runs/steps.ts';

export async function appendItems(tx: Tx, conversationId: string, responseId: string, items: OutputItem[]) {
  await tx.$executeRaw`SELECT 1 FROM conversations WHERE id = ${conversationId} FOR UPDATE`;
  const last = await tx.conversationItem.aggregate({ where: { conversationId }, _max: { seq: true } });
  let seq = (last._max.seq ?? -1) + 1;
  for (const item of items) {
    await tx.conversationItem.create({
      data: {
        id: newId('msg'),
        conversationId,
        responseId,
        seq: seq++,
        data: pgJson(item) as unknown as Prisma.InputJsonValue,
      },
    });
  }
  await tx.conversation.update({ where: { id: conversationId }, data: { updatedAt: new Date() } });
}
