/** API keys (managed with a session token: a key cannot make keys). */
import type { Core } from '../core/core.ts';
import type { RequestOptions } from '../core/transport.ts';
import type { Query, RequestBody } from '../core/types.ts';

export class ApiKeys {
  readonly #c: Core;
  constructor(core: Core) {
    this.#c = core;
  }

  /** Creates a key; its secret (`key`) is in this answer only. */
  create(body: RequestBody<'createApiKey'> = {}, options?: RequestOptions) {
    return this.#c.unwrap(
      this.#c.api.POST('/api/v1/api-keys', { body, ...this.#c.init(options, { idempotent: true }) }),
    );
  }

  list(query: Query<'listApiKeys'> = {}, options?: RequestOptions) {
    return this.#c.list(query.cursor, (cursor) =>
      this.#c.unwrap(
        this.#c.api.GET('/api/v1/api-keys', { params: { query: { ...query, cursor } }, ...this.#c.init(options) }),
      ),
    );
  }

  async revoke(keyId: string, options?: RequestOptions): Promise<void> {
    await this.#c.unwrap(
      this.#c.api.DELETE('/api/v1/api-keys/{key_id}', {
        params: { path: { key_id: keyId } },
        ...this.#c.init(options),
      }),
    );
  }
}

export class Health {
  readonly #c: Core;
  constructor(core: Core) {
    this.#c = core;
  }

  /** Liveness of the API, PostgreSQL, Temporal and the workers (no credential needed). */
  get(options?: RequestOptions) {
    return this.#c.unwrap(this.#c.api.GET('/api/v1/health', this.#c.init(options)));
  }
}
