/** Skills: instructions and tools, with draft and published versions. */
import type { Core } from '../core/core.ts';
import type { RequestOptions } from '../core/transport.ts';
import type { Query, RequestBody } from '../core/types.ts';

export class Skills {
  readonly #c: Core;
  constructor(core: Core) {
    this.#c = core;
  }

  create(body: RequestBody<'createSkill'>, options?: RequestOptions) {
    return this.#c.unwrap(
      this.#c.api.POST('/api/v1/skills', {
        body: this.#c.withWorkspace(body),
        ...this.#c.init(options, { idempotent: true }),
      }),
    );
  }

  list(query: Query<'listSkills'> = {}, options?: RequestOptions) {
    return this.#c.list(query.cursor, (cursor) =>
      this.#c.unwrap(
        this.#c.api.GET('/api/v1/skills', {
          params: { query: this.#c.withWorkspace({ ...query, cursor }) },
          ...this.#c.init(options),
        }),
      ),
    );
  }

  get(skillId: string, options?: RequestOptions) {
    return this.#c.unwrap(
      this.#c.api.GET('/api/v1/skills/{skill_id}', {
        params: { path: { skill_id: skillId } },
        ...this.#c.init(options),
      }),
    );
  }

  /** Changes the skill; a change of what runs makes a new draft version. */
  update(skillId: string, body: RequestBody<'updateSkill'>, options?: RequestOptions) {
    return this.#c.unwrap(
      this.#c.api.PATCH('/api/v1/skills/{skill_id}', {
        params: { path: { skill_id: skillId } },
        body,
        ...this.#c.init(options),
      }),
    );
  }

  async delete(skillId: string, options?: RequestOptions): Promise<void> {
    await this.#c.unwrap(
      this.#c.api.DELETE('/api/v1/skills/{skill_id}', {
        params: { path: { skill_id: skillId } },
        ...this.#c.init(options),
      }),
    );
  }

  versions(skillId: string, query: Query<'listSkillVersions'> = {}, options?: RequestOptions) {
    return this.#c.list(query.cursor, (cursor) =>
      this.#c.unwrap(
        this.#c.api.GET('/api/v1/skills/{skill_id}/versions', {
          params: { path: { skill_id: skillId }, query: { ...query, cursor } },
          ...this.#c.init(options),
        }),
      ),
    );
  }

  /** Publishes a version: runs that name no version use it. */
  publish(skillId: string, version: number, options?: RequestOptions) {
    return this.#c.unwrap(
      this.#c.api.POST('/api/v1/skills/{skill_id}/versions/{version}/publish', {
        params: { path: { skill_id: skillId, version } },
        ...this.#c.init(options),
      }),
    );
  }
}
