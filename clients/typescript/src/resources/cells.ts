/**
 * Cells of a scratchpad: add, read, edit, move, delete, and run code cells in the server's sandbox. `run()` streams
 * the run's events and, if the connection drops, continues after the last one seen (`Last-Event-ID`) from the
 * cell's event stream, so each event comes once; the run itself goes on server-side whatever the client does.
 */
import type { Core } from '../core/core.ts';
import { resumable } from '../core/sse.ts';
import { type RequestOptions, randomKey } from '../core/transport.ts';
import type { RequestBody, Result, Schema } from '../core/types.ts';
import type { EventsOptions } from './skill-runs.ts';

export type Cell = Result<'getScratchpadCell'>;
export type CellEvent = Schema<'CellEvent'>;

export class Cells {
  readonly #c: Core;
  constructor(core: Core) {
    this.#c = core;
  }

  /** Appends a cell (or inserts it at `index`). */
  create(scratchpadId: string, body: RequestBody<'createScratchpadCell'>, options?: RequestOptions) {
    return this.#c.unwrap(
      this.#c.api.POST('/api/v1/scratchpads/{scratchpad_id}/cells', {
        params: { path: { scratchpad_id: scratchpadId } },
        body,
        ...this.#c.init(options, { idempotent: true }),
      }),
    );
  }

  /** The cell with its status and the outputs of its last run. */
  get(scratchpadId: string, cellId: string, options?: RequestOptions) {
    return this.#c.unwrap(
      this.#c.api.GET('/api/v1/scratchpads/{scratchpad_id}/cells/{cell_id}', {
        params: { path: { scratchpad_id: scratchpadId, cell_id: cellId } },
        ...this.#c.init(options),
      }),
    );
  }

  /** New content, language or timeout, or a new place (`index`). */
  update(scratchpadId: string, cellId: string, body: RequestBody<'updateScratchpadCell'>, options?: RequestOptions) {
    return this.#c.unwrap(
      this.#c.api.PATCH('/api/v1/scratchpads/{scratchpad_id}/cells/{cell_id}', {
        params: { path: { scratchpad_id: scratchpadId, cell_id: cellId } },
        body,
        ...this.#c.init(options),
      }),
    );
  }

  /** Deletes the cell (cancelling its run); the cells after it move up one. */
  async delete(scratchpadId: string, cellId: string, options?: RequestOptions): Promise<void> {
    await this.#c.unwrap(
      this.#c.api.DELETE('/api/v1/scratchpads/{scratchpad_id}/cells/{cell_id}', {
        params: { path: { scratchpad_id: scratchpadId, cell_id: cellId } },
        ...this.#c.init(options),
      }),
    );
  }

  /** Starts a run of a code cell and resolves with the cell, `pending` (follow it with `events` or `get`). */
  start(scratchpadId: string, cellId: string, options?: RequestOptions) {
    return this.#c.unwrap(
      this.#c.api.POST('/api/v1/scratchpads/{scratchpad_id}/cells/{cell_id}/run', {
        params: { path: { scratchpad_id: scratchpadId, cell_id: cellId } },
        parseAs: 'json',
        ...this.#c.init(
          { ...options, headers: { Accept: 'application/json', ...options?.headers } },
          { idempotent: true },
        ),
      }),
    ) as Promise<Cell>;
  }

  /**
   * Runs a code cell and yields its events (`status`, `output`, `end`) until `end`. A POST retried after a lost
   * answer carries the same idempotency key, so it never starts a second run.
   */
  run(scratchpadId: string, cellId: string, options: RequestOptions = {}): AsyncGenerator<CellEvent> {
    const idempotencyKey = options.idempotencyKey ?? randomKey();
    let started = false;
    const open = async (after: string | undefined): Promise<Response> => {
      if (started) return this.#follow(scratchpadId, cellId, after, options.signal);
      const answer = await this.#c.raw(
        'POST',
        `/api/v1/scratchpads/${encodeURIComponent(scratchpadId)}/cells/${encodeURIComponent(cellId)}/run`,
        { headers: { Accept: 'text/event-stream' }, policy: { idempotent: true } },
        { ...options, idempotencyKey },
      );
      started = true;
      if (answer.headers.get('content-type')?.startsWith('text/event-stream')) return answer;
      // A replayed POST answers the started cell as JSON: its run is followed on the cell's event stream.
      await answer.body?.cancel();
      return this.#follow(scratchpadId, cellId, after, options.signal);
    };
    return this.#events(scratchpadId, cellId, open, undefined, options.maxRetries, options.signal);
  }

  /**
   * The events of the cell's latest run from its start (or after `lastEventId`), live until `end`; a dropped
   * connection is resumed with `Last-Event-ID`. Ends at once for a cell that has never run.
   */
  events(scratchpadId: string, cellId: string, { lastEventId, signal, maxRetries }: EventsOptions = {}) {
    const open = (after: string | undefined) => this.#follow(scratchpadId, cellId, after, signal);
    return this.#events(scratchpadId, cellId, open, lastEventId, maxRetries, signal);
  }

  /** Cancels a `pending` or `running` cell's run (it ends `error`, "Cancelled"); other cells are a 409. */
  cancel(scratchpadId: string, cellId: string, options?: RequestOptions) {
    return this.#c.unwrap(
      this.#c.api.POST('/api/v1/scratchpads/{scratchpad_id}/cells/{cell_id}/cancel', {
        params: { path: { scratchpad_id: scratchpadId, cell_id: cellId } },
        ...this.#c.init(options),
      }),
    );
  }

  #follow(scratchpadId: string, cellId: string, after: string | undefined, signal: AbortSignal | undefined) {
    return this.#c.raw(
      'GET',
      `/api/v1/scratchpads/${encodeURIComponent(scratchpadId)}/cells/${encodeURIComponent(cellId)}/events`,
      { headers: { Accept: 'text/event-stream', ...(after ? { 'Last-Event-ID': after } : {}) } },
      { signal },
    );
  }

  #events(
    scratchpadId: string,
    cellId: string,
    open: (after: string | undefined) => Promise<Response>,
    lastEventId: string | undefined,
    maxRetries: number | undefined,
    signal: AbortSignal | undefined,
  ): AsyncGenerator<CellEvent> {
    return resumable<CellEvent>({
      open,
      decode: (message) =>
        ({ id: message.id ?? '', event: message.event, data: JSON.parse(message.data) }) as CellEvent,
      isLast: (event) => event.event === 'end',
      // The server ends the stream without `end` when the cell is idle with nothing to send (never run, or asked
      // for events after its `end`): resumed only if the cell is in fact still running.
      endedEarly: async () => {
        const cell = await this.get(scratchpadId, cellId, { signal });
        return cell.status !== 'pending' && cell.status !== 'running';
      },
      lastEventId,
      maxRetries: maxRetries ?? Math.max(2, this.#c.transport.maxRetries),
      signal,
    });
  }
}
