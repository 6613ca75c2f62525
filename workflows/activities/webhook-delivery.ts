/**
 * One attempt of a webhook delivery, as an activity. The attempt's row is inserted before the request is sent and
 * its outcome recorded with the delivery's and the endpoint's new state in one transaction. An activity retried
 * after its worker died (or after any failure once the row exists) finds the row: a recorded outcome is returned
 * as it is, an unrecorded one is closed as `interrupted` and the request is not sent again under that attempt: the
 * workflow's next attempt, after the usual backoff, delivers it. So every attempt id is sent at most once, and the
 * event reaches the receiver under its one `webhook-id` (deduplicate on it: delivery is at least once).
 */
import { Context } from '@temporalio/activity';
import { Prisma, type PrismaClient, type WebhookAttempt } from '../../generated/prisma/client.ts';
import type { Config } from '../../src/config.ts';
import { version } from '../../src/config.ts';
import { newId } from '../../src/lib/ids.ts';
import type { Logger } from '../../src/logger.ts';
import { pgText } from '../../src/runs/pg-text.ts';
import { checkDestination, type HostResolver, systemResolver } from '../../src/webhooks/destination.ts';
import { emitEvent } from '../../src/webhooks/events.ts';
import { decrypt, secretKey } from '../../src/webhooks/secret-box.ts';
import { type AttemptError, postWebhook, type SendResult } from '../../src/webhooks/send.ts';
import { signatureHeader } from '../../src/webhooks/signing.ts';

export interface WebhookDeps {
  prisma: PrismaClient;
  config: Config;
  logger: Logger;
  /** Tests inject a resolver; the system's DNS otherwise. */
  resolveHost?: HostResolver;
}

export interface AttemptInput {
  deliveryId: string;
  round: number;
  attempt: number;
  /** Base delay before the next attempt, or null when this is the last one. */
  nextDelaySeconds: number | null;
}

export type AttemptOutcome = { done: true } | { done: false; retryInMs: number };

const EXCERPT_CHARS = 1024;
const MAX_RETRY_AFTER_MS = 24 * 3600 * 1000;

type Delivery = Prisma.WebhookDeliveryGetPayload<{ include: { event: true; endpoint: true } }>;
type Tx = Prisma.TransactionClient;

