/**
 * Following a response's events: replay from any point, then live until the turn's last event. Events are read from
 * PostgreSQL, so any API process serves any stream and a reconnecting client continues exactly after the last
 * sequence number it saw. Between reads a viewer waits for the response's notification (one per appended event,
 * sent by the `response_events_notify` trigger in the appending transaction, delivered by the process's
 * NotificationHub), so an idle viewer costs no query; a safety poll covers notifications lost while the listener
 * reconnected.
 */
import type { PrismaClient } from '../../generated/prisma/client.ts';
import { type EventStream, followEvents, notifier, watchChanges } from '../db/follow-events.ts';
import type { NotificationHub } from '../db/notification-hub.ts';
import { isResponseOver } from './events.ts';

export const RESPONSE_EVENTS_CHANNEL = 'skillplane_response_events';
const BATCH = 500;
export const LAST_EVENT_TYPES = new Set(['response.completed', 'response.failed', 'response.incomplete']);

/** Declares the channel with its safety poll: one query for every watched response, waking those that moved. */
export function watchResponseEvents(hub: NotificationHub, prisma: PrismaClient): void {
  watchChanges(hub, RESPONSE_EVENTS_CHANNEL, async (ids) => {
    const rows = await prisma.response.findMany({
      where: { id: { in: ids } },
      select: { id: true, status: true, lastSeq: true },
    });
    return new Map(rows.map((r) => [r.id, `${r.status}:${r.lastSeq}`]));
  });
}

interface Deps {
  prisma: PrismaClient;
  hub: NotificationHub;
}

interface ResponseEventRow {
  seq: number;
  type: string;
  data: string;
}

/**
 * Calls `send` for each event after `after`, in order, until the turn's last event has been sent, the response is
 * gone, or `signal` aborts; `idle` is called after `idleMs` without events (a keep-alive). Each event comes as its
 * stored JSON text (one line: PostgreSQL's jsonb text escapes every control character), never parsed here: a
 * streamed answer's events carry its text, and parsing and writing it again cost the API most of its time per token.
 */
export function followResponseEvents(
  { prisma, hub }: Deps,
  responseId: string,
  after: number,
  send: (seq: number, type: string, json: string) => Promise<void>,
  signal: AbortSignal,
  options: { idle?: () => Promise<void>; idleMs?: number } = {},
): Promise<void> {
  const stream: EventStream<ResponseEventRow, number> = {
    hub,
    channel: RESPONSE_EVENTS_CHANNEL,
    topic: responseId,
    read: (from) => prisma.$queryRaw<ResponseEventRow[]>`
      SELECT seq, type, data::text AS data FROM response_events
      WHERE response_id = ${responseId} AND seq > ${from}
      ORDER BY seq LIMIT ${BATCH}`,
    batch: BATCH,
    position: (row) => row.seq,
    isLast: (row) => LAST_EVENT_TYPES.has(row.type),
    async whenEmpty(from) {
      const response = await prisma.response.findUnique({ where: { id: responseId }, select: { lastSeq: true } });
      if (!response) return 'end';
      return response.lastSeq - 1 > from ? 'again' : 'wait';
    },
  };
  return followEvents(stream, after, (row) => send(row.seq, row.type, row.data), signal, options);
}

/** Waits until the response is over (or gone, or `signal` aborts), woken by its notifications. */
export async function waitForResponseEnd({ prisma, hub }: Deps, responseId: string, signal: AbortSignal) {
  const note = notifier(hub, RESPONSE_EVENTS_CHANNEL, responseId, signal);
  try {
    while (!signal.aborted) {
      note.reading();
      const row = await prisma.response.findUnique({ where: { id: responseId }, select: { status: true } });
      if (!row || isResponseOver(row.status)) return;
      await note.wait(30_000);
    }
  } finally {
    note.close();
  }
}
