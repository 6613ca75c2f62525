/**
 * `npm run start:api`: the API alone, against external PostgreSQL (DATABASE_URL) and Temporal (TEMPORAL_ADDRESS).
 * Scale it out by running more of these; rate limits and idempotency live in the database, not in memory.
 */
import { bootstrapAdmin } from './auth/users.ts';
import { loadConfig } from './config.ts';
import { applyMigrations } from './db/migrations.ts';
import { createLogger } from './logger.ts';
import { ensureRetentionSchedule } from './purge/retention.ts';
import { startRunReconciler } from './runs/reconciler.ts';
import { connectDeps, startApiServer } from './runtime.ts';
import { reconcileSchedules } from './schedules/schedules.service.ts';
import { onShutdown } from './shutdown.ts';
import { ensureSearchAttributes } from './temporal/search-attributes.ts';

const config = loadConfig();
const logger = createLogger(config.LOG_LEVEL, { service: 'api' });
if (!config.DATABASE_URL || !config.TEMPORAL_ADDRESS) {
  logger.error('start:api needs DATABASE_URL and TEMPORAL_ADDRESS; use `npm start` for embedded services');
  process.exit(1);
}
await applyMigrations({ databaseUrl: config.DATABASE_URL });
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
logger.info('api listening', { url: server.url, docs: `${server.url}/docs` });
onShutdown(async () => {
  reconciler.stop();
  await server.close();
  await deps.close();
});
