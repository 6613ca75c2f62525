/**
 * `npm run start:api`: the API alone, against external PostgreSQL (DATABASE_URL) and Temporal (TEMPORAL_ADDRESS).
 * Scale it out by running more of these; rate limits and idempotency live in the database, not in memory.
 */
import { bootstrapAdmin } from './auth/users.ts';
import { loadConfig } from './config.ts';
import { applyMigrations } from './db/migrate-deploy.ts';
import { createLogger } from './logger.ts';
import { ensureRetentionSchedule } from './purge/retention.ts';
import { startRunReconciler } from './runs/reconciler.ts';
import { connectDeps, startApiServer } from './runtime.ts';
import { installSafetyNet } from './safety-net.ts';
import { reconcileSchedules } from './schedules/schedules.service.ts';
import { onShutdown } from './shutdown.ts';
import { ensureSearchAttributes } from './temporal/search-attributes.ts';
import { startWebhookDispatcher } from './webhooks/dispatcher.ts';

// Whatever this process creates (blobs, run files) is for its own user only; the code also sets modes explicitly.
process.umask(0o077);
const config = loadConfig();
const logger = createLogger(config.LOG_LEVEL, { service: 'api' });
installSafetyNet(logger);
if (!config.DATABASE_URL || !config.TEMPORAL_ADDRESS) {
  logger.error('start:api needs DATABASE_URL and TEMPORAL_ADDRESS; use `npm start` for embedded services');
  process.exit(1);
}
try {
  const { applied } = await applyMigrations({ databaseUrl: config.DATABASE_URL });
  if (applied.length > 0) logger.info('applied migrations', { migrations: applied });
} catch (err) {
  logger.error('start-up stopped: the database could not be migrated', {
    error: err instanceof Error ? err.message : String(err),
  });
  process.exit(1);
}
const deps = await connectDeps(config, {
  databaseUrl: config.DATABASE_URL,
  temporalAddress: config.TEMPORAL_ADDRESS,
  logger,
});
await ensureSearchAttributes(deps.temporal, config.TEMPORAL_NAMESPACE);
await bootstrapAdmin(deps.prisma, config.SKILLPLANE_ADMIN_EMAIL, config.SKILLPLANE_ADMIN_PASSWORD);
await reconcileSchedules(deps);
await ensureRetentionSchedule(deps);
const server = await startApiServer(deps);
const reconciler = startRunReconciler(deps);
const webhookDispatcher = startWebhookDispatcher(deps);
logger.info('api listening', { url: server.url, docs: `${server.url}/docs` });
onShutdown(async () => {
  reconciler.stop();
  await webhookDispatcher.stop();
  await server.close();
  await deps.close();
});
