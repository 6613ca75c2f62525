/**
 * Migrations with Prisma's own schema engine, in its WebAssembly build (`@prisma/schema-engine-wasm`, driven through
 * `SchemaEngineWasm` from `@prisma/migrate`) over the node-postgres driver adapter. The native schema engine binary
 * that `prisma migrate` downloads cannot be fetched on machines without Prisma's CDN, and the Wasm engine needs no
 * download: same engine, same `_prisma_migrations` bookkeeping, same SQL. Prisma versions are pinned exactly because
 * this leans on those packages' internals.
 */
import { randomBytes } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import { PrismaPg } from '@prisma/adapter-pg';
import { bindMigrationAwareSqlAdapterFactory } from '@prisma/driver-adapter-utils';
import pg from 'pg';
import { projectRoot } from '../config.ts';
import { withDatabase } from './database-url.ts';

const require = createRequire(import.meta.url);

interface Engine {
  runCommand(command: string, input: unknown): Promise<Record<string, unknown>>;
  stop(): Promise<void>;
}

const { SchemaEngineWasm } = require('@prisma/migrate/dist/SchemaEngineWasm.js') as {
  SchemaEngineWasm: new (options: { engine: unknown; errorRegistry: unknown }) => Engine;
};
const { listMigrations } = require('@prisma/migrate/dist/utils/listMigrations.js') as {
  listMigrations(dir: string, shadowDbInitScript: string): Promise<Record<string, unknown>>;
};

const defaults = {
  migrationsDir: path.join(projectRoot, 'prisma/migrations'),
  schemaPath: path.join(projectRoot, 'prisma/schema.prisma'),
};
const filters = { externalTables: [], externalEnums: [] };

type WasmEngineClass = { new: (input: unknown, debug: (msg: string) => void, adapter: unknown) => Promise<unknown> };
let wasmEngineClass: Promise<WasmEngineClass> | undefined;

/**
 * Instantiates the Wasm module the way `@prisma/internals` does, but from `@prisma/schema-engine-wasm` itself (the
 * internals loader expects the .wasm inside the Prisma CLI's bundle).
 */
function loadWasmEngine(): Promise<WasmEngineClass> {
  wasmEngineClass ??= (async () => {
    const runtime = await import('@prisma/schema-engine-wasm/schema_engine_bg');
    const dir = path.dirname(require.resolve('@prisma/schema-engine-wasm/schema_engine_bg'));
    const bytes = await readFile(path.join(dir, 'schema_engine_bg.wasm'));
    const { WebAssembly: wasm } = globalThis as unknown as {
      WebAssembly: {
        Module: new (bytes: Buffer) => unknown;
        Instance: new (module: unknown, imports: object) => { exports: Record<string, unknown> };
      };
    };
    const instance = new wasm.Instance(new wasm.Module(bytes), { './schema_engine_bg.js': runtime });
    runtime.__wbg_set_wasm(instance.exports);
    (instance.exports.__wbindgen_start as () => void)();
    return runtime.SchemaEngine as unknown as WasmEngineClass;
  })();
  return wasmEngineClass;
}

/**
 * The schema engine reads PostgreSQL's catalogs, some of whose columns have the internal `"char"` type (OID 18),
 * which the pg driver adapter cannot map. Reporting those columns as text lets the engine describe the database.
 */
const CHAR_OID = 18;
const TEXT_OID = 25;
function asText<R>(result: R): R {
  for (const r of Array.isArray(result) ? result : [result]) {
    for (const field of (r as { fields?: Array<{ dataTypeID: number }> })?.fields ?? []) {
      if (field.dataTypeID === CHAR_OID) field.dataTypeID = TEXT_OID;
    }
  }
  return result;
}
class CatalogFriendlyClient extends pg.Client {
  // biome-ignore lint/suspicious/noExplicitAny: wraps pg's overloaded query signature without restating it.
  override query(...args: any[]): any {
    const at = args.findIndex((a) => typeof a === 'function');
    if (at >= 0) {
      const callback = args[at];
      args[at] = (err: unknown, res: unknown) => callback(err, err ? res : asText(res));
      return (super.query as (...a: unknown[]) => unknown)(...args);
    }
    const out = (super.query as (...a: unknown[]) => unknown)(...args) as Promise<unknown> | undefined;
    return out && typeof out.then === 'function' ? out.then(asText) : out;
  }
}

async function withEngine<T>(databaseUrl: string, schemaPath: string, run: (engine: Engine) => Promise<T>): Promise<T> {
  const schema = await readFile(schemaPath, 'utf8');
  const pool = new pg.Pool({ connectionString: databaseUrl, max: 2, Client: CatalogFriendlyClient });
  const adapter = bindMigrationAwareSqlAdapterFactory(new PrismaPg(pool));
  const wasm = await (await loadWasmEngine()).new(
    { datamodels: [[schemaPath, schema]] },
    (msg: string) => process.env.DEBUG_SCHEMA_ENGINE && console.error(msg),
    adapter,
  );
  const engine = new SchemaEngineWasm({ engine: wasm, errorRegistry: adapter.errorRegistry });
  try {
    return await run(engine);
  } finally {
    await engine.stop();
    // Ending the pool also ends the session that held the engine's advisory lock.
    await pool.end();
  }
}

/**
 * `prisma migrate deploy`: applies pending migrations and records them in `_prisma_migrations`. The engine holds
 * PostgreSQL advisory lock 72707369 meanwhile, so API and worker processes starting together apply them once.
 */
