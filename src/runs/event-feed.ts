/**
 * Streams a run's events to a viewer: replay after `Last-Event-ID`, then wait for the run's notification (one per
 * appended event, sent by the `skill_run_events_notify` trigger in the appending transaction) instead of polling.
 * An idle viewer costs no query; the viewers of a run that one notification wakes at the same position share one
 * query, so an event costs about one query per run, not one per viewer.
 */
import type pg from 'pg';
import type { PrismaClient } from '../../generated/prisma/client.ts';
import { type EventStream, followEvents, watchChanges } from '../db/follow-events.ts';
import type { NotificationHub } from '../db/notification-hub.ts';
import { isTerminal } from './events.ts';

export const RUN_EVENTS_CHANNEL = 'skillplane_run_events';
const BATCH = 500;

export interface RunEvent {
  id: bigint;
  type: string;
  data: unknown;
}

/**
 * Declares the run-events channel on the hub with its safety poll: one query for every watched run, waking the
 * runs whose last event or status changed since the previous poll (or that it sees for the first time), which
 * covers a notification that never arrived.
 */
export function watchRunEvents(hub: NotificationHub, prisma: PrismaClient): void {
  watchChanges(hub, RUN_EVENTS_CHANNEL, async (runIds) => {
    const rows = await prisma.$queryRaw<Array<{ id: string; status: string; last: bigint | null }>>`
      SELECT r.id, r.status::text AS status,
             (SELECT max(e.id) FROM skill_run_events e WHERE e.run_id = r.id) AS last
      FROM skill_runs r WHERE r.id = ANY(${runIds}::text[])`;
    return new Map(rows.map((r) => [r.id, `${r.status}:${r.last ?? ''}`]));
  });
}

/** Reads of a run's events in flight, by run, position and the delivery that caused them. */
const reads = new Map<string, Promise<RunEvent[]>>();

/**
 * A run's events after a position, in plain SQL on the pool under Prisma (src/db/client.ts): every viewer of every
 * run makes this read at each event, so it skips Prisma's query building and result mapping.
 */
async function eventsAfter(pool: pg.Pool, runId: string, after: bigint): Promise<RunEvent[]> {
  const { rows } = await pool.query<{ id: string; type: string; data: unknown }>(
    // Ordered by the bigint column, not the text alias of the same name (which would put event 10 before event 2).
    'SELECT e.id::text AS id, e.type, e.data FROM skill_run_events e WHERE e.run_id = $1 AND e.id > $2 ORDER BY e.id LIMIT $3',
    [runId, after.toString(), BATCH],
  );
  return rows.map((r) => ({ id: BigInt(r.id), type: r.type, data: r.data }));
}

/**
 * The events after `after`. A read caused by a delivery (`delivery` > 0) is shared by every viewer at the same
 * position woken by that delivery: it started after the notification arrived, so it sees the committed event. A
 * first read (no delivery yet) is never shared: one started before this viewer subscribed could miss an event whose
 * notification came before the subscription.
 */
function readAfter(pool: pg.Pool, runId: string, after: bigint, delivery: number): Promise<RunEvent[]> {
  const read = () => eventsAfter(pool, runId, after);
  if (delivery === 0) return read();
  const key = `${runId}:${after}:${delivery}`;
  let shared = reads.get(key);
  if (!shared) {
    shared = read().finally(() => reads.delete(key));
    reads.set(key, shared);
  }
  return shared;
}

/**
 * Calls `send` for each event of the run after `after`, in order, until the `end` event, the run is finished with
 * nothing left to send, or `signal` aborts.
 */
export function followRunEvents(
  { prisma, pool, hub }: { prisma: PrismaClient; pool: pg.Pool; hub: NotificationHub },
  runId: string,
  after: bigint,
  send: (event: RunEvent) => Promise<void>,
  signal: AbortSignal,
): Promise<void> {
  const stream: EventStream<RunEvent, bigint> = {
    hub,
    channel: RUN_EVENTS_CHANNEL,
    topic: runId,
    read: (from, delivery) => readAfter(pool, runId, from, delivery),
    batch: BATCH,
    position: (event) => event.id,
    isLast: (event) => event.type === 'end',
    async whenEmpty(from) {
      // A run that ended without an `end` event (e.g. before events existed) must not keep its viewers forever.
      const run = await prisma.skillRun.findUnique({ where: { id: runId }, select: { status: true } });
      if (run && !isTerminal(run.status)) return 'wait';
      const more = await prisma.skillRunEvent.count({ where: { runId, id: { gt: from } } });
      return more === 0 ? 'end' : 'again';
    },
  };
  return followEvents(stream, after, send, signal);
}
