/**
 * Webhook endpoints: creation and updates (URL checked against SSRF rules, unique per workspace, at most
 * WEBHOOK_MAX_PER_WORKSPACE), secret rotation with a grace period, test events and redelivery.
 */
import { Prisma, type WebhookDelivery, type WebhookEndpoint } from '../../generated/prisma/client.ts';
import { ApiError } from '../app/problem.ts';
import type { Deps } from '../app/types.ts';
import { newId } from '../lib/ids.ts';
import { checkDestination, systemResolver } from './destination.ts';
import { emitEvent } from './events.ts';
import { decrypt, encrypt, secretKey } from './secret-box.ts';
import { generateSecret, secretProblem } from './signing.ts';

type ServiceDeps = Pick<Deps, 'prisma' | 'config' | 'resolveHost'>;

/** The URL as it will be stored and called, or 400 `WEBHOOK_URL_REFUSED` naming `body.url`. */
export async function acceptableUrl(deps: ServiceDeps, raw: string): Promise<string> {
  const destination = await checkDestination(raw, {
    resolve: deps.resolveHost ?? systemResolver,
    allowedHosts: deps.config.WEBHOOK_ALLOWED_HOSTS,
  });
  if (!destination.ok) {
    throw new ApiError(400, 'WEBHOOK_URL_REFUSED', {
      detail: destination.reason,
      errors: [{ field: 'body.url', message: destination.reason, code: 'WEBHOOK_URL_REFUSED' }],
    });
  }
  return destination.url.href;
}

function acceptableSecret(secret: string | undefined): string {
  if (secret === undefined) return generateSecret();
  const problem = secretProblem(secret);
  if (problem) throw ApiError.validation([{ field: 'body.secret', message: problem, code: 'invalid_format' }]);
  return secret;
}

/** `*` alone when it is asked for, otherwise each type once. */
const subscriptions = (events: readonly string[] | undefined): string[] =>
  !events || events.includes('*') ? ['*'] : [...new Set(events)];

const duplicate = () =>
  new ApiError(409, 'WEBHOOK_URL_DUPLICATE', { detail: 'The workspace already has an endpoint with this URL.' });

/** The unique index settles races between two creates (or updates) of the same URL. */
function duplicateUrl(err: unknown): never {
  if (err instanceof Prisma.PrismaClientKnownRequestError && err.code === 'P2002') throw duplicate();
  throw err;
}

export interface NewEndpoint {
  workspaceId: string;
  url: string;
  events?: readonly string[];
  description?: string;
  enabled?: boolean;
  secret?: string;
  createdById: string | null;
}

