/**
 * `prisma migrate deploy` for production start-up, in plain SQL over node-postgres: no schema engine, native or
 * WebAssembly, and nothing patched (src/db/migrations.ts keeps the Wasm engine for `migrate:create`/`migrate:check`).
 *
 * It keeps Prisma's own bookkeeping, so either tool can take over a database the other migrated: the
 * `_prisma_migrations` table as Prisma creates it, one row per attempt with the SHA-256 of the migration file,
 * `started_at`, `finished_at`, `applied_steps_count` and the error in `logs`, and Prisma's advisory lock key, so this
 * and a concurrent `prisma migrate deploy` exclude each other too. Each migration.sql is sent whole with the simple
 * query protocol, which PostgreSQL runs as one implicit transaction (as Prisma's engine sends it): a failing
 * migration leaves no half-applied statements, only its row without `finished_at`.
 *
 * Stricter than Prisma in one way: an applied migration whose file changed since is refused rather than warned about,
 * because the database then differs from what the code was built against.
 */
import { createHash, randomUUID } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import pg from 'pg';
import { projectRoot } from '../config.ts';

/** The key Prisma's schema engine locks on (`72707369`, "HRPI"), so both tools serialise against each other. */
const PRISMA_MIGRATE_LOCK = 72707369;

export const defaultMigrationsDir = path.join(projectRoot, 'prisma/migrations');

export class MigrationError extends Error {
  override name = 'MigrationError';
}

/** What Prisma stores as `checksum`: the SHA-256 of the file's bytes, in hex. */
export function migrationChecksum(script: string): string {
  return createHash('sha256').update(script, 'utf8').digest('hex');
}

/** Prisma also accepts a file whose line endings were converted (a checkout with autocrlf). */
function sameScript(checksum: string, script: string): boolean {
  const lf = script.replaceAll('\r\n', '\n');
  return [script, lf, lf.replaceAll('\n', '\r\n')].some((variant) => migrationChecksum(variant) === checksum);
}

interface MigrationRow {
  migration_name: string;
  checksum: string;
  finished_at: Date | null;
  rolled_back_at: Date | null;
  started_at: Date;
  logs: string | null;
}

/**
 * Applies the migrations of `migrationsDir` that `_prisma_migrations` does not list as applied, in name order, and
 * returns their names. Throws `MigrationError` (after recording it) when one fails, when an earlier attempt failed
 * and was not resolved, or when an applied migration's file changed.
 */
export async function applyMigrations({
  databaseUrl,
  migrationsDir = defaultMigrationsDir,
}: {
  databaseUrl: string;
  migrationsDir?: string;
}): Promise<{ applied: string[] }> {
  const local = await readMigrations(migrationsDir);
  const client = new pg.Client({ connectionString: databaseUrl, application_name: 'skillplane-migrate' });
  await client.connect();
  try {
    // Session-level: held across the migrations' own transactions, released when the connection closes.
    await client.query('SELECT pg_advisory_lock($1)', [PRISMA_MIGRATE_LOCK]);
    await client.query(`CREATE TABLE IF NOT EXISTS "_prisma_migrations" (
      "id" VARCHAR(36) PRIMARY KEY NOT NULL,
      "checksum" VARCHAR(64) NOT NULL,
      "finished_at" TIMESTAMPTZ,
      "migration_name" VARCHAR(255) NOT NULL,
      "logs" TEXT,
      "rolled_back_at" TIMESTAMPTZ,
      "started_at" TIMESTAMPTZ NOT NULL DEFAULT now(),
      "applied_steps_count" INTEGER NOT NULL DEFAULT 0)`);
    const { rows } = await client.query<MigrationRow>(
      `SELECT migration_name, checksum, finished_at, rolled_back_at, started_at, logs
       FROM "_prisma_migrations" WHERE rolled_back_at IS NULL ORDER BY started_at`,
    );
    const failed = rows.find((r) => r.finished_at === null);
    if (failed) {
      throw new MigrationError(
        `migration ${failed.migration_name} failed at ${failed.started_at.toISOString()} and was not resolved: ` +
          `${failed.logs ?? '(no log)'}. Fix the database by hand, then mark the attempt rolled back ` +
          `(UPDATE "_prisma_migrations" SET rolled_back_at = now() WHERE migration_name = '${failed.migration_name}' ` +
          'AND finished_at IS NULL) to have it applied again, or use `prisma migrate resolve`.',
      );
    }
    const applied = new Map(rows.map((r) => [r.migration_name, r]));
    for (const { name, script } of local) {
      const row = applied.get(name);
      if (row && !sameScript(row.checksum, script)) {
        throw new MigrationError(
          `migration ${name} was changed after it was applied (checksum ${row.checksum} in the database, ` +
            `${migrationChecksum(script)} on disk): restore the applied file and put changes in a new migration.`,
        );
      }
    }
    const done: string[] = [];
    for (const { name, script } of local) {
      if (applied.has(name)) continue;
      await applyOne(client, name, script);
      done.push(name);
    }
    return { applied: done };
  } finally {
    await client.end().catch(() => {});
  }
}

async function applyOne(client: pg.Client, name: string, script: string): Promise<void> {
  const id = randomUUID();
  await client.query(
    `INSERT INTO "_prisma_migrations" (id, checksum, migration_name, started_at, applied_steps_count)
     VALUES ($1, $2, $3, now(), 0)`,
    [id, migrationChecksum(script), name],
  );
  try {
    await client.query(script);
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    await client.query(`UPDATE "_prisma_migrations" SET logs = $2 WHERE id = $1`, [id, message]);
    throw new MigrationError(`migration ${name} failed: ${message}`, { cause: err });
  }
  await client.query(
    `UPDATE "_prisma_migrations" SET finished_at = now(), applied_steps_count = applied_steps_count + 1
     WHERE id = $1`,
    [id],
  );
}

/** Every `<dir>/migration.sql`, in name order (the timestamps Prisma puts first make that chronological). */
async function readMigrations(migrationsDir: string): Promise<Array<{ name: string; script: string }>> {
  const dirs = (await readdir(migrationsDir, { withFileTypes: true }))
    .filter((entry) => entry.isDirectory())
    .map((entry) => entry.name)
    .sort();
  return Promise.all(
    dirs.map(async (name) => ({
      name,
      script: await readFile(path.join(migrationsDir, name, 'migration.sql'), 'utf8'),
    })),
  );
}
