/**
 * Server-sent events: a parser over a fetch body, and a reader that reconnects with `Last-Event-ID` when the
 * connection drops (or ends) before the stream's last event, so no event is lost or repeated.
 */
import { ApiError, ConnectionError } from './errors.ts';
import { backoff, sleep } from './transport.ts';

export interface SseMessage {
  id: string | undefined;
  event: string;
  data: string;
}

/** Parses an event stream (WHATWG HTML §9.2): `field: value` lines, messages ended by a blank line. */
export async function* parseSse(body: ReadableStream<Uint8Array>): AsyncGenerator<SseMessage> {
  const reader = body.getReader();
  const decoder = new TextDecoder();
  let buffer = '';
  let message: { id?: string; event?: string; data: string[] } = { data: [] };
  try {
    for (;;) {
      const { value, done } = await reader.read();
      if (done) return;
      buffer += decoder.decode(value, { stream: true });
      let end = buffer.search(/\r\n|\r|\n/);
      // A `\r` at the end of a chunk may be the first half of `\r\n`: wait for the next chunk.
      while (end >= 0 && !(end === buffer.length - 1 && buffer[end] === '\r')) {
        const line = buffer.slice(0, end);
        buffer = buffer.slice(buffer.startsWith('\r\n', end) ? end + 2 : end + 1);
        if (line === '') {
          if (message.data.length > 0) {
            yield { id: message.id, event: message.event ?? 'message', data: message.data.join('\n') };
          }
          message = { data: [] };
        } else if (!line.startsWith(':')) {
          const colon = line.indexOf(':');
          const field = colon < 0 ? line : line.slice(0, colon);
          const raw = colon < 0 ? '' : line.slice(colon + 1);
          const value = raw.startsWith(' ') ? raw.slice(1) : raw;
          if (field === 'data') message.data.push(value);
          else if (field === 'event') message.event = value;
          else if (field === 'id' && !value.includes('\0')) message.id = value;
        }
        end = buffer.search(/\r\n|\r|\n/);
      }
    }
  } finally {
    reader.releaseLock();
    await body.cancel().catch(() => {});
  }
}

export interface ResumableStream<T> {
  /** Opens the stream (after `lastEventId` if given); rejects with an ApiError when the server refuses. */
  open(lastEventId: string | undefined): Promise<Response>;
  /** Turns one message into the value to yield. */
  decode(message: SseMessage): T;
  /** True for the stream's last event, after which the server closes it. */
  isLast(value: T): boolean;
  /**
   * For a stream the server may end before a last event (nothing to follow): asked when the answer ended cleanly
   * without one; true means that was the end, false resumes as after a drop.
   */
  endedEarly?: () => Promise<boolean>;
  lastEventId?: string;
  /** Reconnections in a row without a new event before giving up. */
  maxRetries: number;
  signal?: AbortSignal;
}

export async function* resumable<T>(stream: ResumableStream<T>): AsyncGenerator<T> {
  let lastEventId = stream.lastEventId;
  let failures = 0;
  for (;;) {
    let cause: unknown;
    try {
      const response = await stream.open(lastEventId);
      if (!response.body) throw new ConnectionError('the event stream has no body');
      for await (const message of parseSse(response.body)) {
        if (message.id !== undefined) lastEventId = message.id;
        failures = 0;
        const value = stream.decode(message);
        yield value;
        if (stream.isLast(value)) return;
      }
      if (await stream.endedEarly?.()) return;
    } catch (err) {
      // An error answer (ApiError) or an undecodable event is final; a dropped connection is resumed below.
      if (stream.signal?.aborted) throw stream.signal.reason;
      if (err instanceof ApiError || err instanceof SyntaxError) throw err;
      cause = err;
    }
    if (++failures > stream.maxRetries) {
      throw new ConnectionError('the event stream ended before its last event', { cause });
    }
    await sleep(backoff(failures - 1), stream.signal);
  }
}
