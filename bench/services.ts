/** Throwaway services for benchmarks: embedded PostgreSQL with a migrated database, and a Temporal dev server. */
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { ensureDatabase, withDatabase } from '../src/db/databases.ts';
import { applyMigrations } from '../src/db/migrate-deploy.ts';
import { startEmbeddedPostgres } from '../src/dev/embedded-postgres.ts';
import { freePort } from '../src/dev/free-port.ts';
import { ensureTemporalCli } from '../src/dev/temporal-cli.ts';
import { startTemporalDevServer } from '../src/dev/temporal-dev-server.ts';

export async function benchServices() {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'skillplane-bench-'));
  const cliPath = await ensureTemporalCli({ explicitPath: process.env.TEMPORAL_CLI_PATH, log: console.error });
  const [pg, temporal] = await Promise.all([
    startEmbeddedPostgres({ dataDir: path.join(dir, 'pg'), port: await freePort() }),
    startTemporalDevServer({
      cliPath,
      dbFile: path.join(dir, 'temporal.db'),
      port: await freePort(),
      uiPort: null,
      namespace: 'default',
    }),
  ]);
  await ensureDatabase(pg.url, 'bench');
  const databaseUrl = withDatabase(pg.url, 'bench');
  await applyMigrations({ databaseUrl });
  return {
    dataDir: dir,
    databaseUrl,
    temporalAddress: temporal.address,
    async stop() {
      await Promise.all([pg.stop(), temporal.stop()]);
      await rm(dir, { recursive: true, force: true });
    },
  };
}
