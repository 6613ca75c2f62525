/**
 * Delivers one webhook event to one endpoint: attempts with durable timers between them, following the retry
 * schedule (WEBHOOK_RETRY_SCHEDULE_SECONDS, by default 15 attempts over about three days, each delay ±20% jitter,
 * at least what a 429/503 `Retry-After` asked for) until a 2xx, a 410 (which disables the endpoint), a disabled or
 * deleted endpoint, or the last attempt. Workflow id = delivery id, so the dispatcher starts it once.
 *
 * The activity retries only infrastructure failures (database, worker lost), without limit: an attempt that died
 * mid-request is closed as `interrupted` by its retry and is not sent again; the next attempt follows the schedule.
 */
import { proxyActivities, sleep } from '@temporalio/workflow';
import type { WebhookActivities } from './activities/webhook-delivery.ts';

const { deliverWebhookAttempt } = proxyActivities<WebhookActivities>({
  // The request itself is bounded by WEBHOOK_TIMEOUT_SECONDS (at most 30 s); heartbeats show the worker is alive.
  startToCloseTimeout: '2 minutes',
  heartbeatTimeout: '5 seconds',
  retry: { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '1 minute' },
});

export interface WebhookDeliveryInput {
  deliveryId: string;
  round: number;
  /** Seconds between attempts; attempts = its length + 1. */
  retrySchedule: number[];
}

export async function webhookDeliveryWorkflow({ deliveryId, round, retrySchedule }: WebhookDeliveryInput) {
  for (let attempt = 1; ; attempt++) {
    const nextDelaySeconds = retrySchedule[attempt - 1] ?? null;
    const outcome = await deliverWebhookAttempt({ deliveryId, round, attempt, nextDelaySeconds });
    if (outcome.done) return;
    await sleep(outcome.retryInMs);
  }
}
