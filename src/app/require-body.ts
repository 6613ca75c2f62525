/**
 * `requestBody.required: true` enforced. Without this guard a request with no body at all reaches the JSON validator
 * as `{}` (hono's validator skips a body without a JSON Content-Type), so `PATCH /skills/{id}` with nothing sent
 * would pass as an empty update. An empty body is refused here; a body with the wrong Content-Type is a 415 from the
 * route's media type check, and malformed JSON a 400 from the validator.
 */
import type { MiddlewareHandler } from 'hono';
import type { Operation } from './operations.ts';
import { ApiError } from './problem.ts';
import type { AppEnv } from './types.ts';

/** Whether the request announces no body: no `Transfer-Encoding` and no (or a zero) `Content-Length`. */
const hasNoBody = (headers: Headers): boolean =>
  !headers.has('transfer-encoding') && Number(headers.get('content-length') ?? 0) === 0;

export function requireBody(operation: Operation): MiddlewareHandler<AppEnv> | undefined {
  if (!operation.jsonBodyRequired) return undefined;
  return async (c, next) => {
    if (hasNoBody(c.req.raw.headers)) {
      throw ApiError.validation([{ field: 'body', message: 'Required: send a JSON body', code: 'invalid_type' }]);
    }
    await next();
  };
}
