/**
 * Per-credential rate limits by endpoint class (`x-rate-limit-class` in the document; `default` otherwise), as fixed
 * one-minute windows counted in PostgreSQL with atomic upserts, so every API process shares the count. Sets
 * `X-RateLimit-*` and the IETF draft `RateLimit`/`RateLimit-Policy` headers on every response it guards.
 *
 * Classes in PER_USER_CLASSES are also counted per user across all of the user's credentials, because a user can
 * mint keys and sign in again: per credential alone, N keys would start N times the runs.
 */
import { createMiddleware } from 'hono/factory';
import type pg from 'pg';
import type { Operation } from '../app/operations.ts';
import { ApiError } from '../app/problem.ts';
import type { AppEnv } from '../app/types.ts';
import type { Config } from '../config.ts';
import { clientAddress } from '../lib/client-address.ts';

export type RateLimitClass = 'files' | 'skill_runs' | 'schedules' | 'webhooks' | 'connectors' | 'auth' | 'default';

export function limitFor(config: Config, cls: RateLimitClass): number {
  switch (cls) {
    case 'files':
      return config.RATE_LIMIT_FILES_PER_MINUTE;
    case 'skill_runs':
      return config.RATE_LIMIT_SKILL_RUNS_PER_MINUTE;
    case 'schedules':
      return config.RATE_LIMIT_SCHEDULES_PER_MINUTE;
    case 'webhooks':
      return config.RATE_LIMIT_WEBHOOKS_PER_MINUTE;
    case 'connectors':
      return config.RATE_LIMIT_CONNECTORS_PER_MINUTE;
    case 'auth':
      return config.RATE_LIMIT_AUTH_PER_MINUTE;
    default:
      return config.RATE_LIMIT_DEFAULT_PER_MINUTE;
  }
}

const WINDOW_SECONDS = 60;

const PER_USER_CLASSES: ReadonlySet<RateLimitClass> = new Set(['skill_runs']);

/**
 * Counting in PostgreSQL on every request would make one hot row per key the bottleneck. Far from the limit, a
 * process counts locally and adds its pending count to the shared row at most every FLUSH_MS; within the safety
 * margin of the limit (10%, at least 5 requests) every request is counted synchronously, so the limit itself is
 * exact. Between processes the overshoot is bounded by what they admit locally in one flush interval.
 */
const FLUSH_MS = 100;

interface Window {
  start: number;
  shared: number;
  pending: number;
  flushing: Promise<void> | undefined;
}

class Counters {
  readonly #windows = new Map<string, Window>();

  async count(pool: pg.Pool, bucket: string, windowStart: Date, limit: number): Promise<number> {
    const start = windowStart.getTime();
    let w = this.#windows.get(bucket);
    if (!w || w.start !== start) {
      if (this.#windows.size > 100_000) this.#windows.clear();
      w = { start, shared: 0, pending: 0, flushing: undefined };
      this.#windows.set(bucket, w);
    }
    const margin = Math.max(5, Math.ceil(limit * 0.1));
    if (w.shared > 0 && w.shared + w.pending + 1 < limit - margin) {
      w.pending++;
      w.flushing ??= new Promise((r) => setTimeout(r, FLUSH_MS)).then(() => this.#flush(pool, bucket, w!));
      return w.shared + w.pending;
    }
    const add = w.pending + 1;
    w.pending = 0;
    w.shared = await increment(pool, bucket, windowStart, add);
    return w.shared;
  }

  async #flush(pool: pg.Pool, bucket: string, w: Window): Promise<void> {
    const add = w.pending;
    w.pending = 0;
    w.flushing = undefined;
    if (add > 0) w.shared = await increment(pool, bucket, new Date(w.start), add).catch(() => w.shared + add);
  }
}

const counters = new Counters();

/** Adds to the shared count in plain SQL on Prisma's own pool (no query building per call on this hot path). */
async function increment(pool: pg.Pool, bucket: string, windowStart: Date, add: number): Promise<number> {
  const { rows } = await pool.query<{ count: number }>(
    `INSERT INTO rate_limit_counters (bucket, window_start, count) VALUES ($1, $2, $3)
     ON CONFLICT (bucket) DO UPDATE SET
       count = CASE WHEN rate_limit_counters.window_start = EXCLUDED.window_start
                    THEN rate_limit_counters.count + EXCLUDED.count ELSE EXCLUDED.count END,
       window_start = EXCLUDED.window_start
     RETURNING count`,
    [bucket, windowStart, add],
  );
  return rows[0]?.count ?? add;
}

export function rateLimit(operation: Operation) {
  const cls = (operation.rateLimitClass ?? 'default') as RateLimitClass;
  // Public operations are limited only when the document gives them a class (sign-in, artifact view URLs).
  if (operation.auth === 'none' && !operation.rateLimitClass) return undefined;
  return createMiddleware<AppEnv>(async (c, next) => {
    const { pool, config } = c.get('deps');
    const limit = limitFor(config, cls);
    const nowMs = Date.now();
    const windowStart = new Date(Math.floor(nowMs / (WINDOW_SECONDS * 1000)) * WINDOW_SECONDS * 1000);
    // Public operations (sign-in, view URLs) are limited per client address instead of per credential.
    const principal = c.get('principal');
    const buckets = [
      `${principal?.credentialId ?? `ip:${requestAddress(c.env, c.req.header('x-forwarded-for'), config)}`}:${cls}`,
    ];
    if (principal && PER_USER_CLASSES.has(cls)) buckets.push(`user:${principal.userId}:${cls}`);
    const counts = await Promise.all(buckets.map((bucket) => counters.count(pool, bucket, windowStart, limit)));
    const count = Math.max(...counts);
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

/** The client behind the socket's peer (@hono/node-server passes the Node request as `env.incoming`). */
function requestAddress(env: unknown, forwardedFor: string | undefined, config: Config): string {
  const incoming = (env as { incoming?: { socket?: { remoteAddress?: string } } } | undefined)?.incoming;
  return clientAddress(incoming?.socket?.remoteAddress, forwardedFor, config.TRUSTED_PROXIES);
}
