/**
 * Start-up applies migrations with plain SQL (src/db/migrate-deploy.ts) and keeps Prisma's bookkeeping: Prisma's own
 * engine must find nothing edited, failed or unapplied afterwards. Failures are recorded and stop the next start.
 */
import { randomBytes } from 'node:crypto';
import { cp, mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, expect, inject, it } from 'vitest';
import { createDatabase, dropDatabase, withDatabase } from '../src/db/databases.ts';
import { applyMigrations, defaultMigrationsDir, MigrationError, migrationChecksum } from '../src/db/migrate-deploy.ts';
import { diagnoseMigrationHistory } from '../src/db/migrations.ts';
import { spawnEntry } from './support/processes.ts';

const { adminUrl } = inject('services');
const databases: string[] = [];
let tmp: string;
let names: string[];

beforeAll(async () => {
  tmp = await mkdtemp(path.join(os.tmpdir(), 'skillplane-migrate-'));
  names = (await readdir(defaultMigrationsDir, { withFileTypes: true }))
    .filter((e) => e.isDirectory())
    .map((e) => e.name)
    .sort();
});
afterAll(async () => {
  for (const name of databases) await dropDatabase(adminUrl, name);
  await rm(tmp, { recursive: true, force: true });
});

async function freshDatabase(): Promise<string> {
  const name = `migrate_${randomBytes(5).toString('hex')}`;
  await createDatabase(adminUrl, name);
  databases.push(name);
  return withDatabase(adminUrl, name);
}

async function rows(databaseUrl: string) {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    return (
      await client.query(
        `SELECT migration_name, checksum, finished_at, rolled_back_at, logs, applied_steps_count
         FROM _prisma_migrations ORDER BY started_at, migration_name`,
      )
    ).rows;
  } finally {
    await client.end();
  }
}

async function sql(databaseUrl: string, text: string) {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    return await client.query(text);
  } finally {
    await client.end();
  }
}

/** A copy of the project's migrations, to add to or tamper with. */
async function migrationsCopy(): Promise<string> {
  const dir = await mkdtemp(path.join(tmp, 'migrations-'));
  await cp(defaultMigrationsDir, dir, { recursive: true });
  return dir;
}

it('stores the columns that hold model text out of line without compression (pglz costs ~20 ms per 700 KB)', async () => {
  const databaseUrl = await freshDatabase();
  await applyMigrations({ databaseUrl });
  const { rows: storage } = await sql(
    databaseUrl,
    `SELECT c.relname || '.' || a.attname AS col, a.attstorage AS storage
     FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid
     WHERE c.relname IN ('response_events', 'responses', 'conversation_items', 'skill_run_events', 'skill_run_messages',
                         'skill_run_steps', 'webhook_events', 'skill_runs')
       AND a.atttypid = 'jsonb'::regtype AND a.attnum > 0 AND NOT a.attisdropped
     ORDER BY 1`,
  );
  expect(Object.fromEntries(storage.map((r) => [r.col, r.storage]))).toEqual({
    'conversation_items.data': 'e',
    'response_events.data': 'e',
    'responses.error': 'x',
    'responses.output': 'e',
    'skill_run_events.data': 'e',
    'skill_run_messages.message': 'e',
    'skill_run_steps.result': 'e',
    'skill_runs.error': 'x',
    'webhook_events.data': 'e',
  });
});

it("applies every migration once, with bookkeeping Prisma's engine accepts", async () => {
  const databaseUrl = await freshDatabase();
  expect((await applyMigrations({ databaseUrl })).applied).toEqual(names);
  expect((await applyMigrations({ databaseUrl })).applied).toEqual([]);

  const recorded = await rows(databaseUrl);
  expect(recorded.map((r) => r.migration_name)).toEqual(names);
  for (const r of recorded) {
    const file = await readFile(path.join(defaultMigrationsDir, r.migration_name, 'migration.sql'), 'utf8');
    expect(r.checksum).toBe(migrationChecksum(file));
    expect(r.finished_at).not.toBeNull();
    expect(r.applied_steps_count).toBe(1);
  }
  const diagnosis = await diagnoseMigrationHistory({ databaseUrl });
  expect(diagnosis).toMatchObject({ editedMigrationNames: [], failedMigrationNames: [], history: null });
  expect(diagnosis.hasMigrationsTable).toBe(true);
  // The diagnosis does read the checksums: a wrong one is reported as an edited migration.
  await sql(
    databaseUrl,
    `UPDATE _prisma_migrations SET checksum = repeat('0', 64) WHERE migration_name = '${names[0]}'`,
  );
  expect((await diagnoseMigrationHistory({ databaseUrl })).editedMigrationNames).toEqual([names[0]]);
});

