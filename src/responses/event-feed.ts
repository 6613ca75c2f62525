/**
 * Following a response's events: replay from any point, then live until the turn's last event. Events are read from
 * PostgreSQL (polled every 100 ms while the turn runs), so any API process can serve any stream and a reconnecting
 * client continues exactly after the last sequence number it saw. Swap the poll for a LISTEN/NOTIFY wake-up when the
 * event hub exists; the ordering and replay come from the table either way.
 */
import type { PrismaClient } from '../../generated/prisma/client.ts';
import type { StreamEvent } from './output.ts';

const POLL_MS = 100;
const BATCH = 500;
export const LAST_EVENT_TYPES = new Set(['response.completed', 'response.failed', 'response.incomplete']);

export interface FeedOptions {
  /** Called for each event in order; the feed waits for it (back-pressure from a slow client). */
  onEvent(seq: number, event: StreamEvent): Promise<void>;
  /** Called while waiting for more, every POLL_MS. */
  onIdle?(): Promise<void>;
  isClosed(): boolean;
  sleep(ms: number): Promise<unknown>;
}

/** Sends the events after `after` until the turn's last event has been sent or the client goes away. */
export async function followResponseEvents(
  prisma: PrismaClient,
  responseId: string,
  after: number,
  feed: FeedOptions,
): Promise<void> {
  while (!feed.isClosed()) {
    const rows = await prisma.responseEvent.findMany({
      where: { responseId, seq: { gt: after } },
      orderBy: { seq: 'asc' },
      take: BATCH,
    });
    for (const row of rows) {
      await feed.onEvent(row.seq, row.data as unknown as StreamEvent);
      after = row.seq;
      if (LAST_EVENT_TYPES.has(row.type)) return;
    }
    if (rows.length === 0) {
      const exists = await prisma.response.count({ where: { id: responseId } });
      if (exists === 0) return;
      await feed.onIdle?.();
      await feed.sleep(POLL_MS);
    }
  }
}

/** Waits until the response is over (or `timeoutMs` passes); polls like the feed. */
export async function waitForResponseEnd(prisma: PrismaClient, responseId: string, isClosed: () => boolean) {
  while (!isClosed()) {
    const row = await prisma.response.findUnique({ where: { id: responseId }, select: { status: true } });
    if (!row || ['completed', 'failed', 'cancelled', 'incomplete'].includes(row.status)) return;
    await new Promise((r) => setTimeout(r, POLL_MS * 2));
  }
}
