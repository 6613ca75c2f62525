/**
 * The floor's worker, a process of its own: bundles floor.workflows.ts and polls FLOOR_TASK_QUEUE on the same Temporal
 * server as Skillplane's worker, with the same tuning (workerTuning), so the two differ only in what a run does.
 */
import { fileURLToPath } from 'node:url';
import { NativeConnection, Worker } from '@temporalio/worker';
import { loadConfig } from '../../src/config.ts';
import { createLogger } from '../../src/logger.ts';
import { installWorkerRuntime, workerTuning } from '../../workflows/worker.ts';

const config = loadConfig();
installWorkerRuntime(createLogger('silent'), 'ERROR');
const connection = await NativeConnection.connect({ address: config.TEMPORAL_ADDRESS! });
const worker = await Worker.create({
  connection,
  namespace: config.TEMPORAL_NAMESPACE,
  taskQueue: process.env.FLOOR_TASK_QUEUE!,
  workflowsPath: fileURLToPath(new URL('./floor.workflows.ts', import.meta.url)),
  activities: { async noop() {} },
  ...workerTuning(config),
});
const running = worker.run();
console.log('floor worker polling');
process.on('SIGTERM', () => worker.shutdown());
await running;
await connection.close();
