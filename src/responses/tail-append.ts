/**
 * Appending the model's text to a response in one statement, without `emitEvents`' locked read: the writer remembers
 * where the stream stood (`Tail`) and the statement applies only if `last_seq` is still there. The row's update takes
 * the same lock `emitEvents` takes and re-checks `last_seq` under it, so when nobody wrote in between the result is
 * exactly what `emitEvents` would have stored (same events, same folded output), and otherwise nothing is written and
 * the caller goes through `emitEvents`. One round trip instead of six: what a streamed token waits for. A delta to the
 * open message stores its event only (`pending-text.ts`), so a write costs the database the delta, not the output.
 */
import { Prisma, type PrismaClient } from '../../generated/prisma/client.ts';
import { newId } from '../lib/ids.ts';
import { pgJson } from '../runs/pg-text.ts';
import { isResponseOver } from './events.ts';
import { foldEvent, type OutputItem, openMessage, openMessageEvents, type StreamEvent } from './output.ts';

/** Where the stream stands: the next sequence number, the output's length and its open message, if any. */
export interface Tail {
  nextSeq: number;
  length: number;
  open: { itemId: string; index: number } | null;
}

/** The tail as stored now, or undefined when the output's end is not one this module can append to. */
export function tailOf(lastSeq: number, output: OutputItem[]): Tail | undefined {
  const open = openMessage(output);
  if (open && open.item.content?.[0]?.type !== 'output_text') return undefined;
  return { nextSeq: lastSeq, length: output.length, open: open ? { itemId: open.item.id, index: open.index } : null };
}

/** The tail as stored now; undefined for a response that is over (nothing may follow its last event) or gone. */
export async function readTail(prisma: PrismaClient, responseId: string): Promise<Tail | undefined> {
  const row = await prisma.response.findUnique({
    where: { id: responseId },
    select: { lastSeq: true, output: true, status: true },
  });
  if (!row || isResponseOver(row.status)) return undefined;
  return tailOf(row.lastSeq, row.output as unknown as OutputItem[]);
}

export const textDeltaEvent = (open: { itemId: string; index: number }, delta: string): StreamEvent => ({
  type: 'response.output_text.delta',
  item_id: open.itemId,
  output_index: open.index,
  content_index: 0,
  delta,
  logprobs: [],
});

/** Appends `delta` (opening a message first when none is open); returns the new tail, or undefined if it moved. */
export async function appendAtTail(
  prisma: PrismaClient,
  responseId: string,
  tail: Tail,
  delta: string,
): Promise<Tail | undefined> {
  let open = tail.open;
  const events: StreamEvent[] = [];
  // A delta to the open message is left out of `output` (folded in by its next writer or reader, `pending-text.ts`):
  // the row's update then touches neither the output nor its length, whatever the text's length. A new message is
  // folded in, after whatever is pending: its events come after those.
  let set: Prisma.Sql;
  let where: Prisma.Sql;
  if (open) {
    events.push(textDeltaEvent(open, delta));
    set = Prisma.empty;
    where = Prisma.empty;
  } else {
    // The new message as `foldEvent` builds it from its events, at the output's end (a sparse array up to there).
    const scratch: OutputItem[] = new Array(tail.length);
    open = { itemId: newId('msg'), index: tail.length };
    events.push(...openMessageEvents(scratch, open.itemId), textDeltaEvent(open, delta));
    for (const e of events) foldEvent(scratch, e);
    const item = JSON.stringify(pgJson(scratch[open.index]));
    set = Prisma.sql`, output = output || jsonb_build_array(${item}::jsonb), output_seq = ${tail.nextSeq + events.length}`;
    // No message is open, so nothing is pending: the output is folded to its end.
    where = Prisma.sql`AND output_seq = last_seq AND jsonb_array_length(output) = ${tail.length}`;
  }
  const rows = events.map((e, i) => {
    const seq = tail.nextSeq + i;
    return { seq, type: e.type, data: pgJson({ ...e, sequence_number: seq }) };
  });
  const next = tail.nextSeq + rows.length;
  const inserted = await prisma.$executeRaw`
    WITH moved AS (
      UPDATE responses SET last_seq = ${next}, updated_at = now() ${set}
      WHERE id = ${responseId} AND last_seq = ${tail.nextSeq} ${where}
      RETURNING id
    )
    INSERT INTO response_events (response_id, seq, type, data)
    SELECT moved.id, e.seq, e.type, e.data
    FROM moved, jsonb_to_recordset(${JSON.stringify(rows)}::jsonb) AS e(seq int, type text, data jsonb)`;
  if (inserted !== rows.length) return undefined;
  return { nextSeq: next, length: Math.max(tail.length, open.index + 1), open };
}
