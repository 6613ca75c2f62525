/** Webhooks: endpoints (CRUD, secret rotation, test event), the event log, deliveries and redelivery. */
import type { OpenAPIHono } from '@hono/zod-openapi';
import type { Context } from 'hono';
import {
  deleteApiV1WebhooksWebhookIdRoute,
  getApiV1WebhookDeliveriesDeliveryIdRoute,
  getApiV1WebhookEventsEventIdDeliveriesRoute,
  getApiV1WebhookEventsEventIdRoute,
  getApiV1WebhookEventsRoute,
  getApiV1WebhooksRoute,
  getApiV1WebhooksWebhookIdDeliveriesRoute,
  getApiV1WebhooksWebhookIdRoute,
  patchApiV1WebhooksWebhookIdRoute,
  postApiV1WebhookDeliveriesDeliveryIdRedeliverRoute,
  postApiV1WebhooksRoute,
  postApiV1WebhooksWebhookIdRotateSecretRoute,
  postApiV1WebhooksWebhookIdTestRoute,
} from '../../../generated/routes.ts';
import { ApiError } from '../../app/problem.ts';
import { mount } from '../../app/router.ts';
import type { AppEnv } from '../../app/types.ts';
import { authorizeWorkspace, requestedWorkspace } from '../../auth/authorize.ts';
import { rememberCreated } from '../../idempotency/idempotency.ts';
import { pageArgs, timeRange, toPage } from '../../lib/pagination.ts';
import {
  createEndpoint,
  redeliver,
  rotateSecret,
  sendTestEvent,
  updateEndpoint,
} from '../../webhooks/webhooks.service.ts';
import { deliveryInclude, deliveryOut, eventOut, webhookOut } from './webhooks.serializers.ts';

const notFound = () => new ApiError(404, 'WEBHOOK_NOT_FOUND', { detail: 'No such webhook object.' });

/** Another workspace's webhook objects are as absent as missing ones: the same 404 `WEBHOOK_NOT_FOUND`. */
async function authorize(c: Context<AppEnv>, workspaceId: string): Promise<void> {
  try {
    await authorizeWorkspace(c, workspaceId);
  } catch (err) {
    if (err instanceof ApiError && err.code === 'NOT_FOUND') throw notFound();
    throw err;
  }
}

async function loadEndpoint(c: Context<AppEnv>, id: string) {
  const endpoint = await c.get('deps').prisma.webhookEndpoint.findUnique({ where: { id } });
  if (!endpoint) throw notFound();
  await authorize(c, endpoint.workspaceId);
  return endpoint;
}

async function loadEvent(c: Context<AppEnv>, id: string) {
  const event = await c.get('deps').prisma.webhookEvent.findUnique({ where: { id } });
  if (!event) throw notFound();
  await authorize(c, event.workspaceId);
  return event;
}

