/** Webhook rows → API shapes. */
import type {
  WebhookAttempt,
  WebhookDelivery,
  WebhookEndpoint,
  WebhookEvent,
} from '../../../generated/prisma/client.ts';
import type {
  WebhookAttempt as AttemptOut,
  WebhookDelivery as DeliveryOut,
  WebhookEvent as EventOut,
  Webhook as WebhookOut,
  WebhookSubscription,
} from '../../../generated/routes.ts';
import { iso, isoOrNull } from '../serializers.ts';

export function webhookOut(e: WebhookEndpoint): WebhookOut {
  return {
    id: e.id,
    workspace_id: e.workspaceId,
    url: e.url,
    description: e.description,
    events: e.eventTypes as WebhookSubscription[],
    enabled: e.enabled,
    status: e.enabled ? 'enabled' : 'disabled',
    disabled_reason: e.disabledReason as WebhookOut['disabled_reason'],
    disabled_at: isoOrNull(e.disabledAt),
    failing_since: isoOrNull(e.failingSince),
    previous_secret_expires_at:
      e.previousSecretExpiresAt && e.previousSecretExpiresAt > new Date() ? iso(e.previousSecretExpiresAt) : null,
    created_at: iso(e.createdAt),
    updated_at: iso(e.updatedAt),
  };
}

export function eventOut(e: WebhookEvent): EventOut {
  return {
    id: e.id,
    workspace_id: e.workspaceId,
    type: e.type,
    created_at: iso(e.createdAt),
    sequence: Number(e.seq),
    data: e.data as Record<string, unknown>,
  };
}

function attemptOut(a: WebhookAttempt): AttemptOut {
  return {
    id: a.id,
    round: a.round,
    number: a.number,
    started_at: iso(a.startedAt),
    finished_at: isoOrNull(a.finishedAt),
    status_code: a.statusCode,
    latency_ms: a.latencyMs,
    response_excerpt: a.responseExcerpt,
    error: a.error as AttemptOut['error'],
  };
}

export type DeliveryRow = WebhookDelivery & { attempts: WebhookAttempt[]; event: { type: string } };

/** What a delivery listing reads with each row. */
export const deliveryInclude = {
  attempts: { orderBy: [{ round: 'asc' as const }, { number: 'asc' as const }] },
  event: { select: { type: true } },
};

export function deliveryOut(d: DeliveryRow): DeliveryOut {
  return {
    id: d.id,
    event_id: d.eventId,
    event_type: d.event.type,
    webhook_id: d.endpointId,
    status: d.status as DeliveryOut['status'],
    next_attempt_at: d.status === 'pending' ? isoOrNull(d.nextAttemptAt) : null,
    attempts: d.attempts.map(attemptOut),
    created_at: iso(d.createdAt),
    updated_at: iso(d.updatedAt),
  };
}
