/**
 * Builds a Temporal worker for Skillplane's task queue, used by `npm start`, `npm run start:worker` and tests
 * (which pass a prebuilt workflow bundle instead of bundling per test file).
 */
import { fileURLToPath } from 'node:url';
import { Client } from '@temporalio/client';
import { DefaultLogger, type LogLevel, NativeConnection, Runtime, type WorkerOptions } from '@temporalio/worker';
import { createEchoActivities } from './activities/echo.ts';
import { createRetentionActivities } from './activities/retention.ts';
import { createScheduleActivities } from './activities/schedule.ts';
import { createSkillRunActivities, type RunDeps } from './activities/skill-run.ts';
import { createWorkspacePurgeActivities } from './activities/workspace-purge.ts';

export interface SkillplaneWorkerOptions {
  address: string;
  namespace: string;
  taskQueue: string;
  identity?: string;
  /** A prebuilt bundle (tests build one per run); otherwise the worker bundles `workflowsPath` itself. */
  workflowBundle?: { code: string };
  /** What the activities use: the database, config, logger and mailer. */
  deps: RunDeps;
}

export const workflowsPath = fileURLToPath(new URL('./index.ts', import.meta.url));

export async function createWorkerOptions(
  opts: SkillplaneWorkerOptions,
): Promise<{ connection: NativeConnection; options: WorkerOptions }> {
  const connection = await NativeConnection.connect({ address: opts.address });
  const identity = opts.identity ?? `skillplane-worker@${process.pid}`;
  // Activities that steer Temporal themselves (deleting a workspace's Schedules) share the worker's connection.
  const temporal = new Client({ connection, namespace: opts.namespace });
  return {
    connection,
    options: {
      connection,
      namespace: opts.namespace,
      taskQueue: opts.taskQueue,
      identity,
      ...(opts.workflowBundle ? { workflowBundle: opts.workflowBundle } : { workflowsPath }),
      activities: {
        ...createEchoActivities(identity),
        ...createSkillRunActivities(opts.deps),
        ...createScheduleActivities(opts.deps),
        ...createWorkspacePurgeActivities(opts.deps, temporal),
        ...createRetentionActivities(opts.deps),
      },
    },
  };
}

/**
 * Installs the Temporal runtime once per process: our own shutdown handlers drain the worker (the SDK's default
 * SIGINT/SIGTERM handling would race them), and SDK logs go through at `level`.
 */
export function installWorkerRuntime(level: LogLevel = 'WARN'): void {
  Runtime.install({ shutdownSignals: [], logger: new DefaultLogger(level) });
}
