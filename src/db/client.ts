/** Prisma Client 7 over node-postgres (no native query engine needed). */
import { PrismaPg } from '@prisma/adapter-pg';
import { PrismaClient } from '../../generated/prisma/client.ts';

export function createPrisma(databaseUrl: string, { max = 10 }: { max?: number } = {}): PrismaClient {
  return new PrismaClient({ adapter: new PrismaPg({ connectionString: databaseUrl, max }) });
}