export function createWebhookActivities(deps: WebhookDeps) {
  const { prisma, config } = deps;
  const resolve = deps.resolveHost ?? systemResolver;

  /** Applies a finished attempt to the delivery and the endpoint; says what the workflow does next. */
  async function settle(
    tx: Tx,
    d: Delivery,
    attempt: WebhookAttempt,
    input: AttemptInput,
    retryAfterMs: number | null,
  ): Promise<AttemptOutcome> {
    const code = attempt.statusCode;
    if (code !== null && code >= 200 && code < 300) {
      await tx.webhookDelivery.update({ where: { id: d.id }, data: { status: 'succeeded', nextAttemptAt: null } });
      await tx.webhookEndpoint.update({ where: { id: d.endpointId }, data: { failingSince: null } });
      return { done: true };
    }
    const endpoint = await tx.webhookEndpoint.findUniqueOrThrow({ where: { id: d.endpointId } });
    const failingSince = endpoint.failingSince ?? attempt.startedAt;
    const failingTooLong = Date.now() - failingSince.getTime() >= config.WEBHOOK_DISABLE_AFTER_SECONDS * 1000;
    const disable = code === 410 ? 'gone' : failingTooLong ? 'failing' : undefined;
    await tx.webhookEndpoint.update({ where: { id: endpoint.id }, data: { failingSince } });
    if (disable && endpoint.enabled)
      await disableEndpoint(tx, endpoint.id, endpoint.workspaceId, endpoint.url, disable);
    if (disable || input.nextDelaySeconds === null) {
      await tx.webhookDelivery.update({ where: { id: d.id }, data: { status: 'failed', nextAttemptAt: null } });
      return { done: true };
    }
    let retryInMs = Math.round(input.nextDelaySeconds * 1000 * (0.8 + Math.random() * 0.4));
    if (retryAfterMs) retryInMs = Math.max(retryInMs, Math.min(retryAfterMs, MAX_RETRY_AFTER_MS));
    await tx.webhookDelivery.update({
      where: { id: d.id },
      data: { nextAttemptAt: new Date(Date.now() + retryInMs) },
    });
    return { done: false, retryInMs };
  }

  /** Records the outcome unless another execution of this attempt already did; then settles it. */
  async function finishAttempt(
    d: Delivery,
    attemptId: string,
    input: AttemptInput,
    result: { statusCode: number | null; latencyMs: number | null; excerpt: string | null; error: AttemptError | null },
    retryAfterMs: number | null = null,
  ): Promise<AttemptOutcome> {
    return prisma.$transaction(async (tx) => {
      const closed = await tx.webhookAttempt.updateMany({
        where: { id: attemptId, finishedAt: null },
        data: {
          finishedAt: new Date(),
          statusCode: result.statusCode,
          latencyMs: result.latencyMs,
          responseExcerpt: result.excerpt === null ? null : pgText(result.excerpt.slice(0, EXCERPT_CHARS)),
          error: result.error,
        },
      });
      const attempt = await tx.webhookAttempt.findUniqueOrThrow({ where: { id: attemptId } });
      if (closed.count === 0) return settled(attempt, input);
      return settle(tx, d, attempt, input, retryAfterMs);
    });
  }

  /** The outcome of an attempt some other execution recorded (and settled). */
  function settled(attempt: WebhookAttempt, input: AttemptInput): AttemptOutcome {
    const code = attempt.statusCode;
    if ((code !== null && code >= 200 && code < 300) || code === 410 || input.nextDelaySeconds === null) {
      return { done: true };
    }
    return { done: false, retryInMs: input.nextDelaySeconds * 1000 };
  }

  /** Checks the destination again (pinning the address it resolved to), signs and sends. */
  async function send(d: Delivery, attemptId: string): Promise<SendResult> {
    const timeoutMs = config.WEBHOOK_TIMEOUT_SECONDS * 1000;
    const destination = await checkDestination(d.endpoint.url, {
      resolve: (host) => withTimeout(resolve(host), timeoutMs),
      allowedHosts: config.WEBHOOK_ALLOWED_HOSTS,
    });
    if (!destination.ok) {
      return { statusCode: null, latencyMs: null, excerpt: null, error: 'destination_refused', retryAfterMs: null };
    }
    const key = await secretKey(config);
    const secrets = [decrypt(key, d.endpoint.secret, d.endpoint.id)];
    if (d.endpoint.previousSecret && (d.endpoint.previousSecretExpiresAt?.getTime() ?? 0) > Date.now()) {
      secrets.push(decrypt(key, d.endpoint.previousSecret, `${d.endpoint.id}:previous`));
    }
    const body = JSON.stringify({
      id: d.event.id,
      type: d.event.type,
      created_at: d.event.createdAt.toISOString(),
      sequence: Number(d.event.seq),
      data: d.event.data,
    });
    const timestamp = Math.floor(Date.now() / 1000);
    return postWebhook({
      url: destination.url,
      address: destination.address,
      body,
      timeoutMs,
      headers: {
        'content-type': 'application/json',
        'user-agent': `Skillplane-Webhooks/${version}`,
        'webhook-id': d.event.id,
        'webhook-timestamp': String(timestamp),
        'webhook-signature': signatureHeader(secrets, d.event.id, timestamp, body),
        'skillplane-delivery-id': d.id,
        'skillplane-attempt-id': attemptId,
      },
    });
  }

  return {
    async deliverWebhookAttempt(input: AttemptInput): Promise<AttemptOutcome> {
      const d = await prisma.webhookDelivery.findUnique({
        where: { id: input.deliveryId },
        include: { event: true, endpoint: true },
      });
      // Deleted (with its endpoint or event), or a newer redelivery round took over.
      if (!d || d.round !== input.round) return { done: true };
      const key = { deliveryId: d.id, round: input.round, number: input.attempt };
      const earlier = await prisma.webhookAttempt.findUnique({ where: { deliveryId_round_number: key } });
      if (earlier?.finishedAt) return settled(earlier, input);
      if (earlier) {
        return finishAttempt(d, earlier.id, input, {
          statusCode: null,
          latencyMs: null,
          excerpt: null,
          error: 'interrupted',
        });
      }
      if (d.status !== 'pending') return { done: true };
      if (!d.endpoint.enabled) {
        await prisma.webhookDelivery.update({ where: { id: d.id }, data: { status: 'failed', nextAttemptAt: null } });
        return { done: true };
      }
      const attemptId = newId('att');
      try {
        await prisma.webhookAttempt.create({ data: { id: attemptId, ...key } });
      } catch (err) {
        // A zombie execution of this very attempt got there first: it sends; this one reports what it recorded.
        if (err instanceof Prisma.PrismaClientKnownRequestError && err.code === 'P2002') {
          const other = await prisma.webhookAttempt.findUniqueOrThrow({ where: { deliveryId_round_number: key } });
          return other.finishedAt ? settled(other, input) : { done: false, retryInMs: 1000 };
        }
        throw err;
      }
      // Heartbeats from here on: a worker that dies mid-request is noticed within seconds.
      const context = Context.current();
      const heartbeat = setInterval(() => context.heartbeat(), 1000);
      try {
        const result = await send(d, attemptId);
        return await finishAttempt(d, attemptId, input, result, result.retryAfterMs);
      } finally {
        clearInterval(heartbeat);
      }
    },
  };
}

/** Disables an endpoint and records `webhook_endpoint.disabled` (delivered to the workspace's other endpoints). */
export async function disableEndpoint(
  tx: Tx,
  id: string,
  workspaceId: string,
  url: string,
  reason: 'gone' | 'failing',
): Promise<void> {
  const disabledAt = new Date();
  await tx.webhookEndpoint.update({ where: { id }, data: { enabled: false, disabledReason: reason, disabledAt } });
  await emitEvent(tx, {
    workspaceId,
    type: 'webhook_endpoint.disabled',
    subjectId: id,
    data: { id, url, reason, disabled_at: disabledAt.toISOString() },
  });
}

export type WebhookActivities = ReturnType<typeof createWebhookActivities>;

/** A host name that does not resolve in time counts as not resolving. */
function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error('resolution timed out')), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}
