/**
 * Sends one API call: credentials, a per-attempt timeout, the caller's AbortSignal, and retries with exponential
 * backoff and jitter on connection errors, 429 and 5xx (honouring `Retry-After`: never sooner, and not at all when it
 * asks for more than a minute), never on other 4xx. A creating
 * POST carries one `Idempotency-Key` for all its attempts, so a retry returns the first result instead of a second
 * object.
 */
import { ConnectionError, parseRetryAfter, RequestTimeoutError } from './errors.ts';

export type FetchLike = (input: Request) => Promise<Response>;

/** Options every method takes as its last argument. */
export interface RequestOptions {
  /** Milliseconds to wait for each attempt's response headers (default: the client's `timeout`). */
  timeout?: number;
  /** Aborts the call (and any retry waits); the promise rejects with the signal's reason. */
  signal?: AbortSignal;
  /** Retries after the first attempt (default: the client's `maxRetries`). */
  maxRetries?: number;
  /** The `Idempotency-Key` of a creating POST (default: a random one per call, kept across its retries). */
  idempotencyKey?: string;
  /** Extra headers for this call. */
  headers?: Record<string, string>;
}

export interface TransportOptions {
  baseUrl: string;
  credential?: string;
  fetch?: FetchLike;
  maxRetries: number;
  timeout: number;
  headers?: Record<string, string>;
}

/** How one call is retried: only calls whose request can be sent again (its body rebuilt) are. */
export interface CallPolicy {
  /** Add an `Idempotency-Key` (creating POSTs). */
  idempotent?: boolean;
  /** The body can be sent again (false for a caller's one-shot stream). */
  replayable?: boolean;
}

const MAX_RETRY_AFTER_S = 60;

/**
 * Each answer's request, kept alive as long as the answer is. Node's fetch (undici) follows a Request's signal only
 * while the Request object lives: once it is garbage-collected, aborting the caller's signal no longer stops the
 * read of a body still streaming (an event stream would run on after Ctrl-C until the server ends it).
 */
const keepAlive = new WeakMap<Response, Request>();

export class Transport {
  readonly baseUrl: string;
  credential: string | undefined;
  readonly maxRetries: number;
  readonly timeout: number;
  readonly #fetch: FetchLike;
  readonly #headers: Record<string, string>;

  constructor(options: TransportOptions) {
    this.baseUrl = options.baseUrl.replace(/\/+$/, '').replace(/\/api\/v1$/, '');
    this.credential = options.credential;
    this.maxRetries = options.maxRetries;
    this.timeout = options.timeout;
    this.#fetch = options.fetch ?? ((request) => globalThis.fetch(request));
    this.#headers = options.headers ?? {};
  }

  url(path: string, query?: Record<string, unknown>): string {
    const url = new URL(this.baseUrl + path);
    for (const [name, value] of Object.entries(query ?? {})) {
      if (value !== undefined && value !== null) url.searchParams.set(name, String(value));
    }
    return url.toString();
  }

  /** The headers of one call (credential, client defaults, the call's own, its idempotency key). */
  headers(options: RequestOptions | undefined, idempotencyKey?: string): Headers {
    const headers = new Headers(this.#headers);
    if (this.credential) headers.set('Authorization', `Bearer ${this.credential}`);
    if (idempotencyKey) headers.set('Idempotency-Key', idempotencyKey);
    for (const [name, value] of Object.entries(options?.headers ?? {})) headers.set(name, value);
    return headers;
  }

  idempotencyKey(options: RequestOptions | undefined, policy: CallPolicy): string | undefined {
    if (!policy.idempotent) return undefined;
    return options?.idempotencyKey ?? options?.headers?.['Idempotency-Key'] ?? randomKey();
  }

  /**
   * Sends `make(signal)` until it gets an answer that is not worth retrying; returns that answer whatever its
   * status. `make` builds a fresh Request for each attempt.
   */
  async send(make: (signal: AbortSignal) => Request, options: RequestOptions = {}, policy: CallPolicy = {}) {
    const maxRetries = policy.replayable === false ? 0 : (options.maxRetries ?? this.maxRetries);
    for (let attempt = 0; ; attempt++) {
      const timeout = new AbortController();
      const timer = setTimeout(
        () => timeout.abort(new RequestTimeoutError('request timed out')),
        options.timeout ?? this.timeout,
      );
      const signal = options.signal ? AbortSignal.any([options.signal, timeout.signal]) : timeout.signal;
      let response: Response;
      const request = make(signal);
      try {
        response = await this.#fetch(request);
        keepAlive.set(response, request);
      } catch (err) {
        if (options.signal?.aborted) throw options.signal.reason;
        const failure = timeout.signal.aborted
          ? new RequestTimeoutError(`no answer within ${options.timeout ?? this.timeout} ms`, { cause: err })
          : new ConnectionError(`connection failed: ${(err as Error).message}`, { cause: err });
        if (attempt >= maxRetries) throw failure;
        await sleep(backoff(attempt), options.signal);
        continue;
      } finally {
        clearTimeout(timer);
      }
      if (attempt >= maxRetries || !(await shouldRetry(response))) return response;
      // Never sooner than the server asked; a longer wait than a call should block for is the caller's to decide
      // (the error carries `retryAfter`).
      const retryAfter = parseRetryAfter(response.headers.get('retry-after'));
      if (retryAfter !== undefined && retryAfter > MAX_RETRY_AFTER_S) return response;
      await response.body?.cancel().catch(() => {});
      await sleep(retryAfter !== undefined ? retryAfter * 1000 : backoff(attempt), options.signal);
    }
  }
}

/**
 * 429 and 5xx are worth another attempt; so is a 409 saying that the first attempt with this idempotency key is
 * still being processed (its outcome will be replayed), which is not a client error.
 */
async function shouldRetry(response: Response): Promise<boolean> {
  if (response.status === 429 || response.status >= 500) return true;
  if (response.status !== 409) return false;
  const body = await response
    .clone()
    .json()
    .catch(() => undefined);
  return (body as { type?: unknown } | undefined)?.type === 'IDEMPOTENCY_KEY_IN_PROGRESS';
}

/** A random idempotency key; `crypto.randomUUID` exists only in secure contexts, `getRandomValues` everywhere. */
export function randomKey(): string {
  const bytes = globalThis.crypto.getRandomValues(new Uint8Array(16));
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}

/** 0.5 s, 1 s, 2 s, … up to 8 s, each shortened by up to a quarter at random so clients do not retry in step. */
export function backoff(attempt: number): number {
  const base = Math.min(500 * 2 ** attempt, 8000);
  return base * (1 - Math.random() * 0.25);
}

export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal?.reason);
    };
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}
