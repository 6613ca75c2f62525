/**
 * Prisma Migrate without the native schema engine, for development tools only (`migrate:create`, `migrate:check`, the
 * drift test); production start-up applies migrations with plain SQL (src/db/migrate-deploy.ts).
 *
 * WHY: `prisma migrate deploy|dev|diff` run Prisma's native `schema-engine` binary, which the CLI downloads from
 * Prisma's own server; that host is unreachable on the machines this project is built on, so those commands cannot
 * run here. Prisma also ships the same engine compiled to WebAssembly (`@prisma/schema-engine-wasm`), which talks to
 * PostgreSQL through a driver adapter (`PrismaPg`) instead of its own network code. This module drives that engine
 * directly: the same SQL as `prisma migrate diff --from-migrations --to-schema`, the same history diagnosis as
 * `prisma migrate status`. (The 7.10 CLI never selects the Wasm engine itself, and
 * `SchemaEngineWasm.setup` in `@prisma/migrate` looks for the .wasm inside the CLI bundle, so the engine is loaded
 * here the way that loader does it.)
 *
 * `PrismaPg` is written for queries, not migrations; `connectAdapter` fixes what the engine trips over:
 * - `executeScript` splits scripts on every `;` (even in comments, strings and `$$` bodies) and runs the pieces
 *   one by one: here a migration goes to PostgreSQL whole, in one implicit transaction, as the native engine sends it;
 * - PostgreSQL's catalog type `"char"` (OID 18), which the engine reads to describe a database, is rejected by the
 *   adapter's type mapping: it is reported as the adapter type `Character` the engine expects;
 * - `connectToShadowDb` drops its database before closing the pool connected to it (which PostgreSQL refuses) and
 *   loses the password of a Pool config: shadow databases are made here.
 *
 * This leans on those packages' internals: Prisma packages are pinned to exact versions, and a drift test
 * (test/migrations.test.ts) and `npm run migrate:check` exercise every path on each run.
 */
import { randomUUID } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { PrismaPg } from '@prisma/adapter-pg';
import {
  bindMigrationAwareSqlAdapterFactory,
  ColumnTypeEnum,
  type SqlDriverAdapter,
  type SqlMigrationAwareDriverAdapterFactory,
  type SqlQueryable,
} from '@prisma/driver-adapter-utils';
import type { DiagnoseMigrationHistoryOutput, MigrationList, SchemaEngine } from '@prisma/schema-engine-wasm';
import pg from 'pg';
import { createDatabase, dropDatabase, withDatabase } from './databases.ts';

const projectRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const defaults = {
  migrationsDir: path.join(projectRoot, 'prisma/migrations'),
  schemaPath: path.join(projectRoot, 'prisma/schema.prisma'),
};
const filters = { externalTables: [], externalEnums: [] };

/**
 * What Prisma's engine (`prisma migrate status`) thinks of a database's migration history against `migrationsDir`:
 * edited, failed and unapplied migrations. Start-up applies migrations without the engine (src/db/migrate-deploy.ts);
 * this is how the tests prove that its bookkeeping is the one Prisma expects.
 */
export async function diagnoseMigrationHistory({
  databaseUrl,
  migrationsDir = defaults.migrationsDir,
  schemaPath = defaults.schemaPath,
}: {
  databaseUrl: string;
  migrationsDir?: string;
  schemaPath?: string;
}): Promise<DiagnoseMigrationHistoryOutput> {
  const migrationsList = await listMigrations(migrationsDir);
  return withEngine({ databaseUrl, schemaPath }, (engine) =>
    engine.diagnoseMigrationHistory({ migrationsList, optInToShadowDatabase: false, filters }),
  );
}