export async function applyMigrations({
  databaseUrl,
  migrationsDir = defaults.migrationsDir,
  schemaPath = defaults.schemaPath,
}: {
  databaseUrl: string;
  migrationsDir?: string;
  schemaPath?: string;
}): Promise<{ applied: string[] }> {
  return withEngine(databaseUrl, schemaPath, async (engine) => {
    const migrationsList = await listMigrations(migrationsDir, '');
    const result = await engine.runCommand('applyMigrations', { migrationsList, filters });
    return { applied: (result.appliedMigrationNames as string[] | undefined) ?? [] };
  });
}

/**
 * The engine's SQL from one schema to another, computed from the two datamodels alone (`from` undefined: from an
 * empty database). Describing a live database crashes the Wasm engine over the pg adapter, so migrations are
 * generated from the previous migration's schema snapshot (`schema.prisma` kept beside each `migration.sql`).
 */
export async function diffSchemas({
  databaseUrl,
  from,
  to,
}: {
  databaseUrl: string;
  from: string | undefined;
  to: string;
}): Promise<string> {
  return withEngine(databaseUrl, to, async (engine) => {
    const files = async (p: string) => [{ path: p, content: await readFile(p, 'utf8') }];
    const result = await engine.runCommand('diff', {
      from: from ? { tag: 'schemaDatamodel', files: await files(from) } : { tag: 'empty' },
      to: { tag: 'schemaDatamodel', files: await files(to) },
      script: true,
      exitCode: null,
      filters,
    });
    return String(result.stdout ?? '')
      .replace(/^-- This is an empty migration\.\s*$/m, '')
      .trim();
  });
}

/** The schema snapshot of the newest migration, if any. */
export async function latestSnapshot(migrationsDir = defaults.migrationsDir): Promise<string | undefined> {
  const dirs = (await readdir(migrationsDir, { withFileTypes: true }).catch(() => []))
    .filter((d) => d.isDirectory())
    .map((d) => d.name)
    .sort();
  const last = dirs.at(-1);
  return last ? path.join(migrationsDir, last, 'schema.prisma') : undefined;
}

/**
 * Where the migrations and schema.prisma disagree, in words; empty when they agree. Checks that the newest
 * snapshot equals schema.prisma, then that applying the migrations yields the same tables, columns, indexes,
 * constraints and enums as creating schema.prisma from scratch (catching hand-edited migration SQL).
 */
export async function diffMigrationsAgainstSchema({
  databaseUrl,
  migrationsDir = defaults.migrationsDir,
  schemaPath = defaults.schemaPath,
}: {
  databaseUrl: string;
  migrationsDir?: string;
  schemaPath?: string;
}): Promise<string> {
  const pending = await diffSchemas({ databaseUrl, from: await latestSnapshot(migrationsDir), to: schemaPath });
  if (pending) return `schema.prisma has changes no migration contains:\n${pending}`;
  const suffix = randomBytes(6).toString('hex');
  const [viaMigrations, viaSchema] = [`check_migrations_${suffix}`, `check_schema_${suffix}`];
  try {
    await adminQuery(databaseUrl, `CREATE DATABASE "${viaMigrations}"`);
    await adminQuery(databaseUrl, `CREATE DATABASE "${viaSchema}"`);
    await applyMigrations({ databaseUrl: withDatabase(databaseUrl, viaMigrations), migrationsDir, schemaPath });
    const full = await diffSchemas({ databaseUrl, from: undefined, to: schemaPath });
    await adminQuery(withDatabase(databaseUrl, viaSchema), full);
    const a = await catalog(withDatabase(databaseUrl, viaMigrations));
    const b = await catalog(withDatabase(databaseUrl, viaSchema));
    const onlyMigrations = a.filter((x) => !b.includes(x));
    const onlySchema = b.filter((x) => !a.includes(x));
    if (onlyMigrations.length === 0 && onlySchema.length === 0) return '';
    return [
      'the migrations build a different database than schema.prisma:',
      ...onlyMigrations.map((x) => `  only from migrations: ${x}`),
      ...onlySchema.map((x) => `  only from schema.prisma: ${x}`),
    ].join('\n');
  } finally {
    await adminQuery(databaseUrl, `DROP DATABASE IF EXISTS "${viaMigrations}" WITH (FORCE)`);
    await adminQuery(databaseUrl, `DROP DATABASE IF EXISTS "${viaSchema}" WITH (FORCE)`);
  }
}

const catalogQuery = `
  SELECT 'column ' || table_name || '.' || column_name || ' ' || udt_name || ' null=' || is_nullable
         || ' default=' || coalesce(column_default, '-') AS line
    FROM information_schema.columns WHERE table_schema = 'public' AND table_name <> '_prisma_migrations'
  UNION ALL
  SELECT 'index ' || indexdef FROM pg_indexes WHERE schemaname = 'public' AND tablename <> '_prisma_migrations'
  UNION ALL
  SELECT 'constraint ' || conrelid::regclass || ' ' || conname || ' ' || pg_get_constraintdef(oid)
    FROM pg_constraint WHERE connamespace = 'public'::regnamespace AND conrelid <> '_prisma_migrations'::regclass
  UNION ALL
  SELECT 'enum ' || t.typname || ' ' || string_agg(e.enumlabel, ',' ORDER BY e.enumsortorder)
    FROM pg_enum e JOIN pg_type t ON t.oid = e.enumtypid GROUP BY t.typname
  ORDER BY 1`;

async function catalog(databaseUrl: string): Promise<string[]> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    await client.query('CREATE TABLE IF NOT EXISTS _prisma_migrations (id text)');
    return (await client.query<{ line: string }>(catalogQuery)).rows.map((r) => r.line);
  } finally {
    await client.end();
  }
}

async function adminQuery(databaseUrl: string, sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}
