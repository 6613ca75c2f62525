/**
 * Ending a run row: status, error, outputs and the `status` + `end` events, once. Used by the workflow's last
 * activity and by the reconciler for runs whose workflow closed without finishing them. The update is conditional
 * on the row not being over yet, so when both race only one of them writes the end.
 */
import { Prisma, type PrismaClient } from '../../generated/prisma/client.ts';
import { emitRunStatus } from '../webhooks/events.ts';
import { TERMINAL_STATUSES } from './events.ts';
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

/**
 * Returns whether this call ended the run (false: it was already over). `previous`: the run's status before, when
 * the caller read it and only this call can end it (spares the webhook a lookup).
 */
export async function finishRun(
  prisma: PrismaClient,
  runId: string,
  end: RunEnd,
  { outputs, previous }: { outputs?: RunOutputFile[]; previous?: string } = {},
): Promise<boolean> {
  return prisma.$transaction((tx) => finishRunIn(tx, runId, end, { outputs, previous }));
}

/** `finishRun` inside a caller's transaction (a conversation turn ends its run and its response together). */
export async function finishRunIn(
  tx: Prisma.TransactionClient,
  runId: string,
  end: RunEnd,
  { outputs, previous }: { outputs?: RunOutputFile[]; previous?: string } = {},
): Promise<boolean> {
  const error = end.status === 'failed' ? pgJson(end.error) : undefined;
  // The ended row comes back with the update: the webhook's payload needs it, and a second read would be a round trip.
  const [row] = await tx.skillRun.updateManyAndReturn({
    where: { id: runId, status: { notIn: [...TERMINAL_STATUSES] } },
    data: {
      status: end.status,
      question: null,
      completedAt: new Date(),
      error: error ? { ...error } : Prisma.DbNull,
    },
  });
  if (!row) return false;
  if (outputs) {
    await tx.skillRunOutput.deleteMany({ where: { runId } });
    await tx.skillRunOutput.createMany({ data: outputs.map((o) => ({ runId, ...o })) });
  }
  // A run that never saved an output (generation 0) has none to read; `outputs` given are the run's now.
  const runOutputs =
    outputs ??
    (row.outputsGeneration === 0
      ? []
      : await tx.skillRunOutput.findMany({
          where: { runId },
          select: { path: true, size: true, sha256: true },
          orderBy: { path: 'asc' },
        }));
  // The status change's webhook, then its `status` and `end` events in one statement, in that order.
  await emitRunStatus(tx, runId, end.status, { previous, run: { ...row, outputs: runOutputs } });
  await tx.skillRunEvent.createMany({
    data: [
      { runId, type: 'status', data: pgJson({ status: end.status, ...(error ? { error: { ...error } } : {}) }) },
      { runId, type: 'end', data: pgJson({ status: end.status }) },
    ] as Prisma.SkillRunEventCreateManyInput[],
  });
  return true;
}
