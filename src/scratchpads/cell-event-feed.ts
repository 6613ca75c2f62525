/**
 * Streams a cell run's events to a viewer: replay after `Last-Event-ID`, then wait for the cell's notification (one
 * per appended event, sent by the `scratchpad_cell_events_notify` trigger) instead of polling. A safety poll on the
 * hub covers a notification lost while its listener reconnected. Events live in PostgreSQL, so any API process
 * serves any stream.
 */
import type { PrismaClient } from '../../generated/prisma/client.ts';
import { type EventStream, followEvents, watchChanges } from '../db/follow-events.ts';
import type { NotificationHub } from '../db/notification-hub.ts';
import { isActive } from './cell-events.ts';

export const CELL_EVENTS_CHANNEL = 'skillplane_cell_events';
const BATCH = 500;

export interface CellEventRow {
  id: bigint;
  type: string;
  data: unknown;
}

/** Declares the channel with its safety poll: wakes the watched cells whose status or last event changed. */
export function watchCellEvents(hub: NotificationHub, prisma: PrismaClient): void {
  watchChanges(hub, CELL_EVENTS_CHANNEL, async (cellIds) => {
    const rows = await prisma.$queryRaw<Array<{ id: string; status: string | null; last: bigint | null }>>`
      SELECT c.id, c.status::text AS status,
             (SELECT max(e.id) FROM scratchpad_cell_events e WHERE e.cell_id = c.id) AS last
      FROM scratchpad_cells c WHERE c.id = ANY(${cellIds}::text[])`;
    return new Map(rows.map((r) => [r.id, `${r.status}:${r.last ?? ''}`]));
  });
}

/**
 * Calls `send` for each event of the cell after `after`, in order, until the `end` event, the cell is idle (or gone)
 * with nothing left to send, or `signal` aborts.
 */
export function followCellEvents(
  { prisma, hub }: { prisma: PrismaClient; hub: NotificationHub },
  cellId: string,
  after: bigint,
  send: (event: CellEventRow) => Promise<void>,
  signal: AbortSignal,
): Promise<void> {
  const stream: EventStream<CellEventRow, bigint> = {
    hub,
    channel: CELL_EVENTS_CHANNEL,
    topic: cellId,
    read: (from) =>
      prisma.scratchpadCellEvent.findMany({ where: { cellId, id: { gt: from } }, orderBy: { id: 'asc' }, take: BATCH }),
    batch: BATCH,
    position: (event) => event.id,
    isLast: (event) => event.type === 'end',
    async whenEmpty(from) {
      const cell = await prisma.scratchpadCell.findUnique({ where: { id: cellId }, select: { status: true } });
      if (cell && isActive(cell.status)) return 'wait';
      const more = await prisma.scratchpadCellEvent.count({ where: { cellId, id: { gt: from } } });
      return more === 0 ? 'end' : 'again';
    },
  };
  return followEvents(stream, after, send, signal);
}
