/**
 * One test file's world: its own database cloned from the migrated template, its own Temporal task queue with an
 * in-process worker, and the app served over real HTTP on a free port.
 */
import { randomBytes } from 'node:crypto';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { Worker } from '@temporalio/worker';
import createClient from 'openapi-fetch';
import { inject } from 'vitest';
import type { paths } from '../../generated/api.ts';
import type { Deps } from '../../src/app/types.ts';
import { buildConfig, type Config } from '../../src/config.ts';
import { createDatabase, dropDatabase, withDatabase } from '../../src/db/databases.ts';
import { createLogger } from '../../src/logger.ts';
import { createMailer } from '../../src/notify/mailer.ts';
import { connectDeps, startApiServer } from '../../src/runtime.ts';
import type { HostResolver } from '../../src/webhooks/destination.ts';
import { createWorkerOptions, installWorkerRuntime } from '../../workflows/worker.ts';
import { checkedFetch } from './contract.ts';

export interface TestApp {
  url: string;
  deps: Deps;
  config: Config;
  databaseUrl: string;
  client: ReturnType<typeof createClient<paths>>;
  /** Fetch relative to the app's URL; every response is checked against the document. */
  fetch(path: string, init?: RequestInit): Promise<Response>;
  close(): Promise<void>;
}

export async function createTestApp(
  overrides: Record<string, string> = {},
  { worker = true, resolveHost }: { worker?: boolean; resolveHost?: HostResolver } = {},
): Promise<TestApp> {
  const services = inject('services');
  const suffix = randomBytes(6).toString('hex');
  const database = `test_${suffix}`;
  await createDatabase(services.adminUrl, database, { template: services.templateDb });
  const databaseUrl = withDatabase(services.adminUrl, database);
  const dataDir = await mkdtemp(path.join(os.tmpdir(), 'skillplane-data-'));
  const config = buildConfig({
    SKILLPLANE_DATA_DIR: dataDir,
    NODE_ENV: 'test',
    LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'silent',
    DATABASE_URL: databaseUrl,
    TEMPORAL_ADDRESS: services.temporalAddress,
    TEMPORAL_TASK_QUEUE: `test-${suffix}`,
    PORT: '0',
    // A loaded 2-core CI machine can be slow to answer; outage tests set their own short deadline.
    TEMPORAL_RPC_TIMEOUT_MS: '15000',
    ...(services.bwrapPath ? { SANDBOX_BWRAP_PATH: services.bwrapPath } : {}),
    ...(services.s3
      ? {
          STORAGE_BACKEND: 's3',
          S3_ENDPOINT: services.s3.endpoint,
          S3_ACCESS_KEY_ID: services.s3.accessKeyId,
          S3_SECRET_ACCESS_KEY: services.s3.secretAccessKey,
          S3_BUCKET: `test-${suffix}`,
          S3_CREATE_BUCKET: 'true',
        }
      : {}),
    ...overrides,
  });
  // A test may bring its own Temporal (TEMPORAL_ADDRESS in `overrides`), e.g. to stop it.
  const temporalAddress = config.TEMPORAL_ADDRESS ?? services.temporalAddress;
  const deps = await connectDeps(config, {
    databaseUrl,
    temporalAddress,
    logger: createLogger(config.LOG_LEVEL),
  });
  deps.resolveHost = resolveHost;
  const server = await startApiServer(deps);
  const running = worker ? await startTestWorker(deps, temporalAddress, services.workflowBundlePath) : undefined;
  return {
    url: server.url,
    deps,
    config,
    databaseUrl,
    client: createClient<paths>({ baseUrl: server.url, fetch: checkedFetch }),
    fetch: (path, init) => checkedFetch(new URL(path, server.url), init),
    async close() {
      await server.close();
      await running?.stop();
      await deps.close();
      await dropDatabase(services.adminUrl, database);
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}

let runtimeInstalled = false;

async function startTestWorker(deps: Deps, address: string, bundlePath: string) {
  const { config } = deps;
  if (!runtimeInstalled) {
    // Not the app's (silent) logger: Temporal's warnings (failed activities) help to read a failing test.
    installWorkerRuntime(createLogger('info'), (process.env.TEST_WORKER_LOG_LEVEL as 'WARN' | undefined) ?? 'WARN');
    runtimeInstalled = true;
  }
  const code = await readFile(bundlePath, 'utf8');
  const { connection, options } = await createWorkerOptions({
    address,
    namespace: config.TEMPORAL_NAMESPACE,
    taskQueue: config.TEMPORAL_TASK_QUEUE,
    workflowBundle: { code },
    deps: {
      prisma: deps.prisma,
      config,
      logger: deps.logger,
      mailer: createMailer(config.SMTP_URL, config.MAIL_FROM),
      storage: deps.storage,
      resolveHost: deps.resolveHost,
    },
  });
  const worker = await Worker.create(options);
  const done = worker.run();
  return {
    async stop() {
      worker.shutdown();
      await done;
      await connection.close();
    },
  };
}

/** A response body as JSON, loosely typed: tests assert on its shape. */
// biome-ignore lint/suspicious/noExplicitAny: test assertions read arbitrary JSON.
export const json = (res: Response): Promise<any> => res.json();

/**
 * The environment of an API process of its own (`src/server.ts`, tests that kill it or run two): the test app's
 * database, Temporal task queue and data directory, on a free port of 127.0.0.1, without the worker health check
 * (no worker need poll its queue).
 */
export function apiProcessEnv(t: TestApp, extra: Record<string, string> = {}): Record<string, string> {
  return {
    DATABASE_URL: t.databaseUrl,
    TEMPORAL_ADDRESS: t.config.TEMPORAL_ADDRESS ?? '',
    TEMPORAL_TASK_QUEUE: t.config.TEMPORAL_TASK_QUEUE,
    SKILLPLANE_DATA_DIR: t.config.SKILLPLANE_DATA_DIR,
    HOST: '127.0.0.1',
    PORT: '0',
    LOG_LEVEL: 'info',
    HEALTH_CHECK_WORKER: 'false',
    ...extra,
  };
}
