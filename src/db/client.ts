/** Prisma Client 7 over node-postgres (no native query engine needed). */
import { PrismaPg } from '@prisma/adapter-pg';
import { PrismaClient } from '../../generated/prisma/client.ts';

/**
 * `timeoutMs` bounds connecting and every query on the client side, so a database that stops answering (not just
 * one that refuses connections) fails fast instead of hanging requests; see src/app/unavailable.ts.
 */
export function createPrisma(
  databaseUrl: string,
  { max = 10, timeoutMs = 5000 }: { max?: number; timeoutMs?: number } = {},
): PrismaClient {
  return new PrismaClient({
    adapter: new PrismaPg({
      connectionString: databaseUrl,
      max,
      connectionTimeoutMillis: timeoutMs,
      query_timeout: timeoutMs,
    }),
  });
}
