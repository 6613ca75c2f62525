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
  return createDatabaseClients(databaseUrl, { max, timeoutMs }).prisma;
}

/**
 * Prisma and the `pg` pool under it: the few hottest reads (src/routes/skills/latest-skill.ts) go to the pool in
 * plain SQL, with no query building or result mapping per call, over the same connections and limits as Prisma.
 * `prisma.$disconnect()` ends the pool.
 */
export function createDatabaseClients(
  databaseUrl: string,
  { max = 10, timeoutMs = 5000 }: { max?: number; timeoutMs?: number } = {},
): { prisma: PrismaClient; pool: pg.Pool } {
  const pool = new pg.Pool({
    connectionString: databaseUrl,
    max,
    connectionTimeoutMillis: timeoutMs,
    query_timeout: timeoutMs,
  });
  const prisma = new PrismaClient({ adapter: new PrismaPg(pool, { disposeExternalPool: true }) });
  return { prisma, pool };
}
