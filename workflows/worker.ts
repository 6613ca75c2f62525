/**
 * Builds a Temporal worker for Skillplane's task queue, used by `npm start`, `npm run start:worker` and tests
 * (which pass a prebuilt workflow bundle instead of bundling per test file).
 */
import { randomBytes } from 'node:crypto';
import os from 'node:os';
import { fileURLToPath } from 'node:url';
import { Client } from '@temporalio/client';
import {
  type LogLevel,
  makeTelemetryFilterString,
  NativeConnection,
  Runtime,
  type WorkerOptions,
} from '@temporalio/worker';
import type { Config } from '../src/config.ts';
import type { Logger } from '../src/logger.ts';
import { createConversationTurnActivities } from './activities/conversation-turn.ts';
import { createEchoActivities } from './activities/echo.ts';
import { createRetentionActivities } from './activities/retention.ts';
import { createScheduleActivities } from './activities/schedule.ts';
import { createScheduledTurnActivities } from './activities/scheduled-turn.ts';
import { createScratchpadCellActivities } from './activities/scratchpad-cell.ts';
import { createSkillRunActivities, type RunDeps } from './activities/skill-run.ts';
import { createWebhookActivities } from './activities/webhook-delivery.ts';
import { createWorkspacePurgeActivities } from './activities/workspace-purge.ts';
import { PinoTemporalLogger } from './temporal-logger.ts';

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
  const identity = opts.identity ?? workerIdentity();
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
        ...createConversationTurnActivities(opts.deps),
        ...createScheduleActivities(opts.deps),
        ...createScheduledTurnActivities(opts.deps, temporal),
        ...createWorkspacePurgeActivities(opts.deps, temporal),
        ...createRetentionActivities(opts.deps),
        ...createWebhookActivities(opts.deps),
        ...createScratchpadCellActivities(opts.deps),
      },
      ...workerTuning(opts.deps.config),
    },
  };
}

/** How many tasks a worker takes on at once (the benchmark's floor worker uses the same). */
export function workerTuning(config: Config): Partial<WorkerOptions> {
  return {
    maxConcurrentActivityTaskExecutions: config.WORKER_MAX_CONCURRENT_ACTIVITIES,
    maxConcurrentLocalActivityExecutions: config.WORKER_MAX_CONCURRENT_LOCAL_ACTIVITIES,
    maxConcurrentWorkflowTaskExecutions: config.WORKER_MAX_CONCURRENT_WORKFLOW_TASKS,
    // Unset: the SDK sizes the cache from the machine's memory.
    ...(config.WORKER_MAX_CACHED_WORKFLOWS ? { maxCachedWorkflows: config.WORKER_MAX_CACHED_WORKFLOWS } : {}),
  };
}

/**
 * Unique per process, even where every container's pid is 1 and hostnames repeat: host, pid and a random suffix.
 * Temporal shows it on every task a worker picked up, so an operator can tell which process ran what.
 */
export function workerIdentity(): string {
  return `skillplane-worker@${os.hostname()}:${process.pid}:${randomBytes(4).toString('hex')}`;
}

/**
 * Installs the Temporal runtime once per process: our own shutdown handlers drain the worker (the SDK's default
 * SIGINT/SIGTERM handling would race them), and the SDK's logs and the Rust core's (forwarded) go through `logger`
 * as JSON lines, from `level` up.
 */
export function installWorkerRuntime(logger: Logger, level: LogLevel = 'WARN'): void {
  Runtime.install({
    shutdownSignals: [],
    logger: new PinoTemporalLogger(logger.child({ component: 'temporal' }), level),
    telemetryOptions: { logging: { filter: makeTelemetryFilterString({ core: level, other: 'ERROR' }), forward: {} } },
  });
}
