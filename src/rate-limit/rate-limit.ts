/**
 * Per-credential rate limits by endpoint class (`x-rate-limit-class` in the document; `default` otherwise), as fixed
 * one-minute windows counted in PostgreSQL with one atomic upsert, so every API process shares the count. Sets
 * `X-RateLimit-*` and the IETF draft `RateLimit`/`RateLimit-Policy` headers on every response it guards.
 */
import { createMiddleware } from 'hono/factory';
import type { Operation } from '../app/operations.ts';
import { ApiError } from '../app/problem.ts';
import type { AppEnv } from '../app/types.ts';
import type { Config } from '../config.ts';

export type RateLimitClass = 'files' | 'skill_runs' | 'schedules' | 'auth' | 'default';

export function limitFor(config: Config, cls: RateLimitClass): number {
  switch (cls) {
    case 'files':
      return config.RATE_LIMIT_FILES_PER_MINUTE;
    case 'skill_runs':
      return config.RATE_LIMIT_SKILL_RUNS_PER_MINUTE;
    case 'schedules':
      return config.RATE_LIMIT_SCHEDULES_PER_MINUTE;
    case 'auth':
      return config.RATE_LIMIT_AUTH_PER_MINUTE;
    default:
      return config.RATE_LIMIT_DEFAULT_PER_MINUTE;
  }
}

const WINDOW_SECONDS = 60;

export function rateLimit(operation: Operation) {
  const cls = (operation.rateLimitClass ?? 'default') as RateLimitClass;
  if (operation.auth === 'none' && cls !== 'auth') return undefined;
  return createMiddleware<AppEnv>(async (c, next) => {
    const { prisma, config } = c.get('deps');
    const limit = limitFor(config, cls);
    const nowMs = Date.now();
    const windowStart = new Date(Math.floor(nowMs / (WINDOW_SECONDS * 1000)) * WINDOW_SECONDS * 1000);
    // Public operations (sign-in) are limited per client address instead of per credential.
    const who = c.get('principal')?.credentialId ?? `ip:${clientAddress(c.env)}`;
    const bucket = `${who}:${cls}`;
    const rows = await prisma.$queryRaw<Array<{ count: number }>>`
      INSERT INTO rate_limit_counters (bucket, window_start, count) VALUES (${bucket}, ${windowStart}, 1)
      ON CONFLICT (bucket) DO UPDATE SET
        count = CASE WHEN rate_limit_counters.window_start = EXCLUDED.window_start
                     THEN rate_limit_counters.count + 1 ELSE 1 END,
        window_start = EXCLUDED.window_start
      RETURNING count`;
    const count = rows[0]?.count ?? 1;
    const remaining = Math.max(0, limit - count);
    const reset = Math.max(1, Math.ceil((windowStart.getTime() + WINDOW_SECONDS * 1000 - nowMs) / 1000));
    const headers = {
      'X-RateLimit-Limit': String(limit),
      'X-RateLimit-Remaining': String(remaining),
      'X-RateLimit-Reset': String(reset),
      RateLimit: `"${cls}";r=${remaining};t=${reset}`,
      'RateLimit-Policy': `"${cls}";q=${limit};w=${WINDOW_SECONDS}`,
    };
    for (const [name, value] of Object.entries(headers)) c.header(name, value);
    if (count > limit) {
      throw new ApiError(429, 'RATE_LIMIT_EXCEEDED', {
        detail: `More than ${limit} ${cls} requests in a minute; retry in ${reset} s.`,
        headers: { ...headers, 'Retry-After': String(reset) },
      });
    }
    await next();
  });
}

/** The socket's peer address (@hono/node-server passes the Node request as `env.incoming`). */
function clientAddress(env: unknown): string {
  const incoming = (env as { incoming?: { socket?: { remoteAddress?: string } } } | undefined)?.incoming;
  return incoming?.socket?.remoteAddress ?? 'unknown';
}
