/**
 * `mount` is the only way a handler reaches the app: it takes a route generated from the OpenAPI document, checks the
 * operation exists in the document, and attaches the guards the document asks for (security, `x-auth`,
 * `x-permission`, `x-rate-limit-class`, `requestBody.required`, the `Idempotency-Key` parameter). A handler for an operation the
 * document lacks cannot be mounted (the route types come only from generated/routes.ts, and the runtime check
 * catches a hand-made route).
 */
import type { OpenAPIHono, RouteConfig, RouteHandler } from '@hono/zod-openapi';
import type { MiddlewareHandler } from 'hono';
import { authenticate } from '../auth/authenticate.ts';
import { idempotency } from '../idempotency/idempotency.ts';
import { rateLimit } from '../rate-limit/rate-limit.ts';
import { type Operation, operations } from './operations.ts';
import { requireBody } from './require-body.ts';
import type { AppEnv } from './types.ts';

type Guard = (operation: Operation) => MiddlewareHandler<AppEnv> | undefined;

/** In order: who is calling, how often, whether the body the document requires is there, and whether this is a retry
 * of an earlier request. */
const guards: readonly Guard[] = [authenticate, rateLimit, requireBody, idempotency];

export function mount<R extends RouteConfig & { operationId: string }>(
  app: OpenAPIHono<AppEnv>,
  route: R,
  handler: RouteHandler<R, AppEnv>,
): void {
  const operation = operations.get(route.operationId);
  if (!operation) throw new Error(`Operation ${route.operationId} is not in the OpenAPI document`);
  if (operation.method !== route.method || toOpenApiPath(route.path) !== operation.path) {
    throw new Error(`Route ${route.operationId} does not match the document (${operation.method} ${operation.path})`);
  }
  const setOperation: MiddlewareHandler<AppEnv> = async (c, next) => {
    c.set('operation', operation);
    await next();
  };
  const middleware = [setOperation, ...guards.map((g) => g(operation)).filter((m) => m !== undefined)];
  app.openapi({ ...route, middleware }, handler);
}

/** Hono paths use `:id`; the document uses `{id}`. A parameter that takes the rest of the path is written `{path{<regexp>}}`
 * in a route (what @hono/zod-openapi turns into Hono's `:path{<regexp>}`) and `{path}` in the document. */
export function toOpenApiPath(honoPath: string): string {
  return honoPath.replace(/:([A-Za-z0-9_]+)/g, '{$1}').replace(/\{([A-Za-z0-9_]+)\{[^}]*\}\}/g, '{$1}');
}

/**
 * A route whose last parameter takes the rest of the URL path, `/` included (a file path inside an artifact). Any
 * character, line breaks too (`.` would not match a `%0D`, and the request would miss the route), so that the
 * handler, not the router, refuses what the path rules forbid.
 */
export const withRestParameter = <R extends RouteConfig>(route: R, name: string): R => ({
  ...route,
  path: route.path.replace(`{${name}}`, `{${name}{[\\s\\S]+}}`),
});
