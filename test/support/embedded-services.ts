/** The default test services: embedded PostgreSQL and a Temporal dev server on free ports, under `dir`. */
import path from 'node:path';
import { startEmbeddedPostgres } from '../../src/dev/embedded-postgres.ts';
import { freePort } from '../../src/dev/free-port.ts';
import { ensureTemporalCli } from '../../src/dev/temporal-cli.ts';
import { startTemporalDevServer } from '../../src/dev/temporal-dev-server.ts';

export interface TestServices {
  adminUrl: string;
  temporalAddress: string;
  stop(): Promise<void>;
}

export async function startEmbeddedServices(dir: string): Promise<TestServices> {
  const cliPath = await ensureTemporalCli({ explicitPath: process.env.TEMPORAL_CLI_PATH, log: console.log });
  const [pgPort, temporalPort] = [await freePort(), await freePort()];
  const [pg, temporal] = await Promise.all([
    startEmbeddedPostgres({ dataDir: path.join(dir, 'pg'), port: pgPort }),
    startTemporalDevServer({
      cliPath,
      dbFile: path.join(dir, 'temporal.db'),
      port: temporalPort,
      uiPort: null,
      namespace: 'default',
    }),
  ]);
  return {
    adminUrl: pg.url,
    temporalAddress: temporal.address,
    stop: async () => {
      await Promise.all([pg.stop(), temporal.stop()]);
    },
  };
}
