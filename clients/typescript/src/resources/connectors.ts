/**
 * Connectors: the catalogue of connector specs, OAuth 2.0 authorizations, and connections (credentials are
 * write-only: sent on create or update, never answered).
 */
import type { Core } from '../core/core.ts';
import type { RequestOptions } from '../core/transport.ts';
import type { Query, RequestBody, Result } from '../core/types.ts';

export type Connection = Result<'getConnection'>;
export type ConnectorSpec = Result<'listConnectorSpecs'>['data'][number];

export class Connectors {
  readonly #c: Core;
  constructor(core: Core) {
    this.#c = core;
  }

  /** The built-in connector types and the credential fields each needs. */
  specs(options?: RequestOptions) {
    return this.#c.unwrap(this.#c.api.GET('/api/v1/connectors/specs', { ...this.#c.init(options) }));
  }

  /**
   * The provider URL to send the user's browser to (`authorization_url`); the provider then redirects it to the
   * API's callback, which creates the connection (or authorizes `connection_id`).
   */
  startOAuth(specId: string, query: Query<'startConnectorOAuth'> = {}, options?: RequestOptions) {
    return this.#c.unwrap(
      this.#c.api.GET('/api/v1/connectors/oauth/{spec_id}/start', {
        params: { path: { spec_id: specId }, query: this.#c.withWorkspace(query) },
        ...this.#c.init(options),
      }),
    );
  }

  /**
   * The callback the provider redirects the browser to, for an app that receives that redirect itself: pass its
   * query (`state`, `code` or `error`). Needs no credential (the single-use `state` stands for the caller).
   */
  completeOAuth(specId: string, query: Query<'completeConnectorOAuth'>, options?: RequestOptions) {
    return this.#c.unwrap(
      this.#c.api.GET('/api/v1/connectors/oauth/{spec_id}/callback', {
        params: { path: { spec_id: specId }, query },
        ...this.#c.init(options),
      }),
    );
  }
}

export class Connections {
  readonly #c: Core;
  constructor(core: Core) {
    this.#c = core;
  }

  /** Creates a connection; a `credentials` spec's are checked for real first (`status` `connected` or `error`). */
  create(body: RequestBody<'createConnection'>, options?: RequestOptions) {
    return this.#c.unwrap(
      this.#c.api.POST('/api/v1/connectors/connections', {
        body: this.#c.withWorkspace(body),
        ...this.#c.init(options, { idempotent: true }),
      }),
    );
  }

  list(query: Query<'listConnections'> = {}, options?: RequestOptions) {
    return this.#c.list(query.cursor, (cursor) =>
      this.#c.unwrap(
        this.#c.api.GET('/api/v1/connectors/connections', {
          params: { query: this.#c.withWorkspace({ ...query, cursor }) },
          ...this.#c.init(options),
        }),
      ),
    );
  }

  get(connectionId: string, options?: RequestOptions) {
    return this.#c.unwrap(
      this.#c.api.GET('/api/v1/connectors/connections/{connection_id}', {
        params: { path: { connection_id: connectionId } },
        ...this.#c.init(options),
      }),
    );
  }

  /** Renames it, or replaces all its credentials (checked again as on creation). */
  update(connectionId: string, body: RequestBody<'updateConnection'>, options?: RequestOptions) {
    return this.#c.unwrap(
      this.#c.api.PATCH('/api/v1/connectors/connections/{connection_id}', {
        params: { path: { connection_id: connectionId } },
        body,
        ...this.#c.init(options),
      }),
    );
  }

  /** Deletes it with its credentials, and takes it out of every project's `connector_ids`. */
  async delete(connectionId: string, options?: RequestOptions): Promise<void> {
    await this.#c.unwrap(
      this.#c.api.DELETE('/api/v1/connectors/connections/{connection_id}', {
        params: { path: { connection_id: connectionId } },
        ...this.#c.init(options),
      }),
    );
  }
}