/**
 * `prisma migrate diff --from-migrations <dir> --to-schema <schema> --script`: the SQL that takes a database built
 * by the migrations to what schema.prisma describes; empty when they agree. The migrations are replayed on a
 * throwaway shadow database created (and dropped) on the server of `databaseUrl`, so that must be a scratch server
 * whose user may create databases.
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
  const migrationsList = await listMigrations(migrationsDir);
  const schema = { path: schemaPath, content: await readFile(schemaPath, 'utf8') };
  const { stdout } = await withEngine({ databaseUrl, schemaPath, shadowDatabases: true }, (engine) =>
    engine.diff({
      // No migrations yet: they build an empty database (and the engine would want a migration_lock.toml).
      from:
        migrationsList.migrationDirectories.length > 0 ? { tag: 'migrations', ...migrationsList } : { tag: 'empty' },
      to: { tag: 'schemaDatamodel', files: [schema] },
      script: true,
      exitCode: null,
      filters,
    }),
  );
  return (stdout ?? '').replace(/^-- This is an empty migration\.$/m, '').trim();
}

/** What `listMigrations` in `@prisma/migrate` hands the engine: every `<dir>/migration.sql`, in name order. */
async function listMigrations(migrationsDir: string): Promise<MigrationList> {
  const lockfile = await readFile(path.join(migrationsDir, 'migration_lock.toml'), 'utf8').catch(() => null);
  const dirs = (await readdir(migrationsDir, { withFileTypes: true }).catch(() => []))
    .filter((entry) => entry.isDirectory())
    .map((entry) => entry.name)
    .sort();
  return {
    baseDir: migrationsDir,
    lockfile: { path: 'migration_lock.toml', content: lockfile },
    shadowDbInitScript: '',
    migrationDirectories: await Promise.all(
      dirs.map(async (dir) => ({
        path: dir,
        migrationFile: {
          path: 'migration.sql',
          content: await readFile(path.join(migrationsDir, dir, 'migration.sql'), 'utf8').then(
            (value) => ({ tag: 'ok' as const, value }),
            (err: Error) => ({ tag: 'error' as const, value: err.message }),
          ),
        },
      })),
    ),
  };
}

async function withEngine<T>(
  {
    databaseUrl,
    schemaPath,
    shadowDatabases = false,
  }: { databaseUrl: string; schemaPath: string; shadowDatabases?: boolean },
  run: (engine: SchemaEngine) => Promise<T>,
): Promise<T> {
  // Every connection the engine opens is closed (and every shadow database dropped) by the end, whether or not the
  // engine disposed of it.
  const open = new Set<SqlDriverAdapter>();
  const track = (adapter: SqlDriverAdapter, afterDispose = async () => {}) => {
    const dispose = adapter.dispose.bind(adapter);
    adapter.dispose = async () => {
      if (!open.delete(adapter)) return;
      await dispose();
      await afterDispose();
    };
    open.add(adapter);
    return adapter;
  };
  const factory: SqlMigrationAwareDriverAdapterFactory = {
    provider: 'postgres',
    adapterName: '@prisma/adapter-pg',
    connect: async () => track(await connectAdapter(databaseUrl)),
    async connectToShadowDb() {
      if (!shadowDatabases) throw new Error('this command must not need a shadow database');
      const name = `prisma_shadow_${randomUUID().replaceAll('-', '')}`;
      await createDatabase(databaseUrl, name);
      return track(await connectAdapter(withDatabase(databaseUrl, name)), () => dropDatabase(databaseUrl, name));
    },
  };
  const panics = panicRegistry();
  panics.message = '';
  let engine: SchemaEngine | undefined;
  try {
    engine = await (await loadEngine()).new(
      { datamodels: [[schemaPath, await readFile(schemaPath, 'utf8')]] },
      (message: string) => process.env.DEBUG_SCHEMA_ENGINE && console.error(`[schema-engine] ${message}`),
      bindMigrationAwareSqlAdapterFactory(factory),
    );
    return await run(engine);
  } catch (err) {
    if (!panics.message) throw err;
    engineClass = undefined; // a panicked Wasm instance is not reused
    throw new Error(`the schema engine panicked: ${panics.message}`, { cause: err });
  } finally {
    engine?.free();
    for (const adapter of open) await adapter.dispose().catch(() => {});
  }
}

/** A `PrismaPg` connection with the fixes listed at the top. One connection: the engine runs one query at a time. */
async function connectAdapter(connectionString: string): Promise<SqlDriverAdapter> {
  const adapter = await new PrismaPg({
    connectionString,
    max: 1,
    Client: CatalogClient as unknown as new () => pg.ClientBase,
  }).connect();
  adapter.executeScript = async (script) => {
    // No parameters: node-postgres sends it with the simple query protocol, which accepts many statements.
    await adapter.executeRaw({ sql: script, args: [], argTypes: [] });
  };
  const startTransaction = adapter.startTransaction.bind(adapter);
  adapter.startTransaction = async (isolationLevel) => reportCharColumns(await startTransaction(isolationLevel));
  return reportCharColumns(adapter);
}

