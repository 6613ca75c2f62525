/**
 * Exactly-once steps. A model call or tool call is recorded under a step key in the same transaction as its effects
 * (tokens, cost, events, transcript): either both commit or neither does. An activity retried after a worker died
 * finds the record and returns it, so a committed step is never repeated or charged twice; a step that died before
 * committing left no effects and simply runs again.
 */
import { Prisma, type PrismaClient } from '../../generated/prisma/client.ts';
import { pgJson } from './pg-text.ts';

export type Tx = Prisma.TransactionClient;

export async function recordedStep<T>(prisma: PrismaClient | Tx, runId: string, key: string): Promise<T | undefined> {
  const done = await prisma.skillRunStep.findUnique({ where: { runId_key: { runId, key } } });
  return done ? (done.result as T) : undefined;
}

/**
 * Returns the record of `key`, or runs `work` and commits its record together with `commit(tx, result)`.
 * If another attempt committed first (a zombie attempt of the same activity), that attempt's record wins.
 */
export async function once<T>(
  prisma: PrismaClient,
  runId: string,
  key: string,
  work: () => Promise<T>,
  commit: (tx: Tx, result: T) => Promise<void>,
): Promise<T> {
  const done = await recordedStep<T>(prisma, runId, key);
  if (done !== undefined) return done;
  const result = pgJson(await work());
  try {
    await prisma.$transaction(async (tx) => {
      await tx.skillRunStep.create({ data: { runId, key, result: result as Prisma.InputJsonValue } });
      await commit(tx, result);
    });
  } catch (err) {
    if (err instanceof Prisma.PrismaClientKnownRequestError && err.code === 'P2002') {
      const winner = await recordedStep<T>(prisma, runId, key);
      if (winner !== undefined) return winner;
    }
    throw err;
  }
  return result;
}
