/**
 * A response's output with the text not folded into it yet. Appending a text delta (`tail-append.ts`) stores only
 * its event: folding it into `responses.output` would rewrite the whole growing output, text included, on every
 * write, which made a long answer cost the database work in proportion to its length squared. So the stored output
 * is the fold of the events before `output_seq`, the events from there to `last_seq` are text deltas of the open
 * message, and whoever reads the output folds them in: `emitEvents` under the response's lock (and then stores the
 * output folded to its end), and the readers here. Events are never changed once written, so the row and the
 * events read after it, in any order, fold to the output as of the row.
 */
import type { PrismaClient } from '../../generated/prisma/client.ts';
import type { Tx } from '../runs/steps.ts';
import { foldEvent, type OutputItem, type StreamEvent } from './output.ts';

interface Folded {
  id: string;
  output: unknown;
  outputSeq: number;
  lastSeq: number;
}

/** Folds the pending text deltas into `row.output` (in place) and returns the row; one query only when some are. */
export async function foldPendingText<T extends Folded>(db: PrismaClient | Tx, row: T): Promise<T> {
  if (row.outputSeq >= row.lastSeq) return row;
  const events = await db.responseEvent.findMany({
    where: { responseId: row.id, seq: { gte: row.outputSeq, lt: row.lastSeq } },
    orderBy: { seq: 'asc' },
    select: { data: true },
  });
  const output = row.output as OutputItem[];
  for (const e of events) foldEvent(output, e.data as unknown as StreamEvent);
  row.outputSeq = row.lastSeq;
  return row;
}

/** `foldPendingText` for each row (in place). */
export async function foldPendingTexts<T extends Folded>(db: PrismaClient | Tx, rows: T[]): Promise<T[]> {
  await Promise.all(rows.map((r) => foldPendingText(db, r)));
  return rows;
}
