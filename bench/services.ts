/**
 * Throwaway services for benchmarks: embedded PostgreSQL with a migrated database (and pg_stat_statements, so a
 * bench can count the statements its work cost), and a Temporal dev server.
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { PrismaClient } from '../generated/prisma/client.ts';
import { createUser } from '../src/auth/users.ts';
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
    startEmbeddedPostgres({
      dataDir: path.join(dir, 'pg'),
      port: await freePort(),
      settings: { shared_preload_libraries: 'pg_stat_statements' },
    }),
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
  const postmasterPid = Number((await readFile(path.join(dir, 'pg', 'postmaster.pid'), 'utf8')).split('\n')[0]);
  return {
    dataDir: dir,
    databaseUrl,
    temporalAddress: temporal.address,
    /** The root processes of the services (the postmaster, the Temporal CLI's guard), for CPU accounting. */
    pids: { postgres: postmasterPid, temporal: temporal.processGroup },
    async stop() {
      await Promise.all([pg.stop(), temporal.stop()]);
      await rm(dir, { recursive: true, force: true });
    },
  };
}

/**
 * The benches' user, created in the database and signed in over HTTP at `apiUrl`, with a workspace; `post` sends
 * JSON as that user.
 */
export async function benchSession(apiUrl: string, prisma: PrismaClient) {
  const credentials = { email: 'bench@example.com', password: 'benchmark password' };
  await createUser(prisma, credentials);
  const send = async (p: string, body: unknown, token?: string) => {
    const res = await fetch(`${apiUrl}${p}`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', ...(token ? { Authorization: `Bearer ${token}` } : {}) },
      body: JSON.stringify(body),
    });
    return (await res.json()) as Record<string, string>;
  };
  const { token } = await send('/api/v1/auth/sessions', credentials);
  const post = (p: string, body: unknown) => send(p, body, token);
  const workspace = await post('/api/v1/workspaces', { name: 'Bench' });
  return { token: token!, workspace, post };
}
