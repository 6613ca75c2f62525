/** Skill runs: start, read, cancel, answer, retry, outputs, live events, and `wait` for a status. */
import type { Core } from '../core/core.ts';
import { WaitTimeoutError } from '../core/errors.ts';
import { resumable } from '../core/sse.ts';
import { type RequestOptions, sleep } from '../core/transport.ts';
import type { Query, RequestBody, Result, RunStatus, SkillRunEvent } from '../core/types.ts';

export type SkillRun = Result<'getSkillRun'>;

/** The statuses a run ends in. */
export const TERMINAL_STATUSES: readonly RunStatus[] = ['completed', 'failed', 'cancelled', 'timed_out'];

export interface WaitOptions extends RequestOptions {
  /** Give up after this many milliseconds with a WaitTimeoutError (default: wait as long as the run takes). */
  timeout?: number;
  /** Resolve when the run is in one of these statuses (default: the terminal ones), or has finished. */
  until?: readonly RunStatus[];
  /** Milliseconds between reads when the event stream is not available (default 1000). */
  pollInterval?: number;
}

export interface EventsOptions {
  /** Continue after this event id (the `id` of the last event already seen). */
  lastEventId?: string;
  signal?: AbortSignal;
  /** Reconnections in a row without a new event before giving up (default: the client's `maxRetries`, at least 2). */
  maxRetries?: number;
}

export class SkillRuns {
  readonly #c: Core;
  constructor(core: Core) {
    this.#c = core;
  }

  /** Starts a run (202: it is queued); a retried call never starts a second run. */
  create(body: RequestBody<'createSkillRun'>, options?: RequestOptions) {
    return this.#c.unwrap(
      this.#c.api.POST('/api/v1/skill-runs', {
        body: this.#c.withWorkspace(body),
        ...this.#c.init(options, { idempotent: true }),
      }),
    );
  }

  get(runId: string, options?: RequestOptions) {
    return this.#c.unwrap(
      this.#c.api.GET('/api/v1/skill-runs/{run_id}', { params: { path: { run_id: runId } }, ...this.#c.init(options) }),
    );
  }

  list(query: Query<'listSkillRuns'> = {}, options?: RequestOptions) {
    return this.#c.list(query.cursor, (cursor) =>
      this.#c.unwrap(
        this.#c.api.GET('/api/v1/skill-runs', {
          params: { query: this.#c.withWorkspace({ ...query, cursor }) },
          ...this.#c.init(options),
        }),
      ),
    );
  }

  cancel(runId: string, options?: RequestOptions) {
    return this.#c.unwrap(
      this.#c.api.POST('/api/v1/skill-runs/{run_id}/cancel', {
        params: { path: { run_id: runId } },
        ...this.#c.init(options),
      }),
    );
  }

  /** Answers the question of a `waiting` run; it goes on running. */
  input(runId: string, body: RequestBody<'provideSkillRunInput'>, options?: RequestOptions) {
    return this.#c.unwrap(
      this.#c.api.POST('/api/v1/skill-runs/{run_id}/input', {
        params: { path: { run_id: runId } },
        body,
        ...this.#c.init(options),
      }),
    );
  }

  /** Starts a new run with the same inputs (`retry_of` set). */
  retry(runId: string, options?: RequestOptions) {
    return this.#c.unwrap(
      this.#c.api.POST('/api/v1/skill-runs/{run_id}/retry', {
        params: { path: { run_id: runId } },
        ...this.#c.init(options, { idempotent: true }),
      }),
    );
  }

  /** The files the run wrote. */
  outputs(runId: string, options?: RequestOptions) {
    return this.#c.unwrap(
      this.#c.api.GET('/api/v1/skill-runs/{run_id}/outputs', {
        params: { path: { run_id: runId } },
        ...this.#c.init(options),
      }),
    );
  }

  /** The run's outputs as one ZIP: a fetch Response whose `.body` streams it. */
  download(runId: string, options?: RequestOptions): Promise<Response> {
    return this.#c.raw('GET', `/api/v1/skill-runs/${encodeURIComponent(runId)}/download`, {}, options);
  }

  /**
   * The run's events from the start (or after `lastEventId`), live until its `end` event; a dropped connection is
   * resumed with `Last-Event-ID`, so each event comes once.
   */
  events(runId: string, { lastEventId, signal, maxRetries }: EventsOptions = {}): AsyncGenerator<SkillRunEvent> {
    return resumable<SkillRunEvent>({
      open: (after) =>
        this.#c.raw(
          'GET',
          `/api/v1/skill-runs/${encodeURIComponent(runId)}/events`,
          { headers: { Accept: 'text/event-stream', ...(after ? { 'Last-Event-ID': after } : {}) } },
          { signal },
        ),
      decode: (message) =>
        ({ id: message.id ?? '', event: message.event, data: JSON.parse(message.data) }) as SkillRunEvent,
      isLast: (event) => event.event === 'end',
      lastEventId,
      maxRetries: maxRetries ?? Math.max(2, this.#c.transport.maxRetries),
      signal,
    });
  }

  /**
   * Resolves with the run once it is in one of `until`'s statuses or has finished. Follows the event stream and
   * reads the run when a status event matches; falls back to polling when the stream is unavailable.
   */
  async wait(runId: string, { timeout, until = TERMINAL_STATUSES, pollInterval = 1000, ...options }: WaitOptions = {}) {
    const deadline = new AbortController();
    const timer = timeout === undefined ? undefined : setTimeout(() => deadline.abort(), timeout);
    const signal = options.signal ? AbortSignal.any([options.signal, deadline.signal]) : deadline.signal;
    let run: SkillRun | undefined;
    // A finished run never changes again: waiting on for a status it can no longer reach would never end.
    const reached = async () => {
      run = await this.get(runId, { ...options, signal });
      return until.includes(run.status) || TERMINAL_STATUSES.includes(run.status);
    };
    try {
      if (await reached()) return run!;
      try {
        for await (const event of this.events(runId, { signal })) {
          const status = event.event === 'status' || event.event === 'end' ? event.data.status : undefined;
          if (status && (until.includes(status) || TERMINAL_STATUSES.includes(status)) && (await reached()))
            return run!;
        }
      } catch (err) {
        if (signal.aborted) throw err;
      }
      while (!(await reached())) await sleep(pollInterval, signal);
      return run!;
    } catch (err) {
      if (deadline.signal.aborted && !options.signal?.aborted) throw new WaitTimeoutError(runId, timeout!, run?.status);
      throw err;
    } finally {
      clearTimeout(timer);
    }
  }
}
