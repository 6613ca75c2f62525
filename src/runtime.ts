/**
 * Connects the API's dependencies and serves the app. Shared by `npm start` (embedded services) and
 * `npm run start:api` (external services), so both run the same code path.
 */
import type { Server, ServerOptions } from 'node:http';
import { serve } from '@hono/node-server';
import { Client, Connection } from '@temporalio/client';
import { limitBodyTime } from './app/body-timeout.ts';
import { createApp } from './app/create-app.ts';
import { serveDirectBodies } from './app/direct-body.ts';
import { isStreamedUpload } from './app/operations.ts';
import type { Deps } from './app/types.ts';
import { watchAuthChanges } from './auth/cache-invalidation.ts';
import type { Config } from './config.ts';
import { createDatabaseClients } from './db/client.ts';
import { NotificationHub } from './db/notification-hub.ts';
import { createStorage } from './files/storage.ts';
import { preparePrivateDataDir } from './lib/private-fs.ts';
import { createLogger, type Logger } from './logger.ts';
import { watchResponseEvents } from './responses/event-feed.ts';
import { watchRunEvents } from './runs/event-feed.ts';
import { watchCellEvents } from './scratchpads/cell-event-feed.ts';

export async function connectDeps(
  config: Config,
  {
    databaseUrl,
    temporalAddress,
    logger = createLogger(config.LOG_LEVEL),
  }: { databaseUrl: string; temporalAddress: string; logger?: Logger },
): Promise<Deps & { close(): Promise<void> }> {
  await preparePrivateDataDir(config.SKILLPLANE_DATA_DIR);
  const { prisma, pool } = createDatabaseClients(databaseUrl, {
    max: config.DATABASE_POOL_SIZE,
    timeoutMs: config.DATABASE_TIMEOUT_MS,
  });
  const connection = await Connection.connect({ address: temporalAddress });
  const temporal = new Client({ connection, namespace: config.TEMPORAL_NAMESPACE });
  const storage = await createStorage(config);
  const notifications = new NotificationHub({
    databaseUrl,
    logger,
    safetyPollMs: config.NOTIFY_SAFETY_POLL_SECONDS * 1000,
  });
  watchRunEvents(notifications, prisma);
  watchResponseEvents(notifications, prisma);
  watchCellEvents(notifications, prisma);
  watchAuthChanges(notifications);
  await notifications.start();
  return {
    config,
    prisma,
    pool,
    temporal,
    logger,
    storage,
    notifications,
    async close() {
      await notifications.close();
      await connection.close();
      await prisma.$disconnect();
      await pool.end();
    },
  };
}

export interface RunningServer {
  url: string;
  close(): Promise<void>;
}

/**
 * Node's own limits on slow clients: headers within `headersTimeout`, any whole request (uploads included) within
 * `requestTimeout`, idle keep-alive connections closed after `keepAliveTimeout`. Tighter limits on bodies come from
 * `limitBodyTime` and the upload's idle timer.
 */
function serverOptions(config: Config): ServerOptions {
  const requestTimeout = config.HTTP_REQUEST_TIMEOUT_SECONDS * 1000;
  return {
    requestTimeout,
    // Node refuses a headers timeout longer than the request timeout.
    headersTimeout: Math.min(config.HTTP_HEADERS_TIMEOUT_SECONDS * 1000, requestTimeout),
    keepAliveTimeout: config.HTTP_KEEPALIVE_TIMEOUT_SECONDS * 1000,
    maxHeaderSize: config.HTTP_MAX_HEADER_BYTES,
    // How often Node checks those two timeouts (its default, 30 s, would let them overrun by that much).
    connectionsCheckingInterval: 1000,
  };
}

/** Serves the app; `close` stops accepting connections and waits for in-flight requests up to the grace period. */
export function startApiServer(
  deps: Deps,
  { port = deps.config.PORT, host = deps.config.HOST } = {},
): Promise<RunningServer> {
  const app = createApp(deps);
  return new Promise((resolve, reject) => {
    const fetch = serveDirectBodies(app.fetch, {
      onError: (err) => deps.logger.warn('response body failed', { error: (err as Error).message }),
    });
    const options = { fetch, port, hostname: host, serverOptions: serverOptions(deps.config) };
    const server: Server = serve(options, (info) => {
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
    limitBodyTime(server, {
      timeoutMs: deps.config.REQUEST_BODY_TIMEOUT_SECONDS * 1000,
      skip: isStreamedUpload,
      logger: deps.logger,
    });
    server.once('error', reject);
  });
}