export async function createEndpoint(
  deps: ServiceDeps,
  input: NewEndpoint,
): Promise<{ endpoint: WebhookEndpoint; secret: string }> {
  const secret = acceptableSecret(input.secret);
  const url = await acceptableUrl(deps, input.url);
  const key = await secretKey(deps.config);
  const id = newId('whk');
  const limit = deps.config.WEBHOOK_MAX_PER_WORKSPACE;
  const endpoint = await deps.prisma
    .$transaction(async (tx) => {
      await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext(${`webhooks:${input.workspaceId}`}))`;
      const same = await tx.webhookEndpoint.findFirst({ where: { workspaceId: input.workspaceId, url } });
      if (same) throw duplicate();
      const count = await tx.webhookEndpoint.count({ where: { workspaceId: input.workspaceId } });
      if (count >= limit) {
        throw new ApiError(409, 'WEBHOOK_LIMIT_EXCEEDED', {
          detail: `The workspace has ${count} webhook endpoints (limit ${limit}); delete one first.`,
        });
      }
      const enabled = input.enabled ?? true;
      return tx.webhookEndpoint.create({
        data: {
          id,
          workspaceId: input.workspaceId,
          url,
          description: input.description ?? null,
          eventTypes: subscriptions(input.events),
          enabled,
          disabledReason: enabled ? null : 'manual',
          disabledAt: enabled ? null : new Date(),
          secret: encrypt(key, secret, id),
          createdById: input.createdById,
        },
      });
    })
    .catch(duplicateUrl);
  return { endpoint, secret };
}

export interface EndpointChanges {
  url?: string;
  events?: readonly string[];
  description?: string | null;
  enabled?: boolean;
}

export async function updateEndpoint(
  deps: ServiceDeps,
  endpoint: WebhookEndpoint,
  changes: EndpointChanges,
): Promise<WebhookEndpoint> {
  const url = changes.url === undefined ? undefined : await acceptableUrl(deps, changes.url);
  const enabling = changes.enabled === true && !endpoint.enabled;
  const disabling = changes.enabled === false && endpoint.enabled;
  return deps.prisma.webhookEndpoint
    .update({
      where: { id: endpoint.id },
      data: {
        ...(url === undefined ? {} : { url }),
        ...(changes.events === undefined ? {} : { eventTypes: subscriptions(changes.events) }),
        ...(changes.description === undefined ? {} : { description: changes.description }),
        ...(enabling ? { enabled: true, disabledReason: null, disabledAt: null, failingSince: null } : {}),
        ...(disabling ? { enabled: false, disabledReason: 'manual', disabledAt: new Date() } : {}),
      },
    })
    .catch(duplicateUrl);
}

/** A new secret; the current one becomes the previous one and keeps signing until the grace period ends. */
export async function rotateSecret(
  deps: ServiceDeps,
  endpoint: WebhookEndpoint,
  { secret, graceSeconds = 86_400 }: { secret?: string; graceSeconds?: number },
): Promise<{ endpoint: WebhookEndpoint; secret: string }> {
  const next = acceptableSecret(secret);
  const key = await secretKey(deps.config);
  const current = decrypt(key, endpoint.secret, endpoint.id);
  const updated = await deps.prisma.webhookEndpoint.update({
    where: { id: endpoint.id },
    data: {
      secret: encrypt(key, next, endpoint.id),
      previousSecret: graceSeconds > 0 ? encrypt(key, current, `${endpoint.id}:previous`) : null,
      previousSecretExpiresAt: graceSeconds > 0 ? new Date(Date.now() + graceSeconds * 1000) : null,
    },
  });
  return { endpoint: updated, secret: next };
}

export async function sendTestEvent(deps: ServiceDeps, endpoint: WebhookEndpoint) {
  if (!endpoint.enabled) throw disabled();
  return deps.prisma.$transaction(async (tx) => {
    const id = await emitEvent(tx, {
      workspaceId: endpoint.workspaceId,
      type: 'webhook.test',
      subjectId: endpoint.id,
      endpointId: endpoint.id,
      data: { webhook_id: endpoint.id, message: 'A test event from Skillplane.' },
    });
    return tx.webhookEvent.findUniqueOrThrow({ where: { id } });
  });
}

/** Another round of one attempt; the dispatcher starts its workflow (`<delivery id>-r<round>`). */
export async function redeliver(
  deps: ServiceDeps,
  delivery: WebhookDelivery & { endpoint: WebhookEndpoint },
): Promise<WebhookDelivery> {
  if (!delivery.endpoint.enabled) throw disabled();
  const updated = await deps.prisma.webhookDelivery.updateMany({
    where: { id: delivery.id, round: delivery.round, status: { not: 'pending' } },
    data: { status: 'pending', round: delivery.round + 1, workflowStartedAt: null, nextAttemptAt: new Date() },
  });
  if (updated.count === 0) {
    throw new ApiError(409, 'WEBHOOK_DELIVERY_PENDING', { detail: 'The delivery is still being attempted.' });
  }
  return deps.prisma.webhookDelivery.findUniqueOrThrow({ where: { id: delivery.id } });
}

const disabled = () =>
  new ApiError(409, 'WEBHOOK_DISABLED', { detail: 'The endpoint is disabled; enable it with PATCH first.' });
