/**
 * Outages answer fast. Every request runs under a Temporal deadline (`TEMPORAL_RPC_TIMEOUT_MS`): the Temporal client
 * keeps its call context in AsyncLocalStorage, so one `withDeadline` around the handler bounds every Temporal call
 * the request makes, wherever it is made. The database pool has its own connect and query timeouts
 * (`DATABASE_TIMEOUT_MS`, see src/db/client.ts). `unavailableProblem` turns either kind of timeout, or a refused
 * connection, into a 503 with `Retry-After` instead of a 500 or a hang.
 */
import { isGrpcServiceError } from '@temporalio/client';
import { createMiddleware } from 'hono/factory';
import { Prisma } from '../../generated/prisma/client.ts';
import { ApiError } from './problem.ts';
import type { AppEnv } from './types.ts';

const RETRY_AFTER_SECONDS = '5';

/**
 * gRPC status codes meaning "Temporal did not answer": DEADLINE_EXCEEDED, UNAVAILABLE, and RESOURCE_EXHAUSTED (a
 * saturated frontend shedding load, e.g. its RPS limits under a burst of starts), which a retry shortly after cures.
 */
const UNANSWERED = new Set([4, 8, 14]);

/**
 * pg's messages for a server that does not answer (and Prisma's when no pooled connection came free for a
 * transaction in time), and Prisma's codes for an unreachable database or pool.
 */
const DB_TIMEOUT =
  /Query read timeout|connection timeout|timeout exceeded when trying to connect|Connection terminated|Unable to start a transaction in the given time/;
const DB_UNREACHABLE_CODES = new Set(['P1001', 'P1002', 'P1017', 'P2024']);
/** The same for errors straight from `pg` (the hot reads that bypass Prisma, src/db/client.ts): the socket's error
 * codes, and PostgreSQL's for a server shutting down or not yet accepting connections (class 57P). */
const PG_UNREACHABLE_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  '57P01',
  '57P02',
  '57P03',
]);

export const temporalDeadline = createMiddleware<AppEnv>(async (c, next) => {
  const { temporal, config } = c.get('deps');
  await temporal.connection.withDeadline(Date.now() + config.TEMPORAL_RPC_TIMEOUT_MS, next);
});

function* causes(err: unknown): Generator<unknown> {
  for (let e = err, depth = 0; e !== undefined && e !== null && depth < 8; depth++) {
    yield e;
    e = (e as { cause?: unknown }).cause;
  }
}

/** The 503 for an error that means a dependency did not answer, or undefined for any other error. */
export function unavailableProblem(err: unknown): ApiError | undefined {
  for (const e of causes(err)) {
    if (isGrpcServiceError(e) && UNANSWERED.has(e.code)) {
      return new ApiError(503, 'ORCHESTRATOR_UNAVAILABLE', {
        detail: 'The orchestrator (Temporal) did not answer in time; retry shortly.',
        headers: { 'Retry-After': RETRY_AFTER_SECONDS },
      });
    }
    const unreachable =
      (e instanceof Prisma.PrismaClientKnownRequestError && DB_UNREACHABLE_CODES.has(e.code)) ||
      e instanceof Prisma.PrismaClientInitializationError ||
      (e instanceof Error && DB_TIMEOUT.test(e.message)) ||
      (e instanceof Error && PG_UNREACHABLE_CODES.has((e as { code?: unknown }).code as string));
    if (unreachable) {
      return new ApiError(503, 'SERVICE_UNAVAILABLE', {
        detail: 'The database did not answer in time; retry shortly.',
        headers: { 'Retry-After': RETRY_AFTER_SECONDS },
      });
    }
  }
  return undefined;
}