const CHAR_OID = 18;
const TEXT_OID = 25;
/** The `"char"` columns of each result, keyed by its rows array (which the adapter passes through unchanged). */
const charColumns = new WeakMap<unknown[], number[]>();

/** Reports `"char"` columns as text so that the adapter accepts them, remembering which they were. */
class CatalogClient extends pg.Client {
  // biome-ignore lint/suspicious/noExplicitAny: wraps pg's overloaded query() without restating its overloads.
  override query(...args: any[]): any {
    const at = args.findIndex((arg) => typeof arg === 'function');
    if (at >= 0) {
      const callback = args[at];
      args[at] = (err: unknown, res: unknown) => callback(err, err ? res : markCharColumns(res));
      return (super.query as (...a: unknown[]) => unknown)(...args);
    }
    const out = (super.query as (...a: unknown[]) => unknown)(...args);
    return out instanceof Promise ? out.then(markCharColumns) : out;
  }
}

function markCharColumns<R>(result: R): R {
  for (const r of (Array.isArray(result) ? result : [result]) as Array<Partial<pg.QueryResult>>) {
    const at = (r?.fields ?? []).flatMap((field, i) => (field.dataTypeID === CHAR_OID ? [i] : []));
    if (at.length === 0 || !r.rows || !r.fields) continue;
    for (const i of at) r.fields[i]!.dataTypeID = TEXT_OID;
    charColumns.set(r.rows, at);
  }
  return result;
}

function reportCharColumns<Q extends SqlQueryable>(queryable: Q): Q {
  const queryRaw = queryable.queryRaw.bind(queryable);
  queryable.queryRaw = async (query) => {
    const result = await queryRaw(query);
    for (const i of charColumns.get(result.rows) ?? []) result.columnTypes[i] = ColumnTypeEnum.Character;
    return result;
  };
  return queryable;
}

let engineClass: Promise<typeof SchemaEngine> | undefined;
/** The WebAssembly global, which @types/node declares as types only. */
const wasm = (globalThis as unknown as { WebAssembly: WasmApi }).WebAssembly;
interface WasmApi {
  Module: new (bytes: Uint8Array) => object;
  Instance: new (
    module: object,
    imports: Record<string, Record<string, unknown>>,
  ) => { exports: Record<string, unknown> };
}

/**
 * Instantiates the engine's Wasm module as `wasmSchemaEngineLoader` in `@prisma/internals` does (once per process),
 * except that the timers the engine sets (and never clears) do not keep the process alive for their 10 s.
 */
function loadEngine(): Promise<typeof SchemaEngine> {
  engineClass ??= (async () => {
    const bindings = await import('@prisma/schema-engine-wasm/schema_engine_bg');
    const imports: Record<string, unknown> = { ...bindings };
    for (const name of Object.keys(imports).filter((key) => key.startsWith('__wbg_setTimeout_'))) {
      imports[name] = (callback: () => void, ms: number) => setTimeout(callback, ms >>> 0).unref();
    }
    const wasmFile = createRequire(import.meta.url)
      .resolve('@prisma/schema-engine-wasm/schema_engine_bg')
      .replace(/\.js$/, '.wasm');
    const module = new wasm.Module(await readFile(wasmFile));
    const instance = new wasm.Instance(module, { './schema_engine_bg.js': imports });
    bindings.__wbg_set_wasm(instance.exports);
    (instance.exports.__wbindgen_start as () => void)();
    return bindings.SchemaEngine;
  })();
  return engineClass;
}

/** Where the engine writes its panic message before trapping (the global `@prisma/internals` would install). */
function panicRegistry(): { message: string } {
  const g = globalThis as { PRISMA_WASM_PANIC_REGISTRY?: { message: string; set_message(m: string): void } };
  g.PRISMA_WASM_PANIC_REGISTRY ??= {
    message: '',
    set_message(message: string) {
      this.message = message;
    },
  };
  return g.PRISMA_WASM_PANIC_REGISTRY;
}
