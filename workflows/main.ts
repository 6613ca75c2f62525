/**
 * `npm run start:worker`: one worker process against TEMPORAL_ADDRESS. Scale out by running more; Temporal spreads
 * tasks across every worker polling the queue.
 */
import { Worker } from '@temporalio/worker';
import { loadConfig } from '../src/config.ts';
import { createPrisma } from '../src/db/client.ts';
import { createStorage } from '../src/files/storage.ts';
import { createLogger } from '../src/logger.ts';
import { createMailer } from '../src/notify/mailer.ts';
import { onShutdown } from '../src/shutdown.ts';
import { createWorkerOptions, installWorkerRuntime } from './worker.ts';

const config = loadConfig();
const logger = createLogger(config.LOG_LEVEL, { service: 'worker' });
if (!config.TEMPORAL_ADDRESS || !config.DATABASE_URL) {
  logger.error('start:worker needs TEMPORAL_ADDRESS and DATABASE_URL; use `npm start` for embedded services');
  process.exit(1);
}
const prisma = createPrisma(config.DATABASE_URL, { timeoutMs: config.DATABASE_TIMEOUT_MS });
const mailer = createMailer(config.SMTP_URL, config.MAIL_FROM);
installWorkerRuntime(logger, config.LOG_LEVEL === 'debug' ? 'DEBUG' : 'WARN');
const { connection, options } = await createWorkerOptions({
  address: config.TEMPORAL_ADDRESS,
  namespace: config.TEMPORAL_NAMESPACE,
  taskQueue: config.TEMPORAL_TASK_QUEUE,
  deps: { prisma, config, logger, mailer, storage: await createStorage(config) },
});
const worker = await Worker.create(options);
logger.info('worker polling', { task_queue: config.TEMPORAL_TASK_QUEUE, identity: options.identity });
const running = worker.run().finally(async () => {
  await connection.close();
  await prisma.$disconnect();
  mailer?.close();
});
onShutdown(async () => {
  worker.shutdown();
  await running;
});
await running;
