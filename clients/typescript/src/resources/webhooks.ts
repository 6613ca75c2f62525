/** Webhook endpoints, the event log, deliveries, and verifying a delivery's signature. */
import type { Core } from '../core/core.ts';
import type { RequestOptions } from '../core/transport.ts';
import type { Query, RequestBody } from '../core/types.ts';
import { verifyWebhook } from '../core/webhook-signature.ts';

export class Webhooks {
  readonly #c: Core;
  constructor(core: Core) {
    this.#c = core;
  }

  /** Verifies a delivery (Standard Webhooks) and returns its payload; see `verifyWebhook`. */
  readonly verify = verifyWebhook;

  /** Creates an endpoint; its `secret` is in this answer only. */
  create(body: RequestBody<'createWebhook'>, options?: RequestOptions) {
    return this.#c.unwrap(
      this.#c.api.POST('/api/v1/webhooks', {
        body: this.#c.withWorkspace(body),
        ...this.#c.init(options, { idempotent: true }),
      }),
    );
  }

  list(query: Query<'listWebhooks'> = {}, options?: RequestOptions) {
    return this.#c.list(query.cursor, (cursor) =>
      this.#c.unwrap(
        this.#c.api.GET('/api/v1/webhooks', {
          params: { query: this.#c.withWorkspace({ ...query, cursor }) },
          ...this.#c.init(options),
        }),
      ),
    );
  }

  get(webhookId: string, options?: RequestOptions) {
    return this.#c.unwrap(
      this.#c.api.GET('/api/v1/webhooks/{webhook_id}', {
        params: { path: { webhook_id: webhookId } },
        ...this.#c.init(options),
      }),
    );
  }

  update(webhookId: string, body: RequestBody<'updateWebhook'>, options?: RequestOptions) {
    return this.#c.unwrap(
      this.#c.api.PATCH('/api/v1/webhooks/{webhook_id}', {
        params: { path: { webhook_id: webhookId } },
        body,
        ...this.#c.init(options),
      }),
    );
  }

  async delete(webhookId: string, options?: RequestOptions): Promise<void> {
    await this.#c.unwrap(
      this.#c.api.DELETE('/api/v1/webhooks/{webhook_id}', {
        params: { path: { webhook_id: webhookId } },
        ...this.#c.init(options),
      }),
    );
  }

  /** A new secret; the old one keeps signing too for `grace_period_seconds`. */
  rotateSecret(webhookId: string, body: RequestBody<'rotateWebhookSecret'> = {}, options?: RequestOptions) {
    return this.#c.unwrap(
      this.#c.api.POST('/api/v1/webhooks/{webhook_id}/rotate-secret', {
        params: { path: { webhook_id: webhookId } },
        body,
        ...this.#c.init(options),
      }),
    );
  }

  /** Sends the endpoint a test event. */
  test(webhookId: string, options?: RequestOptions) {
    return this.#c.unwrap(
      this.#c.api.POST('/api/v1/webhooks/{webhook_id}/test', {
        params: { path: { webhook_id: webhookId } },
        ...this.#c.init(options),
      }),
    );
  }

  deliveries(webhookId: string, query: Query<'listWebhookDeliveries'> = {}, options?: RequestOptions) {
    return this.#c.list(query.cursor, (cursor) =>
      this.#c.unwrap(
        this.#c.api.GET('/api/v1/webhooks/{webhook_id}/deliveries', {
          params: { path: { webhook_id: webhookId }, query: { ...query, cursor } },
          ...this.#c.init(options),
        }),
      ),
    );
  }
}

export class WebhookEvents {
  readonly #c: Core;
  constructor(core: Core) {
    this.#c = core;
  }

  list(query: Query<'listWebhookEvents'> = {}, options?: RequestOptions) {
    return this.#c.list(query.cursor, (cursor) =>
      this.#c.unwrap(
        this.#c.api.GET('/api/v1/webhook-events', {
          params: { query: this.#c.withWorkspace({ ...query, cursor }) },
          ...this.#c.init(options),
        }),
      ),
    );
  }

  get(eventId: string, options?: RequestOptions) {
    return this.#c.unwrap(
      this.#c.api.GET('/api/v1/webhook-events/{event_id}', {
        params: { path: { event_id: eventId } },
        ...this.#c.init(options),
      }),
    );
  }

  deliveries(eventId: string, query: Query<'listWebhookEventDeliveries'> = {}, options?: RequestOptions) {
    return this.#c.list(query.cursor, (cursor) =>
      this.#c.unwrap(
        this.#c.api.GET('/api/v1/webhook-events/{event_id}/deliveries', {
          params: { path: { event_id: eventId }, query: { ...query, cursor } },
          ...this.#c.init(options),
        }),
      ),
    );
  }
}

export class WebhookDeliveries {
  readonly #c: Core;
  constructor(core: Core) {
    this.#c = core;
  }

  get(deliveryId: string, options?: RequestOptions) {
    return this.#c.unwrap(
      this.#c.api.GET('/api/v1/webhook-deliveries/{delivery_id}', {
        params: { path: { delivery_id: deliveryId } },
        ...this.#c.init(options),
      }),
    );
  }

  /** Delivers the event to the endpoint again (a new delivery). */
  redeliver(deliveryId: string, options?: RequestOptions) {
    return this.#c.unwrap(
      this.#c.api.POST('/api/v1/webhook-deliveries/{delivery_id}/redeliver', {
        params: { path: { delivery_id: deliveryId } },
        ...this.#c.init(options),
      }),
    );
  }
}
