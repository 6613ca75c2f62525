/** Sign-in, the current user, users, workspaces and their members, API keys, and the service's health. */
import type { Core } from '../core/core.ts';
import type { RequestOptions } from '../core/transport.ts';
import type { Query, RequestBody } from '../core/types.ts';

export class Auth {
  readonly #c: Core;
  constructor(core: Core) {
    this.#c = core;
  }

  /** Signs in with e-mail and password; the client uses the new session token from then on. */
  async signIn(body: RequestBody<'createSession'>, options?: RequestOptions) {
    const session = await this.#c.unwrap(this.#c.api.POST('/api/v1/auth/sessions', { body, ...this.#c.init(options) }));
    this.#c.transport.credential = session.token;
    return session;
  }

  /** Ends the client's session (its token stops working) and forgets it. */
  async signOut(options?: RequestOptions): Promise<void> {
    await this.#c.unwrap(this.#c.api.DELETE('/api/v1/auth/sessions/current', this.#c.init(options)));
    this.#c.transport.credential = undefined;
  }

  /** The signed-in user (or the API key's owner). */
  me(options?: RequestOptions) {
    return this.#c.unwrap(this.#c.api.GET('/api/v1/me', this.#c.init(options)));
  }
}

export class Users {
  readonly #c: Core;
  constructor(core: Core) {
    this.#c = core;
  }

  /** Creates a user (an administrator's session). */
  create(body: RequestBody<'createUser'>, options?: RequestOptions) {
    return this.#c.unwrap(this.#c.api.POST('/api/v1/users', { body, ...this.#c.init(options, { idempotent: true }) }));
  }
}

export class Workspaces {
  readonly #c: Core;
  constructor(core: Core) {
    this.#c = core;
  }

  create(body: RequestBody<'createWorkspace'>, options?: RequestOptions) {
    return this.#c.unwrap(
      this.#c.api.POST('/api/v1/workspaces', { body, ...this.#c.init(options, { idempotent: true }) }),
    );
  }

  list(query: Query<'listWorkspaces'> = {}, options?: RequestOptions) {
    return this.#c.list(query.cursor, (cursor) =>
      this.#c.unwrap(
        this.#c.api.GET('/api/v1/workspaces', { params: { query: { ...query, cursor } }, ...this.#c.init(options) }),
      ),
    );
  }

  get(workspaceId: string, options?: RequestOptions) {
    return this.#c.unwrap(
      this.#c.api.GET('/api/v1/workspaces/{workspace_id}', {
        params: { path: { workspace_id: workspaceId } },
        ...this.#c.init(options),
      }),
    );
  }

  update(workspaceId: string, body: RequestBody<'updateWorkspace'>, options?: RequestOptions) {
    return this.#c.unwrap(
      this.#c.api.PATCH('/api/v1/workspaces/{workspace_id}', {
        params: { path: { workspace_id: workspaceId } },
        body,
        ...this.#c.init(options),
      }),
    );
  }

  async delete(workspaceId: string, options?: RequestOptions): Promise<void> {
    await this.#c.unwrap(
      this.#c.api.DELETE('/api/v1/workspaces/{workspace_id}', {
        params: { path: { workspace_id: workspaceId } },
        ...this.#c.init(options),
      }),
    );
  }
}

export class Members {
  readonly #c: Core;
  constructor(core: Core) {
    this.#c = core;
  }

  list(workspaceId: string, query: Query<'listMembers'> = {}, options?: RequestOptions) {
    return this.#c.list(query.cursor, (cursor) =>
      this.#c.unwrap(
        this.#c.api.GET('/api/v1/workspaces/{workspace_id}/members', {
          params: { path: { workspace_id: workspaceId }, query: { ...query, cursor } },
          ...this.#c.init(options),
        }),
      ),
    );
  }

  add(workspaceId: string, body: RequestBody<'addMember'>, options?: RequestOptions) {
    return this.#c.unwrap(
      this.#c.api.POST('/api/v1/workspaces/{workspace_id}/members', {
        params: { path: { workspace_id: workspaceId } },
        body,
        ...this.#c.init(options, { idempotent: true }),
      }),
    );
  }

  update(workspaceId: string, userId: string, body: RequestBody<'updateMember'>, options?: RequestOptions) {
    return this.#c.unwrap(
      this.#c.api.PATCH('/api/v1/workspaces/{workspace_id}/members/{user_id}', {
        params: { path: { workspace_id: workspaceId, user_id: userId } },
        body,
        ...this.#c.init(options),
      }),
    );
  }

  async remove(workspaceId: string, userId: string, options?: RequestOptions): Promise<void> {
    await this.#c.unwrap(
      this.#c.api.DELETE('/api/v1/workspaces/{workspace_id}/members/{user_id}', {
        params: { path: { workspace_id: workspaceId, user_id: userId } },
        ...this.#c.init(options),
      }),
    );
  }
}
