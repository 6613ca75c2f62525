/**
 * `npm start`: the whole service on one machine. Starts an embedded PostgreSQL and a Temporal dev server (both keeping
 * state under SKILLPLANE_DATA_DIR) unless DATABASE_URL / TEMPORAL_ADDRESS point elsewhere, applies migrations, then
 * runs a worker and the API in this process and prints where everything is. Ctrl-C stops all of it. Everything it
 * writes is for its own user only (umask 0077; the code also sets modes where it creates files), and the sandbox's
 * bubblewrap is found or installed like the Temporal CLI.
 */
import path from 'node:path';
import { Worker } from '@temporalio/worker';
import { bootstrapAdmin } from '../src/auth/users.ts';
import { loadConfig } from '../src/config.ts';
import { ensureDatabase, withDatabase } from '../src/db/databases.ts';
import { applyMigrations } from '../src/db/migrate-deploy.ts';
import { findBubblewrap } from '../src/dev/bubblewrap.ts';
import { startEmbeddedPostgres } from '../src/dev/embedded-postgres.ts';
import { ensureTemporalCli } from '../src/dev/temporal-cli.ts';
import { startTemporalDevServer } from '../src/dev/temporal-dev-server.ts';
import { preparePrivateDataDir } from '../src/lib/private-fs.ts';
import { createLogger } from '../src/logger.ts';
import { createMailer } from '../src/notify/mailer.ts';
import { ensureRetentionSchedule } from '../src/purge/retention.ts';
import { startRunReconciler } from '../src/runs/reconciler.ts';
import { connectDeps, startApiServer } from '../src/runtime.ts';
import { installSafetyNet } from '../src/safety-net.ts';
import { sandboxStatus } from '../src/sandbox/bwrap.ts';
import { reconcileSchedules } from '../src/schedules/schedules.service.ts';
import { onShutdown } from '../src/shutdown.ts';
import { ensureSearchAttributes } from '../src/temporal/search-attributes.ts';
import { startWebhookDispatcher } from '../src/webhooks/dispatcher.ts';
import { createWorkerOptions, installWorkerRuntime } from '../workflows/worker.ts';

process.umask(0o077);
const loaded = loadConfig();
const logger = createLogger(loaded.LOG_LEVEL);
installSafetyNet(logger);
const say = (msg: string) => console.error(`[skillplane] ${msg}`);
const started = performance.now();
const cleanups: Array<() => Promise<void>> = [];
const stopAll = async () => {
  for (const cleanup of cleanups.reverse()) await cleanup().catch((err) => say(`stop failed: ${String(err)}`));
};
onShutdown(stopAll, say);

