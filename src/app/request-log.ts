/** Logs one JSON line per request with its id, status and latency (hono/logger prints plain text). */
import { createMiddleware } from 'hono/factory';
import type { AppEnv } from './types.ts';

export const requestLog = createMiddleware<AppEnv>(async (c, next) => {
  const started = performance.now();
  await next();
  // The app's logger with the request id as a field: the same line as through the request's child logger, without
  // making one.
  const logger = c.get('deps').logger;
  const status = c.res.status;
  const fields = {
    request_id: c.get('requestId'),
    method: c.req.method,
    path: c.req.path,
    status,
    latency_ms: Math.round((performance.now() - started) * 100) / 100,
  };
  if (status >= 500) logger.error('request', fields);
  else logger.info('request', fields);
});
