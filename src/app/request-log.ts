/** Logs one JSON line per request with its id, status and latency (hono/logger prints plain text). */
import { createMiddleware } from 'hono/factory';
import type { AppEnv } from './types.ts';

export const requestLog = createMiddleware<AppEnv>(async (c, next) => {
  const started = performance.now();
  await next();
  const logger = c.get('logger');
  const status = c.res.status;
  const fields = {
    method: c.req.method,
    path: c.req.path,
    status,
    latency_ms: Math.round((performance.now() - started) * 100) / 100,
  };
  if (status >= 500) logger.error('request', fields);
  else logger.info('request', fields);
});
