/**
 * Following a response's events: replay from any point, then live until the turn's last event. Events are read from
 * PostgreSQL, so any API process serves any stream and a reconnecting client continues exactly after the last
 * sequence number it saw. Between reads a viewer waits for the response's notification (one per appended event,
 * sent by the `response_events_notify` trigger in the appending transaction, delivered by the process's
 * NotificationHub), so an idle viewer costs no query; a safety poll covers notifications lost while the listener
 * reconnected.
 */
import type { PrismaClient } from '../../generated/prisma/client.ts';
import type { NotificationHub } from '../db/notification-hub.ts';
import { isResponseOver } from './events.ts';

export const RESPONSE_EVENTS_CHANNEL = 'skillplane_response_events';
const BATCH = 500;
export const LAST_EVENT_TYPES = new Set(['response.completed', 'response.failed', 'response.incomplete']);

/** Declares the channel with its safety poll: one query for every watched response, waking those that moved. */
export function watchResponseEvents(hub: NotificationHub, prisma: PrismaClient): void {
  const seen = new Map<string, string>();
  hub.channel(RESPONSE_EVENTS_CHANNEL, {
    async poll(ids) {
      const rows = await prisma.response.findMany({
        where: { id: { in: ids } },
        select: { id: true, status: true, lastSeq: true },
      });
      const now = new Map(rows.map((r) => [r.id, `${r.status}:${r.lastSeq}`]));
      const changed: string[] = [];
      for (const id of ids) {
        const signature = now.get(id) ?? 'gone';
        if (seen.get(id) !== signature) changed.push(id);
        seen.set(id, signature);
      }
      for (const id of seen.keys()) if (!ids.includes(id)) seen.delete(id);
      return changed;
    },
  });
}

interface Deps {
  prisma: PrismaClient;
  hub: NotificationHub;
}

/** Waits for the response's next notification, the abort, or `timeoutMs`; subscribed before the caller's reads. */
function notifier(hub: NotificationHub, responseId: string, signal: AbortSignal) {
  let pending = false;
  let wake = () => {};
  const unsubscribe = hub.subscribe(RESPONSE_EVENTS_CHANNEL, responseId, () => {
    pending = true;
    wake();
  });
  const onAbort = () => wake();
  signal.addEventListener('abort', onAbort);
  return {
    /** Clears the pending flag: call before each read. */
    reading() {
      pending = false;
    },
    /** Resolves true when woken (a notification, possibly before the call, or the abort), false on the timeout. */
    wait(timeoutMs: number): Promise<boolean> {
      return new Promise<boolean>((resolve) => {
        const timer = setTimeout(() => resolve(false), timeoutMs);
        wake = () => {
          clearTimeout(timer);
          resolve(true);
        };
        if (pending || signal.aborted) wake();
      }).finally(() => {
        wake = () => {};
      });
    },
    close() {
      unsubscribe();
      signal.removeEventListener('abort', onAbort);
    },
  };
}

/**
 * Calls `send` for each event after `after`, in order, until the turn's last event has been sent, the response is
 * gone, or `signal` aborts; `idle` is called after `idleMs` without events (a keep-alive). Each event comes as its
 * stored JSON text (one line: PostgreSQL's jsonb text escapes every control character), never parsed here: a
 * streamed answer's events carry its text, and parsing and writing it again cost the API most of its time per token.
 */
export async function followResponseEvents(
  { prisma, hub }: Deps,
  responseId: string,
  after: number,
  send: (seq: number, type: string, json: string) => Promise<void>,
  signal: AbortSignal,
  { idle, idleMs = 15_000 }: { idle?: () => Promise<void>; idleMs?: number } = {},
): Promise<void> {
  const note = notifier(hub, responseId, signal);
  try {
    while (!signal.aborted) {
      note.reading();
      const rows = await prisma.$queryRaw<Array<{ seq: number; type: string; data: string }>>`
        SELECT seq, type, data::text AS data FROM response_events
        WHERE response_id = ${responseId} AND seq > ${after}
        ORDER BY seq LIMIT ${BATCH}`;
      for (const row of rows) {
        await send(row.seq, row.type, row.data);
        after = row.seq;
        if (LAST_EVENT_TYPES.has(row.type)) return;
      }
      if (rows.length === BATCH) continue;
      // Events found: anything committed after this read notifies after `reading()`, so the wait returns at once.
      if (rows.length === 0) {
        const response = await prisma.response.findUnique({ where: { id: responseId }, select: { lastSeq: true } });
        if (!response) return;
        if (response.lastSeq - 1 > after) continue;
      }
      const woken = await note.wait(idleMs);
      if (!woken && !signal.aborted && idle) await idle();
    }
  } finally {
    note.close();
  }
}

/** Waits until the response is over (or gone, or `signal` aborts), woken by its notifications. */
export async function waitForResponseEnd({ prisma, hub }: Deps, responseId: string, signal: AbortSignal) {
  const note = notifier(hub, responseId, signal);
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
