/**
 * Streams a cell run's events to a viewer: replay after `Last-Event-ID`, then wait for the cell's notification (one
 * per appended event, sent by the `scratchpad_cell_events_notify` trigger) instead of polling. A safety poll on the
 * hub covers a notification lost while its listener reconnected. Events live in PostgreSQL, so any API process
 * serves any stream.
 */
import type { PrismaClient } from '../../generated/prisma/client.ts';
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
  const seen = new Map<string, string>();
  hub.channel(CELL_EVENTS_CHANNEL, {
    async poll(cellIds) {
      const rows = await prisma.$queryRaw<Array<{ id: string; status: string | null; last: bigint | null }>>`
        SELECT c.id, c.status::text AS status,
               (SELECT max(e.id) FROM scratchpad_cell_events e WHERE e.cell_id = c.id) AS last
        FROM scratchpad_cells c WHERE c.id = ANY(${cellIds}::text[])`;
      const now = new Map(rows.map((r) => [r.id, `${r.status}:${r.last ?? ''}`]));
      const changed: string[] = [];
      for (const id of cellIds) {
        const signature = now.get(id) ?? 'gone';
        if (seen.get(id) !== signature) changed.push(id);
        seen.set(id, signature);
      }
      for (const id of seen.keys()) if (!cellIds.includes(id)) seen.delete(id);
      return changed;
    },
  });
}

/**
 * Calls `send` for each event of the cell after `after`, in order, until the `end` event, the cell is idle (or gone)
 * with nothing left to send, or `signal` aborts.
 */
export async function followCellEvents(
  { prisma, hub }: { prisma: PrismaClient; hub: NotificationHub },
  cellId: string,
  after: bigint,
  send: (event: CellEventRow) => Promise<void>,
  signal: AbortSignal,
): Promise<void> {
  // Subscribed before the first query, so an event committed between that query and the wait still wakes us.
  let pending = false;
  let wake = () => {};
  const unsubscribe = hub.subscribe(CELL_EVENTS_CHANNEL, cellId, () => {
    pending = true;
    wake();
  });
  const onAbort = () => wake();
  signal.addEventListener('abort', onAbort);
  try {
    while (!signal.aborted) {
      pending = false;
      const events = await prisma.scratchpadCellEvent.findMany({
        where: { cellId, id: { gt: after } },
        orderBy: { id: 'asc' },
        take: BATCH,
      });
      for (const event of events) {
        await send(event);
        after = event.id;
        if (event.type === 'end') return;
      }
      if (events.length === BATCH) continue;
      if (events.length === 0) {
        const cell = await prisma.scratchpadCell.findUnique({ where: { id: cellId }, select: { status: true } });
        if (!cell || !isActive(cell.status)) {
          const more = await prisma.scratchpadCellEvent.count({ where: { cellId, id: { gt: after } } });
          if (more === 0) return;
          continue;
        }
      }
      await new Promise<void>((resolve) => {
        wake = resolve;
        if (pending || signal.aborted) resolve();
      });
      wake = () => {};
    }
  } finally {
    unsubscribe();
    signal.removeEventListener('abort', onAbort);
  }
}
