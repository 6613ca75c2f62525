/**
 * The outbox dispatcher: turns committed webhook events into deliveries and starts one Temporal workflow per
 * delivery. Two idempotent phases, so any number of API processes may run it and a crash anywhere only delays:
 * 1. an event not yet dispatched gets one delivery row per matching endpoint (unique per event and endpoint) and is
 *    marked dispatched, in one transaction;
 * 2. a pending delivery whose workflow start is not recorded gets its workflow started (workflow id = delivery id,
 *    or `<id>-r<round>` for a redelivery, with duplicates rejected) and the start recorded.
 * An event is therefore delivered to each endpoint under one `webhook-id` (the event id), never twice as two.
 */
import { WorkflowExecutionAlreadyStartedError, WorkflowIdReusePolicy } from '@temporalio/client';
import type { Deps } from '../app/types.ts';
import { newId } from '../lib/ids.ts';

type DispatchDeps = Pick<Deps, 'prisma' | 'temporal' | 'config' | 'logger'>;

const BATCH = 100;

/**
 * One transaction per batch of events, not per event: a burst of runs writes three events each, and the endpoints of
 * the batch's workspaces are read once. An event goes to its own endpoint (a test event, enabled or not) or to every
 * enabled endpoint of its workspace subscribed to its type or to `*`.
 */
export async function dispatchEvents({ prisma }: DispatchDeps): Promise<number> {
  return prisma.$transaction(async (tx) => {
    const events = await tx.webhookEvent.findMany({
      where: { dispatchedAt: null },
      orderBy: { seq: 'asc' },
      take: BATCH,
      select: { id: true, workspaceId: true, type: true, endpointId: true },
    });
    if (events.length === 0) return 0;
    const endpoints = await tx.webhookEndpoint.findMany({
      where: {
        OR: [
          { workspaceId: { in: [...new Set(events.map((e) => e.workspaceId))] }, enabled: true },
          { id: { in: events.flatMap((e) => (e.endpointId ? [e.endpointId] : [])) } },
        ],
      },
      select: { id: true, workspaceId: true, enabled: true, eventTypes: true },
    });
    const deliveries = events.flatMap((event) =>
      endpoints
        .filter((e) =>
          event.endpointId
            ? e.id === event.endpointId
            : e.workspaceId === event.workspaceId &&
              e.enabled &&
              (e.eventTypes.includes(event.type) || e.eventTypes.includes('*')),
        )
        .map((e) => ({ id: newId('dlv'), eventId: event.id, endpointId: e.id })),
    );
    if (deliveries.length > 0) await tx.webhookDelivery.createMany({ data: deliveries, skipDuplicates: true });
    await tx.webhookEvent.updateMany({
      where: { id: { in: events.map((e) => e.id) } },
      data: { dispatchedAt: new Date() },
    });
    return events.length;
  });
}

export const deliveryWorkflowId = (deliveryId: string, round: number) =>
  round === 0 ? deliveryId : `${deliveryId}-r${round}`;

export async function startDeliveries(deps: DispatchDeps): Promise<number> {
  const { prisma, temporal, config } = deps;
  const pending = await prisma.webhookDelivery.findMany({
    where: { status: 'pending', workflowStartedAt: null },
    orderBy: { createdAt: 'asc' },
    take: BATCH,
  });
  for (const d of pending) {
    try {
      await temporal.workflow.start('webhookDeliveryWorkflow', {
        workflowId: deliveryWorkflowId(d.id, d.round),
        taskQueue: config.TEMPORAL_TASK_QUEUE,
        args: [
          {
            deliveryId: d.id,
            round: d.round,
            // A redelivery is one attempt; the first round follows the whole retry schedule.
            retrySchedule: d.round === 0 ? config.WEBHOOK_RETRY_SCHEDULE_SECONDS : [],
          },
        ],
        workflowIdReusePolicy: WorkflowIdReusePolicy.REJECT_DUPLICATE,
      });
    } catch (err) {
      if (!(err instanceof WorkflowExecutionAlreadyStartedError)) throw err;
    }
    await prisma.webhookDelivery.updateMany({
      where: { id: d.id, round: d.round, workflowStartedAt: null },
      data: { workflowStartedAt: new Date() },
    });
  }
  return pending.length;
}

/** Polls the outbox every `WEBHOOK_DISPATCH_INTERVAL_MS`; ticks never overlap. */
export function startWebhookDispatcher(
  deps: DispatchDeps,
  { intervalMs = deps.config.WEBHOOK_DISPATCH_INTERVAL_MS } = {},
): { stop(): Promise<void> } {
  let running: Promise<void> | undefined;
  let stopped = false;
  const tick = () => {
    if (running || stopped) return;
    running = (async () => {
      try {
        const deadline = Date.now() + Math.max(deps.config.TEMPORAL_RPC_TIMEOUT_MS, intervalMs);
        await deps.temporal.connection.withDeadline(deadline, async () => {
          // A few batches per tick: a burst (a ZIP of many files) drains quickly, and a tick stays bounded.
          for (let i = 0; i < 10 && (await dispatchEvents(deps)) === BATCH; i++) {}
          for (let i = 0; i < 10 && (await startDeliveries(deps)) === BATCH; i++) {}
        });
      } catch (err) {
        deps.logger.error('webhook dispatch failed', { error: String(err) });
      } finally {
        running = undefined;
      }
    })();
  };
  tick();
  const timer = setInterval(tick, intervalMs);
  timer.unref();
  return {
    async stop() {
      stopped = true;
      clearInterval(timer);
      await running;
    },
  };
}
