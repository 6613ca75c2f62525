/** A run's event log (read by the SSE endpoint). Each event's data is typed by its schema in the document. */
import type { Prisma, PrismaClient } from '../../generated/prisma/client.ts';
import type { SkillRunEvent } from '../../generated/routes.ts';
import { emitRunStatus, type KnownRunState } from '../webhooks/events.ts';
import { pgJson } from './pg-text.ts';

export type RunEventType = SkillRunEvent['event'];
export type RunEventData<T extends RunEventType> = Extract<SkillRunEvent, { event: T }>['data'];

/**
 * Appends an event. The `skill_run_events_notify` trigger sends `NOTIFY skillplane_run_events, '<run id>'` in the
 * same transaction, which wakes the run's stream viewers (src/runs/event-feed.ts) once it commits. A `status` event
 * also writes its webhook event; `known` spares that queries the caller can answer (see `emitRunStatus`).
 */
export async function appendEvent<T extends RunEventType>(
  prisma: PrismaClient | Prisma.TransactionClient,
  runId: string,
  type: T,
  data: RunEventData<T>,
  known: KnownRunState = {},
): Promise<void> {
  // Webhooks report status changes from the same transaction (an outbox row), so they are never lost.
  if (type === 'status') await emitRunStatus(prisma, runId, (data as { status: string }).status, known);
  await prisma.skillRunEvent.create({ data: { runId, type, data: pgJson(data) as Prisma.InputJsonValue } });
}

/**
 * Appends several events that are not status changes in one statement, in the order given (one multi-row INSERT
 * takes the ids of its rows in order).
 */
export async function appendEvents(
  tx: Prisma.TransactionClient,
  runId: string,
  events: ReadonlyArray<
    { [T in Exclude<RunEventType, 'status'>]: { type: T; data: RunEventData<T> } }[Exclude<RunEventType, 'status'>]
  >,
): Promise<void> {
  if (events.length === 0) return;
  await tx.skillRunEvent.createMany({
    data: events.map((e) => ({ runId, type: e.type, data: pgJson(e.data) as Prisma.InputJsonValue })),
  });
}

export const TERMINAL_STATUSES = ['completed', 'failed', 'cancelled', 'timed_out'] as const;
export function isTerminal(status: string): boolean {
  return (TERMINAL_STATUSES as readonly string[]).includes(status);
}
