/**
 * Responses: agent turns of a conversation, in the OpenAI Responses shape. `stream()` yields the turn's events and,
 * if the connection drops, continues after the last one seen (`Last-Event-ID`), so each event comes once.
 */
import type { Core } from '../core/core.ts';
import { resumable } from '../core/sse.ts';
import { type RequestOptions, randomKey } from '../core/transport.ts';
import type { Query, RequestBody, ResponseStreamEvent, Result } from '../core/types.ts';

export type ResponseObject = Result<'getResponse'>;
export type CreateResponseParams = Omit<RequestBody<'createResponse'>, 'stream'>;

/** The event types a response's stream ends with. */
const LAST_EVENTS = new Set(['response.completed', 'response.failed', 'response.incomplete']);

export interface StreamOptions extends RequestOptions {
  /** Replay after this `sequence_number` (only for `responses.events`). */
  lastEventId?: string;
}

/** The events of one turn; `responseId` is known once `response.created` has arrived. */
export interface ResponseStream extends AsyncIterable<ResponseStreamEvent> {
  readonly responseId: string | undefined;
  /** Reads the stream to its end and resolves with the finished response (from its last event). */
  finalResponse(): Promise<ResponseStreamEvent['response']>;
}

export class Responses {
  readonly #c: Core;
  constructor(core: Core) {
    this.#c = core;
  }

  #body<B extends CreateResponseParams>(body: B): B {
    return body.conversation_id || body.conversation ? body : this.#c.withWorkspace(body);
  }

  /** Runs a turn and resolves with the finished response (or, with `background: true`, the queued one at once). */
  create(body: CreateResponseParams, options?: RequestOptions) {
    return this.#c.unwrap(
      this.#c.api.POST('/api/v1/responses', {
        body: { ...this.#body(body), stream: false },
        parseAs: 'json',
        ...this.#c.init(
          { ...options, headers: { Accept: 'application/json', ...options?.headers } },
          { idempotent: true },
        ),
      }),
    ) as Promise<ResponseObject>;
  }

  /** Runs a turn and streams its events. */
  stream(body: CreateResponseParams, options: RequestOptions = {}): ResponseStream {
    // One key for the whole stream: a POST retried after a dropped connection returns the turn already created.
    const idempotencyKey = options.idempotencyKey ?? randomKey();
    let responseId: string | undefined;
    const open = async (after: string | undefined): Promise<Response> => {
      if (responseId) return this.#replay(responseId, after, options);
      const answer = await this.#c.raw(
        'POST',
        '/api/v1/responses',
        {
          body: () => JSON.stringify({ ...this.#body(body), stream: true }),
          headers: { 'Content-Type': 'application/json', Accept: 'text/event-stream' },
          policy: { idempotent: true },
        },
        { ...options, idempotencyKey },
      );
      if (answer.headers.get('content-type')?.startsWith('text/event-stream')) return answer;
      // A replayed POST answers the created response as JSON: its stream is read by id.
      responseId = ((await answer.json()) as ResponseObject).id;
      return this.#replay(responseId, after, options);
    };
    const events = this.#events(open, undefined, options, (event) => {
      responseId ??= event.response?.id;
    });
    return {
      [Symbol.asyncIterator]: () => events[Symbol.asyncIterator](),
      get responseId() {
        return responseId;
      },
      async finalResponse() {
        let last: ResponseStreamEvent | undefined;
        for await (const event of events) last = event;
        return last?.response;
      },
    };
  }

  /** Replays a response's events from the start (or after `lastEventId`) and follows the turn live. */
  events(responseId: string, options: StreamOptions = {}): AsyncGenerator<ResponseStreamEvent> {
    return this.#events((after) => this.#replay(responseId, after, options), options.lastEventId, options);
  }

  get(responseId: string, options?: RequestOptions) {
    return this.#c.unwrap(
      this.#c.api.GET('/api/v1/responses/{response_id}', {
        params: { path: { response_id: responseId } },
        parseAs: 'json',
        ...this.#c.init({ ...options, headers: { Accept: 'application/json', ...options?.headers } }),
      }),
    ) as Promise<ResponseObject>;
  }

  /** Cancels a turn (a finished one is returned as it is). */
  cancel(responseId: string, options?: RequestOptions) {
    return this.#c.unwrap(
      this.#c.api.POST('/api/v1/responses/{response_id}/cancel', {
        params: { path: { response_id: responseId } },
        ...this.#c.init(options),
      }),
    );
  }

  /** Queued and running turns (of one conversation with `conversation_id`). */
  listInFlight(query: Query<'listInFlightResponses'> = {}, options?: RequestOptions) {
    return this.#c.list(query.cursor, (cursor) =>
      this.#c.unwrap(
        this.#c.api.GET('/api/v1/responses/in-flight-list', {
          params: { query: this.#c.withWorkspace({ ...query, cursor }) },
          ...this.#c.init(options),
        }),
      ),
    );
  }

  /** A conversation's running (else oldest queued) turn; an ApiError 404 if none. */
  inFlight(conversationId: string, options?: RequestOptions) {
    return this.#c.unwrap(
      this.#c.api.GET('/api/v1/responses/in-flight', {
        params: { query: { conversation_id: conversationId } },
        ...this.#c.init(options),
      }),
    );
  }

  #replay(responseId: string, after: string | undefined, options: RequestOptions) {
    return this.#c.raw(
      'GET',
      `/api/v1/responses/${encodeURIComponent(responseId)}`,
      {
        query: { stream: 'true' },
        headers: { Accept: 'text/event-stream', ...(after !== undefined ? { 'Last-Event-ID': after } : {}) },
      },
      options,
    );
  }

  #events(
    open: (after: string | undefined) => Promise<Response>,
    lastEventId: string | undefined,
    options: RequestOptions,
    seen?: (event: ResponseStreamEvent) => void,
  ) {
    return resumable<ResponseStreamEvent>({
      open,
      decode: (message) => {
        const event = JSON.parse(message.data) as ResponseStreamEvent;
        seen?.(event);
        return event;
      },
      isLast: (event) => LAST_EVENTS.has(event.type),
      lastEventId,
      maxRetries: Math.max(2, options.maxRetries ?? this.#c.transport.maxRetries),
      signal: options.signal,
    });
  }
}
