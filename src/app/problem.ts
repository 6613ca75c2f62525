/**
 * RFC 9457 problem details. Services throw `ApiError`; `renderProblem` is the one place a problem becomes a response,
 * used by the validation hook, `onError` and `notFound` alike so every error has the same shape.
 */
import type { Context } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import type { ErrorCode, FieldError, Problem } from '../../generated/routes.ts';

const titles: Record<ErrorCode, string> = {
  VALIDATION_FAILED: 'Validation failed',
  MALFORMED_REQUEST: 'Malformed request',
  AUTH_UNAUTHORIZED: 'Authentication required',
  API_KEY_INVALID: 'Invalid API key',
  SESSION_INVALID: 'Invalid session',
  SESSION_REQUIRED: 'Session token required',
  INVALID_CREDENTIALS: 'Invalid credentials',
  FORBIDDEN: 'Forbidden',
  NOT_FOUND: 'Not found',
  ROUTE_NOT_FOUND: 'Route not found',
  METHOD_NOT_ALLOWED: 'Method not allowed',
  REQUEST_TIMEOUT: 'Request timeout',
  CONFLICT: 'Conflict',
  SKILL_NAME_EXISTS: 'Skill name exists',
  SKILL_NOT_PUBLISHED: 'Skill not published',
  CONTEXT_PATH_NOT_FOUND: 'Context path not found',
  MODEL_PROVIDER_NOT_CONFIGURED: 'Model provider not configured',
  RUN_NOT_ACTIVE: 'Run not active',
  RUN_NOT_WAITING: 'Run not waiting',
  CONCURRENT_RUN_LIMIT_EXCEEDED: 'Concurrent run limit exceeded',
  USAGE_INSUFFICIENT_CREDITS: 'Insufficient credits',
  FILE_PATH_CONFLICT: 'File path conflict',
  RANGE_NOT_SATISFIABLE: 'Range not satisfiable',
  ZIP_INVALID: 'Invalid ZIP archive',
  ZIP_UNSAFE_ENTRY: 'Unsafe ZIP entry',
  ZIP_TOO_MANY_ENTRIES: 'Too many ZIP entries',
  ZIP_TOO_LARGE: 'ZIP too large',
  ZIP_COMPRESSION_RATIO_EXCEEDED: 'ZIP compression ratio exceeded',
  SCHEDULE_ACTION_UNAVAILABLE: 'Schedule action unavailable',
  IDEMPOTENCY_KEY_REUSED: 'Idempotency key reused',
  IDEMPOTENCY_KEY_IN_PROGRESS: 'Idempotency key in progress',
  IDEMPOTENCY_SECRET_NOT_REPLAYABLE: 'Secret not replayable',
  MODEL_PRICE_UNKNOWN: 'Model price unknown',
  API_KEY_LIMIT_REACHED: 'API key limit reached',
  PAYLOAD_TOO_LARGE: 'Payload too large',
  UNSUPPORTED_MEDIA_TYPE: 'Unsupported media type',
  UNPROCESSABLE_ENTITY: 'Unprocessable entity',
  RATE_LIMIT_EXCEEDED: 'Rate limit exceeded',
  INTERNAL_ERROR: 'Internal error',
  SERVICE_UNAVAILABLE: 'Service unavailable',
  ORCHESTRATOR_UNAVAILABLE: 'Orchestrator unavailable',
  SKILL_HAS_ACTIVE_RUNS: 'Skill has active runs',
  CONVERSATION_BUSY: 'Conversation busy',
  WEBHOOK_NOT_FOUND: 'Webhook not found',
  WEBHOOK_URL_REFUSED: 'Webhook URL refused',
  WEBHOOK_URL_DUPLICATE: 'Webhook URL duplicate',
  WEBHOOK_LIMIT_EXCEEDED: 'Webhook limit exceeded',
  WEBHOOK_DISABLED: 'Webhook disabled',
  WEBHOOK_DELIVERY_PENDING: 'Webhook delivery pending',
  CONNECTOR_HOST_REFUSED: 'Connector host refused',
  CONNECTOR_NOT_CONFIGURED: 'Connector not configured',
  OAUTH_STATE_INVALID: 'OAuth state invalid',
  OAUTH_AUTHORIZATION_FAILED: 'OAuth authorization failed',
  OAUTH_TOKEN_EXCHANGE_FAILED: 'OAuth token exchange failed',
};

export interface ApiErrorOptions {
  detail?: string;
  errors?: FieldError[];
  headers?: Record<string, string>;
}

/** An error meant for the client: its status, code and detail are rendered as they are. */
export class ApiError extends Error {
  readonly status: ContentfulStatusCode;
  readonly code: ErrorCode;
  readonly detail: string | undefined;
  readonly errors: FieldError[] | undefined;
  readonly headers: Record<string, string>;

  constructor(status: ContentfulStatusCode, code: ErrorCode, options: ApiErrorOptions = {}) {
    super(options.detail ?? titles[code]);
    this.name = 'ApiError';
    this.status = status;
    this.code = code;
    this.detail = options.detail;
    this.errors = options.errors;
    this.headers = options.headers ?? {};
  }

  static notFound(what = 'object'): ApiError {
    return new ApiError(404, 'NOT_FOUND', { detail: `No such ${what}.` });
  }

  static validation(errors: FieldError[]): ApiError {
    const n = errors.length;
    return new ApiError(400, 'VALIDATION_FAILED', {
      detail: `${n} field${n === 1 ? '' : 's'} failed validation: ${errors.map((e) => e.field).join(', ')}`,
      errors,
    });
  }
}

export function renderProblem(c: Context, error: ApiError): Response {
  const body: Problem = {
    type: error.code,
    title: titles[error.code],
    status: error.status,
    ...(error.detail === undefined ? {} : { detail: error.detail }),
    instance: c.req.path,
    request_id: c.get('requestId') ?? '',
    ...(error.errors === undefined ? {} : { errors: error.errors }),
  };
  for (const [name, value] of Object.entries(error.headers)) c.header(name, value);
  return c.body(JSON.stringify(body), error.status, { 'Content-Type': 'application/problem+json' });
}
