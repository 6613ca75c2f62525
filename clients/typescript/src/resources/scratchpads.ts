/** Scratchpads: notebooks of a conversation, read and written with their cells (cells in `cells.ts`). */
import type { Core } from '../core/core.ts';
import type { RequestOptions } from '../core/transport.ts';
import type { Query, RequestBody, Result } from '../core/types.ts';

export type Scratchpad = Result<'getScratchpad'>;

export class Scratchpads {
  readonly #c: Core;
  constructor(core: Core) {
    this.#c = core;
  }

  /** Creates a scratchpad of a conversation, optionally with its first cells. */
  create(body: RequestBody<'createScratchpad'>, options?: RequestOptions) {
    return this.#c.unwrap(
      this.#c.api.POST('/api/v1/scratchpads', { body, ...this.#c.init(options, { idempotent: true }) }),
    );
  }

  /** A conversation's scratchpads, newest first, without their cells (`cell_count` says how many). */
  list(query: Query<'listScratchpads'>, options?: RequestOptions) {
    return this.#c.list(query.cursor, (cursor) =>
      this.#c.unwrap(
        this.#c.api.GET('/api/v1/scratchpads', { params: { query: { ...query, cursor } }, ...this.#c.init(options) }),
      ),
    );
  }

  /** The scratchpad with all its cells, in order. */
  get(scratchpadId: string, options?: RequestOptions) {
    return this.#c.unwrap(
      this.#c.api.GET('/api/v1/scratchpads/{scratchpad_id}', {
        params: { path: { scratchpad_id: scratchpadId } },
        ...this.#c.init(options),
      }),
    );
  }

  /** Its title, or `saved` (pinned). */
  update(scratchpadId: string, body: RequestBody<'updateScratchpad'>, options?: RequestOptions) {
    return this.#c.unwrap(
      this.#c.api.PATCH('/api/v1/scratchpads/{scratchpad_id}', {
        params: { path: { scratchpad_id: scratchpadId } },
        body,
        ...this.#c.init(options),
      }),
    );
  }

  /**
   * Promotes it to an artifact of its conversation's project: its cells rendered as an inert page (plus
   * `notebook.json`), and the scratchpad marked `saved`. Promoting again publishes a new version of the same artifact.
   */
  promote(scratchpadId: string, body: RequestBody<'promoteScratchpad'> = {}, options?: RequestOptions) {
    return this.#c.unwrap(
      this.#c.api.POST('/api/v1/scratchpads/{scratchpad_id}/promote', {
        params: { path: { scratchpad_id: scratchpadId } },
        body,
        ...this.#c.init(options, { idempotent: true }),
      }),
    );
  }

  /** Deletes it with its cells (cancelling their runs) and its working directory. */
  async delete(scratchpadId: string, options?: RequestOptions): Promise<void> {
    await this.#c.unwrap(
      this.#c.api.DELETE('/api/v1/scratchpads/{scratchpad_id}', {
        params: { path: { scratchpad_id: scratchpadId } },
        ...this.#c.init(options),
      }),
    );
  }
}
