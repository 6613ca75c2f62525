/**
 * Ending a run row: status, error, outputs and the `status` + `end` events, once. Used by the workflow's last
 * activity and by the reconciler for runs whose workflow closed without finishing them. The update is conditional
 * on the row not being over yet, so when both race only one of them writes the end.
 */
import { Prisma, type PrismaClient } from '../../generated/prisma/client.ts';
import { appendEvent, TERMINAL_STATUSES } from './events.ts';
import { pgJson } from './pg-text.ts';

export interface RunErrorBody {
  type: string;
  title: string;
  detail: string;
}

export type RunEnd = { status: 'completed' | 'cancelled' | 'timed_out' } | { status: 'failed'; error: RunErrorBody };

export interface RunOutputFile {
  path: string;
  size: bigint;
  sha256: string;
}

/** Returns whether this call ended the run (false: it was already over). */
export async function finishRun(
  prisma: PrismaClient,
  runId: string,
  end: RunEnd,
  outputs?: RunOutputFile[],
): Promise<boolean> {
  return prisma.$transaction((tx) => finishRunIn(tx, runId, end, outputs));
}

/** `finishRun` inside a caller's transaction (a conversation turn ends its run and its response together). */
export async function finishRunIn(
  tx: Prisma.TransactionClient,
  runId: string,
  end: RunEnd,
  outputs?: RunOutputFile[],
): Promise<boolean> {
  const error = end.status === 'failed' ? pgJson(end.error) : undefined;
  const ended = await tx.skillRun.updateMany({
    where: { id: runId, status: { notIn: [...TERMINAL_STATUSES] } },
    data: {
      status: end.status,
      question: null,
      completedAt: new Date(),
      error: error ? { ...error } : Prisma.DbNull,
    },
  });
  if (ended.count === 0) return false;
  if (outputs) {
    await tx.skillRunOutput.deleteMany({ where: { runId } });
    await tx.skillRunOutput.createMany({ data: outputs.map((o) => ({ runId, ...o })) });
  }
  await appendEvent(tx, runId, 'status', { status: end.status, ...(error ? { error: { ...error } } : {}) });
  await appendEvent(tx, runId, 'end', { status: end.status });
  return true;
}
