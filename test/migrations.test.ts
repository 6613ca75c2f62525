/** The migrations in prisma/migrations build exactly the database prisma/schema.prisma describes. */
import { expect, inject, it } from 'vitest';
import { diffMigrationsAgainstSchema } from '../src/db/migrations.ts';

it('has no drift between the migrations and schema.prisma', async () => {
  const { adminUrl } = inject('services');
  expect(await diffMigrationsAgainstSchema({ databaseUrl: adminUrl })).toBe('');
});
