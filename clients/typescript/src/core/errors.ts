/** Errors the client throws. Every API error carries the problem details (RFC 9457) the server answered. */
import type { Problem } from './types.ts';

export class SkillplaneError extends Error {
  override name = 'SkillplaneError';
}

/** The server answered an error status: `type` is the problem's code (`CONCURRENT_RUN_LIMIT_EXCEEDED`, …). */
export class ApiError extends SkillplaneError {
  override name = 'ApiError';
  readonly status: number;
  /** The problem's code: compare as a string, new codes may appear (the document's `type` is an open set). */
  readonly type: string;
  readonly title: string;
  readonly detail: string | undefined;
  /** Field-level errors (`VALIDATION_FAILED`): `{field, message, code}`. */
  readonly errors: NonNullable<Problem['errors']>;
  readonly requestId: string | undefined;
  readonly headers: Headers;
  /** The problem details as received (or a synthesised one when the body was not problem+json). */
  readonly problem: Problem;

  constructor(status: number, problem: Problem, headers: Headers) {
    super(`${status} ${problem.type}: ${problem.detail ?? problem.title}`);
    this.status = status;
    this.problem = problem;
    this.type = problem.type;
    this.title = problem.title;
    this.detail = problem.detail;
    this.errors = problem.errors ?? [];
    this.requestId = problem.request_id ?? headers.get('x-request-id') ?? undefined;
    this.headers = headers;
  }

  /** Seconds the server asked to wait (`Retry-After`), if it said. */
  get retryAfter(): number | undefined {
    return parseRetryAfter(this.headers.get('retry-after'));
  }
}

/** No answer: the connection failed or dropped (after the configured retries). */
export class ConnectionError extends SkillplaneError {
  override name = 'ConnectionError';
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
  }
}

/** One request took longer than its `timeout` (after the configured retries). */
export class RequestTimeoutError extends ConnectionError {
  override name = 'RequestTimeoutError';
}

/** `skillRuns.wait()` gave up: the run had not finished within `timeout`. */
export class WaitTimeoutError extends SkillplaneError {
  override name = 'WaitTimeoutError';
  readonly runId: string;
  /** The run's last known status. */
  readonly lastStatus: string | undefined;
  constructor(runId: string, timeoutMs: number, lastStatus: string | undefined) {
    super(`run ${runId} did not finish within ${timeoutMs} ms (last status: ${lastStatus ?? 'unknown'})`);
    this.runId = runId;
    this.lastStatus = lastStatus;
  }
}

/** A webhook whose signature or timestamp does not check out. */
export class WebhookVerificationError extends SkillplaneError {
  override name = 'WebhookVerificationError';
}

export function parseRetryAfter(value: string | null): number | undefined {
  if (!value) return undefined;
  const seconds = Number(value);
  if (Number.isFinite(seconds)) return Math.max(0, seconds);
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, (date - Date.now()) / 1000);
}

/** An error answer as an ApiError, whatever its body turned out to be. */
export async function apiErrorFrom(response: Response, body?: unknown): Promise<ApiError> {
  let problem = body;
  if (problem === undefined) {
    const text = await response.text().catch(() => '');
    try {
      problem = JSON.parse(text);
    } catch {
      problem = { detail: text || undefined };
    }
  }
  const given = (problem && typeof problem === 'object' ? problem : {}) as Partial<Problem>;
  return new ApiError(
    response.status,
    {
      ...given,
      type: typeof given.type === 'string' ? given.type : `HTTP_${response.status}`,
      title: given.title ?? response.statusText,
      status: response.status,
      request_id: given.request_id ?? response.headers.get('x-request-id') ?? '',
    },
    response.headers,
  );
}
