/**
 * Connects the API's dependencies and serves the app. Shared by `npm start` (embedded services) and
 * `npm run start:api` (external services), so both run the same code path.
 */
import type { Server } from 'node:http';
import { serve } from '@hono/node-server';
import { Client, Connection } from '@temporalio/client';
import { createApp } from './app/create-app.ts';
import type { Deps } from './app/types.ts';
import type { Config } from './config.ts';
import { createPrisma } from './db/client.ts';
import { createLogger, type Logger } from './logger.ts';

export async function connectDeps(
  config: Config,
  {
    databaseUrl,
    temporalAddress,
    logger = createLogger(config.LOG_LEVEL),
  }: { databaseUrl: string; temporalAddress: string; logger?: Logger },
): Promise<Deps & { close(): Promise<void> }> {
  const prisma = createPrisma(databaseUrl, { max: config.DATABASE_POOL_SIZE, timeoutMs: config.DATABASE_TIMEOUT_MS });
  const connection = await Connection.connect({ address: temporalAddress });
  const temporal = new Client({ connection, namespace: config.TEMPORAL_NAMESPACE });
  return {
    config,
    prisma,
    temporal,
    logger,
    async close() {
      await connection.close();
      await prisma.$disconnect();
    },
  };
}

export interface RunningServer {
  url: string;
  close(): Promise<void>;
}

/** Serves the app; `close` stops accepting connections and waits for in-flight requests up to the grace period. */
export function startApiServer(
  deps: Deps,
  { port = deps.config.PORT, host = deps.config.HOST } = {},
): Promise<RunningServer> {
  const app = createApp(deps);
  return new Promise((resolve, reject) => {
    const server: Server = serve({ fetch: app.fetch, port, hostname: host }, (info) => {
      resolve({
        url: `http://${host.includes(':') ? `[${host}]` : host}:${info.port}`,
        close: () =>
          new Promise<void>((done) => {
            const force = setTimeout(() => {
              server.closeAllConnections();
              done();
            }, deps.config.SHUTDOWN_GRACE_MS);
            server.close(() => {
              clearTimeout(force);
              done();
            });
            server.closeIdleConnections();
          }),
      });
    }) as Server;
    server.once('error', reject);
  });
}
