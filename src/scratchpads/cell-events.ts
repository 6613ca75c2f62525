/** A cell run's event log (read by its SSE stream). Each event's data is typed by its schema in the document. */
import type { Prisma, PrismaClient } from '../../generated/prisma/client.ts';
import type { CellEvent } from '../../generated/routes.ts';
import { pgJson } from '../runs/pg-text.ts';

export type CellEventType = CellEvent['event'];
export type CellEventData<T extends CellEventType> = Extract<CellEvent, { event: T }>['data'];

/**
 * Appends an event. The `scratchpad_cell_events_notify` trigger sends `NOTIFY skillplane_cell_events, '<cell id>'`
 * in the same transaction, which wakes the cell's stream viewers once it commits.
 */
export async function appendCellEvent<T extends CellEventType>(
  prisma: PrismaClient | Prisma.TransactionClient,
  cellId: string,
  type: T,
  data: CellEventData<T>,
): Promise<void> {
  await prisma.scratchpadCellEvent.create({ data: { cellId, type, data: pgJson(data) as Prisma.InputJsonValue } });
}

export const isActive = (status: string | null) => status === 'pending' || status === 'running';
