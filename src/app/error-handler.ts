/**
 * `onError` and `notFound`: everything that escapes a handler ends up here as problem+json. Unknown errors are logged
 * with their stack and answered with a bare 500 that discloses nothing but the request id.
 */
import type { Context, ErrorHandler, MiddlewareHandler, NotFoundHandler } from 'hono';
import { HTTPException } from 'hono/http-exception';
import type { ErrorCode } from '../../generated/routes.ts';
import { allowedMethods } from './operations.ts';
import { ApiError, renderProblem } from './problem.ts';
import type { AppEnv } from './types.ts';
import { unavailableProblem } from './unavailable.ts';

const codeForStatus: Record<number, ErrorCode> = {
  400: 'MALFORMED_REQUEST',
  401: 'AUTH_UNAUTHORIZED',
  403: 'FORBIDDEN',
  404: 'NOT_FOUND',
  405: 'METHOD_NOT_ALLOWED',
  408: 'REQUEST_TIMEOUT',
  409: 'CONFLICT',
  413: 'PAYLOAD_TOO_LARGE',
  415: 'UNSUPPORTED_MEDIA_TYPE',
  422: 'UNPROCESSABLE_ENTITY',
  429: 'RATE_LIMIT_EXCEEDED',
  503: 'SERVICE_UNAVAILABLE',
};

function fromHttpException(err: HTTPException): ApiError {
  const code = codeForStatus[err.status];
  if (!code) return new ApiError(500, 'INTERNAL_ERROR');
  return new ApiError(err.status, code, { detail: err.message || undefined });
}

export const onError: ErrorHandler<AppEnv> = (err, c) => {
  if (err instanceof ApiError) return renderProblem(c, err);
  if (err instanceof HTTPException) return renderProblem(c, fromHttpException(err));
  const unavailable = unavailableProblem(err);
  if (unavailable) {
    c.get('deps').logger.warn('dependency did not answer', { request_id: c.get('requestId'), code: unavailable.code });
    return renderProblem(c, unavailable);
  }
  c.get('deps').logger.error('unhandled error', {
    request_id: c.get('requestId'),
    error:
      err instanceof Error
        ? { name: err.name, message: err.message, stack: err.stack, cause: err.cause ? String(err.cause) : undefined }
        : String(err),
  });
  return renderProblem(c, new ApiError(500, 'INTERNAL_ERROR', { detail: 'An unexpected error occurred.' }));
};

const methodNotAllowed = (c: Context, allowed: string[]) =>
  renderProblem(
    c,
    new ApiError(405, 'METHOD_NOT_ALLOWED', {
      detail: `${c.req.method} is not allowed on ${c.req.path}; allowed: ${allowed.join(', ')}.`,
      headers: { Allow: allowed.join(', ') },
    }),
  );

/**
 * Before routing: a method the document does not have for this path is a 405, even where a less specific template
 * would route it (`DELETE /files/extract` is not `DELETE /files/{file_id}`).
 */
export const methodGuard: MiddlewareHandler<AppEnv> = async (c, next) => {
  const allowed = allowedMethods(c.req.path);
  if (allowed.length > 0 && !allowed.includes(c.req.method)) return methodNotAllowed(c, allowed);
  await next();
};

/** No route: a path the document knows answered with another method is a 405 listing the methods it has. */
export const notFound: NotFoundHandler<AppEnv> = (c: Context) => {
  const allowed = allowedMethods(c.req.path);
  if (allowed.length > 0) return methodNotAllowed(c, allowed);
  return renderProblem(
    c,
    new ApiError(404, 'ROUTE_NOT_FOUND', { detail: `No route for ${c.req.method} ${c.req.path}.` }),
  );
};