it('applies them once when several processes start together', async () => {
  const databaseUrl = await freshDatabase();
  const results = await Promise.all([1, 2, 3].map(() => applyMigrations({ databaseUrl })));
  expect(results.flatMap((r) => r.applied).sort()).toEqual(names);
  expect((await rows(databaseUrl)).length).toBe(names.length);
});

it('records a failed migration, rolls back its statements and refuses to go on until it is resolved', async () => {
  const databaseUrl = await freshDatabase();
  const dir = await migrationsCopy();
  const broken = '29991231000000_broken';
  await mkdir(path.join(dir, broken));
  await writeFile(path.join(dir, broken, 'migration.sql'), 'CREATE TABLE half_done (id int);\nSELECT 1/0;\n');

  const failure = await applyMigrations({ databaseUrl, migrationsDir: dir }).catch((err: unknown) => err);
  expect(failure).toBeInstanceOf(MigrationError);
  expect(String((failure as Error).message)).toMatch(/migration 29991231000000_broken failed: division by zero/);
  const last = (await rows(databaseUrl)).at(-1);
  expect(last).toMatchObject({ migration_name: broken, finished_at: null, applied_steps_count: 0 });
  expect(last?.logs).toContain('division by zero');
  expect((await sql(databaseUrl, "SELECT to_regclass('half_done') AS t")).rows[0].t).toBeNull();

  // The next start refuses, naming the migration and how to resolve it.
  const again = await applyMigrations({ databaseUrl, migrationsDir: dir }).catch((err: unknown) => err);
  expect(String((again as Error).message)).toMatch(/29991231000000_broken failed at .* not resolved.*rolled_back_at/s);

  // Resolved (fixed file, attempt marked rolled back): applied.
  await writeFile(path.join(dir, broken, 'migration.sql'), 'CREATE TABLE half_done (id int);\n');
  await sql(databaseUrl, `UPDATE _prisma_migrations SET rolled_back_at = now() WHERE migration_name = '${broken}'`);
  expect((await applyMigrations({ databaseUrl, migrationsDir: dir })).applied).toEqual([broken]);
});

it('refuses an applied migration whose file changed, but accepts converted line endings', async () => {
  const databaseUrl = await freshDatabase();
  const dir = await migrationsCopy();
  await applyMigrations({ databaseUrl, migrationsDir: dir });
  const first = path.join(dir, names[0]!, 'migration.sql');
  const original = await readFile(first, 'utf8');

  await writeFile(first, original.replaceAll('\n', '\r\n'));
  expect((await applyMigrations({ databaseUrl, migrationsDir: dir })).applied).toEqual([]);

  await writeFile(first, `${original}\n-- an innocent-looking edit\n`);
  await expect(applyMigrations({ databaseUrl, migrationsDir: dir })).rejects.toThrow(
    new RegExp(`migration ${names[0]} was changed after it was applied`),
  );
});

it('stops the API at start-up with a clear message when the database has a failed migration', async () => {
  const databaseUrl = await freshDatabase();
  await applyMigrations({ databaseUrl });
  await sql(
    databaseUrl,
    `INSERT INTO _prisma_migrations (id, checksum, migration_name, logs, started_at)
     VALUES ('00000000-0000-0000-0000-000000000001', 'x', '29991231000000_broken', 'ERROR: boom', now())`,
  );
  const api = spawnEntry('src/server.ts', {
    DATABASE_URL: databaseUrl,
    TEMPORAL_ADDRESS: inject('services').temporalAddress,
    PORT: '0',
    LOG_LEVEL: 'info',
  });
  const code = await new Promise<number | null>((resolve) => api.child.once('exit', resolve));
  expect(code).toBe(1);
  const line = api
    .output()
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l))
    .find((l) => l.level === 'error');
  expect(line.msg).toBe('start-up stopped: the database could not be migrated');
  expect(line.error).toMatch(/migration 29991231000000_broken failed at .*: ERROR: boom/);
});
