/** Projects, conversations (with their items) and memories. */
import type { Core } from '../core/core.ts';
import type { RequestOptions } from '../core/transport.ts';
import type { Query, RequestBody } from '../core/types.ts';

export class Projects {
  readonly #c: Core;
  constructor(core: Core) {
    this.#c = core;
  }

  create(body: RequestBody<'createProject'>, options?: RequestOptions) {
    return this.#c.unwrap(
      this.#c.api.POST('/api/v1/projects', {
        body: this.#c.withWorkspace(body),
        ...this.#c.init(options, { idempotent: true }),
      }),
    );
  }

  list(query: Query<'listProjects'> = {}, options?: RequestOptions) {
    return this.#c.list(query.cursor, (cursor) =>
      this.#c.unwrap(
        this.#c.api.GET('/api/v1/projects', {
          params: { query: this.#c.withWorkspace({ ...query, cursor }) },
          ...this.#c.init(options),
        }),
      ),
    );
  }

  get(projectId: string, options?: RequestOptions) {
    return this.#c.unwrap(
      this.#c.api.GET('/api/v1/projects/{project_id}', {
        params: { path: { project_id: projectId } },
        ...this.#c.init(options),
      }),
    );
  }

  update(projectId: string, body: RequestBody<'updateProject'>, options?: RequestOptions) {
    return this.#c.unwrap(
      this.#c.api.PATCH('/api/v1/projects/{project_id}', {
        params: { path: { project_id: projectId } },
        body,
        ...this.#c.init(options),
      }),
    );
  }

  /** Deletes the project with its conversations, files, memories and schedules. */
  async delete(projectId: string, options?: RequestOptions): Promise<void> {
    await this.#c.unwrap(
      this.#c.api.DELETE('/api/v1/projects/{project_id}', {
        params: { path: { project_id: projectId } },
        ...this.#c.init(options),
      }),
    );
  }
}

export class Conversations {
  readonly #c: Core;
  constructor(core: Core) {
    this.#c = core;
  }

  create(body: RequestBody<'createConversation'> = {}, options?: RequestOptions) {
    return this.#c.unwrap(
      this.#c.api.POST('/api/v1/conversations', {
        body: this.#c.withWorkspace(body),
        ...this.#c.init(options, { idempotent: true }),
      }),
    );
  }

  list(query: Query<'listConversations'> = {}, options?: RequestOptions) {
    return this.#c.list(query.cursor, (cursor) =>
      this.#c.unwrap(
        this.#c.api.GET('/api/v1/conversations', {
          params: { query: this.#c.withWorkspace({ ...query, cursor }) },
          ...this.#c.init(options),
        }),
      ),
    );
  }

  get(conversationId: string, options?: RequestOptions) {
    return this.#c.unwrap(
      this.#c.api.GET('/api/v1/conversations/{conversation_id}', {
        params: { path: { conversation_id: conversationId } },
        ...this.#c.init(options),
      }),
    );
  }

  update(conversationId: string, body: RequestBody<'updateConversation'>, options?: RequestOptions) {
    return this.#c.unwrap(
      this.#c.api.PATCH('/api/v1/conversations/{conversation_id}', {
        params: { path: { conversation_id: conversationId } },
        body,
        ...this.#c.init(options),
      }),
    );
  }

  async delete(conversationId: string, options?: RequestOptions): Promise<void> {
    await this.#c.unwrap(
      this.#c.api.DELETE('/api/v1/conversations/{conversation_id}', {
        params: { path: { conversation_id: conversationId } },
        ...this.#c.init(options),
      }),
    );
  }

  /** The conversation's items in order; pages follow `last_id` (passed on as `after`). */
  items(conversationId: string, query: Query<'listConversationItems'> = {}, options?: RequestOptions) {
    return this.#c.list(query.after, async (after) => {
      const page = await this.#c.unwrap(
        this.#c.api.GET('/api/v1/conversations/{conversation_id}/items', {
          params: { path: { conversation_id: conversationId }, query: { ...query, after } },
          ...this.#c.init(options),
        }),
      );
      return { ...page, next_cursor: page.has_more ? page.last_id : null };
    });
  }
}

export class Memories {
  readonly #c: Core;
  constructor(core: Core) {
    this.#c = core;
  }

  create(body: RequestBody<'createMemory'>, options?: RequestOptions) {
    return this.#c.unwrap(
      this.#c.api.POST('/api/v1/memories', {
        body: body.project_id ? body : this.#c.withWorkspace(body),
        ...this.#c.init(options, { idempotent: true }),
      }),
    );
  }

  /** The workspace-global memories, or with `project_id` that project's. */
  list(query: Query<'listMemories'> = {}, options?: RequestOptions) {
    return this.#c.list(query.cursor, (cursor) =>
      this.#c.unwrap(
        this.#c.api.GET('/api/v1/memories', {
          params: { query: this.#c.withWorkspace({ ...query, cursor }) },
          ...this.#c.init(options),
        }),
      ),
    );
  }

  get(memoryId: string, options?: RequestOptions) {
    return this.#c.unwrap(
      this.#c.api.GET('/api/v1/memories/{memory_id}', {
        params: { path: { memory_id: memoryId } },
        ...this.#c.init(options),
      }),
    );
  }

  update(memoryId: string, body: RequestBody<'updateMemory'>, options?: RequestOptions) {
    return this.#c.unwrap(
      this.#c.api.PATCH('/api/v1/memories/{memory_id}', {
        params: { path: { memory_id: memoryId } },
        body,
        ...this.#c.init(options),
      }),
    );
  }

  async delete(memoryId: string, options?: RequestOptions): Promise<void> {
    await this.#c.unwrap(
      this.#c.api.DELETE('/api/v1/memories/{memory_id}', {
        params: { path: { memory_id: memoryId } },
        ...this.#c.init(options),
      }),
    );
  }
}