try {
  const dataDir = path.resolve(loaded.SKILLPLANE_DATA_DIR);
  await preparePrivateDataDir(dataDir);
  const bwrap = await findBubblewrap({ explicitPath: loaded.SANDBOX_BWRAP_PATH, log: say });
  // The API and the worker run in this process on this config: the sandbox gets the bwrap found here.
  const config = { ...loaded, SANDBOX_BWRAP_PATH: 'path' in bwrap ? bwrap.path : loaded.SANDBOX_BWRAP_PATH };
  // Found is not enough: the sandbox's own probe says whether it can confine a command on this machine.
  const sandbox =
    'path' in bwrap ? await sandboxStatus(bwrap.path) : { available: false as const, why: bwrap.unavailable };

  let databaseUrl: string | undefined = config.DATABASE_URL;
  if (!databaseUrl) {
    say(`starting embedded PostgreSQL on port ${config.EMBEDDED_POSTGRES_PORT}`);
    const pg = await startEmbeddedPostgres({
      dataDir: path.join(dataDir, 'postgres'),
      port: config.EMBEDDED_POSTGRES_PORT,
      notify: say,
    });
    cleanups.push(pg.stop);
    await ensureDatabase(pg.url, 'skillplane');
    databaseUrl = withDatabase(pg.url, 'skillplane');
  }

  let temporalAddress: string | undefined = config.TEMPORAL_ADDRESS;
  let temporalUi: string | null = null;
  if (!temporalAddress) {
    const cliPath = await ensureTemporalCli({ explicitPath: config.TEMPORAL_CLI_PATH, log: say });
    say(`starting Temporal dev server on port ${config.EMBEDDED_TEMPORAL_PORT}`);
    const temporal = await startTemporalDevServer({
      cliPath,
      dbFile: path.join(dataDir, 'temporal.db'),
      port: config.EMBEDDED_TEMPORAL_PORT,
      uiPort: config.EMBEDDED_TEMPORAL_UI_PORT,
      namespace: config.TEMPORAL_NAMESPACE,
    });
    cleanups.push(temporal.stop);
    temporalAddress = temporal.address;
    temporalUi = temporal.uiUrl;
  }

  const migrations = await applyMigrations({ databaseUrl });
  if (migrations.applied.length > 0) say(`applied migrations: ${migrations.applied.join(', ')}`);

  const deps = await connectDeps(config, { databaseUrl, temporalAddress, logger });
  cleanups.push(deps.close);
  if (await bootstrapAdmin(deps.prisma, config.SKILLPLANE_ADMIN_EMAIL, config.SKILLPLANE_ADMIN_PASSWORD)) {
    say(`created administrator ${config.SKILLPLANE_ADMIN_EMAIL}`);
  }
  await ensureSearchAttributes(deps.temporal, config.TEMPORAL_NAMESPACE);

  installWorkerRuntime(logger, config.LOG_LEVEL === 'debug' ? 'DEBUG' : 'WARN');
  const { connection, options } = await createWorkerOptions({
    address: temporalAddress,
    namespace: config.TEMPORAL_NAMESPACE,
    taskQueue: config.TEMPORAL_TASK_QUEUE,
    deps: {
      prisma: deps.prisma,
      config,
      logger,
      mailer: createMailer(config.SMTP_URL, config.MAIL_FROM),
      storage: deps.storage,
    },
  });
  const worker = await Worker.create(options);
  const running = worker.run().finally(() => connection.close());
  cleanups.push(async () => {
    worker.shutdown();
    await running;
  });

  await reconcileSchedules(deps);
  await ensureRetentionSchedule(deps);
  const server = await startApiServer(deps);
  cleanups.push(server.close);
  const reconciler = startRunReconciler(deps);
  cleanups.push(async () => reconciler.stop());
  const webhookDispatcher = startWebhookDispatcher(deps);
  cleanups.push(webhookDispatcher.stop);

  const seconds = ((performance.now() - started) / 1000).toFixed(1);
  console.log(
    [
      '',
      `Skillplane is up (${seconds} s).`,
      `  API          ${server.url}/api/v1`,
      `  Swagger UI   ${server.url}/docs`,
      `  OpenAPI      ${server.url}/openapi.json`,
      `  Temporal UI  ${temporalUi ?? '(external Temporal)'}`,
      `  Temporal     ${temporalAddress} (namespace ${config.TEMPORAL_NAMESPACE}, task queue ${config.TEMPORAL_TASK_QUEUE})`,
      `  PostgreSQL   ${config.DATABASE_URL ? '(external DATABASE_URL)' : redact(databaseUrl)}`,
      `  Data         ${dataDir}`,
      `  Sandbox      ${sandbox.available ? `${sandbox.version} at ${sandbox.bwrap}` : `UNAVAILABLE: ${sandbox.why}${'diagnostic' in sandbox && sandbox.diagnostic ? ` (${sandbox.diagnostic})` : ''}; runs that use run_shell or run_python fail with SANDBOX_UNAVAILABLE`}`,
      'Press Ctrl-C to stop.',
      '',
    ].join('\n'),
  );
} catch (err) {
  say(`start failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
  await stopAll();
  process.exit(1);
}

function redact(url: string): string {
  const u = new URL(url);
  if (u.password) u.password = '***';
  return u.toString();
}
