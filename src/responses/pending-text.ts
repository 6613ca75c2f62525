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

/**
 * `foldPendingText` for each row (in place), in one query for all of them: a page of in-flight responses would
 * otherwise cost a query per streaming response.
 */
export async function foldPendingTexts<T extends Folded>(db: PrismaClient | Tx, rows: T[]): Promise<T[]> {
  const pending = rows.filter((r) => r.outputSeq < r.lastSeq);
  if (pending.length === 0) return rows;
  const events = await db.responseEvent.findMany({
    where: { OR: pending.map((r) => ({ responseId: r.id, seq: { gte: r.outputSeq, lt: r.lastSeq } })) },
    orderBy: [{ responseId: 'asc' }, { seq: 'asc' }],
    select: { responseId: true, data: true },
  });
  const byId = new Map(pending.map((r) => [r.id, r]));
  for (const e of events) foldEvent(byId.get(e.responseId)!.output as OutputItem[], e.data as unknown as StreamEvent);
  for (const r of pending) r.outputSeq = r.lastSeq;
  return rows;
}