export function registerWebhooks(app: OpenAPIHono<AppEnv>): void {
  mount(app, postApiV1WebhooksRoute, async (c) => {
    const body = c.req.valid('json');
    const workspaceId = requestedWorkspace(c, body.workspace_id, 'body.workspace_id');
    await authorizeWorkspace(c, workspaceId);
    const { endpoint, secret } = await createEndpoint(c.get('deps'), {
      workspaceId,
      url: body.url,
      events: body.events,
      description: body.description,
      enabled: body.enabled,
      secret: body.secret,
      createdById: c.get('principal').userId,
    });
    const out = { ...webhookOut(endpoint), secret };
    rememberCreated(c, 201, out);
    return c.json(out, 201);
  });

  mount(app, getApiV1WebhooksRoute, async (c) => {
    const query = c.req.valid('query');
    const workspaceId = requestedWorkspace(c, query.workspace_id, 'query.workspace_id');
    await authorizeWorkspace(c, workspaceId);
    const page = pageArgs(query);
    const rows = await c.get('deps').prisma.webhookEndpoint.findMany({
      where: { AND: [{ workspaceId }, timeRange(query), page.where] },
      orderBy: page.orderBy,
      take: page.take,
    });
    return c.json(toPage(rows, page.limit, webhookOut), 200);
  });

  mount(app, getApiV1WebhooksWebhookIdRoute, async (c) => {
    return c.json(webhookOut(await loadEndpoint(c, c.req.valid('param').webhook_id)), 200);
  });

  mount(app, patchApiV1WebhooksWebhookIdRoute, async (c) => {
    const endpoint = await loadEndpoint(c, c.req.valid('param').webhook_id);
    const body = c.req.valid('json');
    return c.json(webhookOut(await updateEndpoint(c.get('deps'), endpoint, body)), 200);
  });

  mount(app, deleteApiV1WebhooksWebhookIdRoute, async (c) => {
    const endpoint = await loadEndpoint(c, c.req.valid('param').webhook_id);
    // Workflows of its deliveries find no delivery on their next attempt and end.
    await c.get('deps').prisma.webhookEndpoint.deleteMany({ where: { id: endpoint.id } });
    return c.body(null, 204);
  });

  mount(app, postApiV1WebhooksWebhookIdRotateSecretRoute, async (c) => {
    const endpoint = await loadEndpoint(c, c.req.valid('param').webhook_id);
    const body = c.req.valid('json') ?? {};
    const rotated = await rotateSecret(c.get('deps'), endpoint, {
      secret: body.secret,
      graceSeconds: body.grace_period_seconds,
    });
    return c.json({ ...webhookOut(rotated.endpoint), secret: rotated.secret }, 200);
  });

  mount(app, postApiV1WebhooksWebhookIdTestRoute, async (c) => {
    const endpoint = await loadEndpoint(c, c.req.valid('param').webhook_id);
    return c.json(eventOut(await sendTestEvent(c.get('deps'), endpoint)), 202);
  });

  mount(app, getApiV1WebhooksWebhookIdDeliveriesRoute, async (c) => {
    const endpoint = await loadEndpoint(c, c.req.valid('param').webhook_id);
    const query = c.req.valid('query');
    const page = pageArgs(query);
    const rows = await c.get('deps').prisma.webhookDelivery.findMany({
      where: {
        AND: [{ endpointId: endpoint.id }, query.status ? { status: query.status } : {}, timeRange(query), page.where],
      },
      include: deliveryInclude,
      orderBy: page.orderBy,
      take: page.take,
    });
    return c.json(toPage(rows, page.limit, deliveryOut), 200);
  });

  mount(app, getApiV1WebhookEventsRoute, async (c) => {
    const query = c.req.valid('query');
    const workspaceId = requestedWorkspace(c, query.workspace_id, 'query.workspace_id');
    await authorizeWorkspace(c, workspaceId);
    const page = pageArgs(query);
    const rows = await c.get('deps').prisma.webhookEvent.findMany({
      where: { AND: [{ workspaceId }, query.type ? { type: query.type } : {}, timeRange(query), page.where] },
      orderBy: page.orderBy,
      take: page.take,
    });
    return c.json(toPage(rows, page.limit, eventOut), 200);
  });

  mount(app, getApiV1WebhookEventsEventIdRoute, async (c) => {
    return c.json(eventOut(await loadEvent(c, c.req.valid('param').event_id)), 200);
  });

  mount(app, getApiV1WebhookEventsEventIdDeliveriesRoute, async (c) => {
    const event = await loadEvent(c, c.req.valid('param').event_id);
    const page = pageArgs(c.req.valid('query'));
    const rows = await c.get('deps').prisma.webhookDelivery.findMany({
      where: { AND: [{ eventId: event.id }, page.where] },
      include: deliveryInclude,
      orderBy: page.orderBy,
      take: page.take,
    });
    return c.json(toPage(rows, page.limit, deliveryOut), 200);
  });

  mount(app, getApiV1WebhookDeliveriesDeliveryIdRoute, async (c) => {
    const delivery = await c.get('deps').prisma.webhookDelivery.findUnique({
      where: { id: c.req.valid('param').delivery_id },
      include: { ...deliveryInclude, endpoint: { select: { workspaceId: true } } },
    });
    if (!delivery) throw notFound();
    await authorize(c, delivery.endpoint.workspaceId);
    return c.json(deliveryOut(delivery), 200);
  });

  mount(app, postApiV1WebhookDeliveriesDeliveryIdRedeliverRoute, async (c) => {
    const deps = c.get('deps');
    const delivery = await deps.prisma.webhookDelivery.findUnique({
      where: { id: c.req.valid('param').delivery_id },
      include: { endpoint: true },
    });
    if (!delivery) throw notFound();
    await authorize(c, delivery.endpoint.workspaceId);
    const updated = await redeliver(deps, delivery);
    const row = await deps.prisma.webhookDelivery.findUniqueOrThrow({
      where: { id: updated.id },
      include: deliveryInclude,
    });
    return c.json(deliveryOut(row), 202);
  });
}
