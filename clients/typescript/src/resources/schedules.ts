/** Schedules: cron + IANA timezone, backed by Temporal Schedules. */
import type { Core } from '../core/core.ts';
import type { RequestOptions } from '../core/transport.ts';
import type { Query, RequestBody } from '../core/types.ts';

export class Schedules {
  readonly #c: Core;
  constructor(core: Core) {
    this.#c = core;
  }

  create(body: RequestBody<'createSchedule'>, options?: RequestOptions) {
    return this.#c.unwrap(
      this.#c.api.POST('/api/v1/schedules', {
        body: this.#c.withWorkspace(body),
        ...this.#c.init(options, { idempotent: true }),
      }),
    );
  }

  list(query: Query<'listSchedules'> = {}, options?: RequestOptions) {
    return this.#c.list(query.cursor, (cursor) =>
      this.#c.unwrap(
        this.#c.api.GET('/api/v1/schedules', {
          params: { query: this.#c.withWorkspace({ ...query, cursor }) },
          ...this.#c.init(options),
        }),
      ),
    );
  }

  get(scheduleId: string, options?: RequestOptions) {
    return this.#c.unwrap(
      this.#c.api.GET('/api/v1/schedules/{schedule_id}', {
        params: { path: { schedule_id: scheduleId } },
        ...this.#c.init(options),
      }),
    );
  }

  update(scheduleId: string, body: RequestBody<'updateSchedule'>, options?: RequestOptions) {
    return this.#c.unwrap(
      this.#c.api.PATCH('/api/v1/schedules/{schedule_id}', {
        params: { path: { schedule_id: scheduleId } },
        body,
        ...this.#c.init(options),
      }),
    );
  }

  async delete(scheduleId: string, options?: RequestOptions): Promise<void> {
    await this.#c.unwrap(
      this.#c.api.DELETE('/api/v1/schedules/{schedule_id}', {
        params: { path: { schedule_id: scheduleId } },
        ...this.#c.init(options),
      }),
    );
  }

  pause(scheduleId: string, body: RequestBody<'pauseSchedule'> = {}, options?: RequestOptions) {
    return this.#c.unwrap(
      this.#c.api.POST('/api/v1/schedules/{schedule_id}/pause', {
        params: { path: { schedule_id: scheduleId } },
        body,
        ...this.#c.init(options),
      }),
    );
  }

  resume(scheduleId: string, options?: RequestOptions) {
    return this.#c.unwrap(
      this.#c.api.POST('/api/v1/schedules/{schedule_id}/resume', {
        params: { path: { schedule_id: scheduleId } },
        ...this.#c.init(options),
      }),
    );
  }

  /** Runs the schedule's action now, outside its cron. */
  trigger(scheduleId: string, options?: RequestOptions) {
    return this.#c.unwrap(
      this.#c.api.POST('/api/v1/schedules/{schedule_id}/trigger', {
        params: { path: { schedule_id: scheduleId } },
        ...this.#c.init(options),
      }),
    );
  }
}
