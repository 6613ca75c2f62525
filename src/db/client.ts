/** Prisma Client 7 over node-postgres (no native query engine needed). */
import { PrismaPg } from '@prisma/adapter-pg';
import pg from 'pg';
import { PrismaClient } from '../../generated/prisma/client.ts';

/**
 * `timeoutMs` bounds connecting and every query on the client side, so a database that stops answering (not just
 * one that refuses connections) fails fast instead of hanging requests; see src/app/unavailable.ts.
 */
export function createPrisma(
  databaseUrl: string,
  { max = 10, timeoutMs = 5000 }: { max?: number; timeoutMs?: number } = {},
): PrismaClient {
  return new PrismaClient({ adapter: new PrismaPg(poolConfig(databaseUrl, { max, timeoutMs })) });
}

/**
 * Prisma and the `pg` pool under it: the few hottest queries (src/routes/skills/latest-skill.ts, the rate-limit
 * counter) go to the pool in plain SQL, with no query building or result mapping per call, over the same
 * connections and limits as Prisma. The caller ends the pool after `prisma.$disconnect()` (Prisma ends only pools it
 * made, and only once it has connected).
 */
export function createDatabaseClients(
  databaseUrl: string,
  { max = 10, timeoutMs = 5000 }: { max?: number; timeoutMs?: number } = {},
): { prisma: PrismaClient; pool: pg.Pool } {
  const pool = new pg.Pool(poolConfig(databaseUrl, { max, timeoutMs }));
  // An idle connection that fails (the server restarted) leaves the pool, and the next query opens another; unheard,
  // the pool's 'error' event would end the process.
  pool.on('error', () => {});
  return { prisma: new PrismaClient({ adapter: new PrismaPg(pool) }), pool };
}

const poolConfig = (databaseUrl: string, { max, timeoutMs }: { max: number; timeoutMs: number }): pg.PoolConfig => ({
  connectionString: databaseUrl,
  max,
  connectionTimeoutMillis: timeoutMs,
  query_timeout: timeoutMs,
});
