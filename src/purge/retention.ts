/**
 * Retention: what has outlived its use is deleted by `retentionWorkflow`, which a Temporal Schedule
 * (`ensureRetentionSchedule`, one per task queue) starts every hour. A Schedule rather than a timer in every API
 * process: it runs once per deployment however many processes there are (overlap policy SKIP, no lock of ours
 * needed), it survives restarts, and each run is visible in the Temporal UI.
 *
 * - idempotency keys past their `expires_at` (24 h), rate-limit windows older than two minutes (windows are one
 *   minute long), sessions that expired or were revoked, OAuth states of connectors past their `expires_at`;
 * - the stored outputs (blobs and rows) of runs that ended more than `RUN_DIR_RETENTION_DAYS` ago; downloads work
 *   until then;
 * - run directories left on a worker's disk (a run's sandbox is removed when it ends; a crash can leave one) past
 *   the same retention, and directories whose run no longer exists.
 */
import { readdir, rm } from 'node:fs/promises';
import path from 'node:path';
import { type Client, ScheduleAlreadyRunning, ScheduleOverlapPolicy } from '@temporalio/client';
import type { PrismaClient } from '../../generated/prisma/client.ts';
import type { Config } from '../config.ts';
import type { FileStorage } from '../files/storage.ts';
import { runDir } from './workspace-purge.ts';

const BATCH = 5000;
const DAY_MS = 24 * 60 * 60 * 1000;
const TERMINAL = new Set(['completed', 'failed', 'cancelled', 'timed_out']);

export const retentionScheduleId = (taskQueue: string) => `skillplane-retention-${taskQueue}`;

/** Creates the hourly retention Schedule unless it exists. */
export async function ensureRetentionSchedule({ temporal, config }: { temporal: Client; config: Config }) {
  try {
    await temporal.schedule.create({
      scheduleId: retentionScheduleId(config.TEMPORAL_TASK_QUEUE),
      spec: { intervals: [{ every: '1 hour' }] },
      action: {
        type: 'startWorkflow',
        workflowType: 'retentionWorkflow',
        workflowId: `retention-${config.TEMPORAL_TASK_QUEUE}`,
        taskQueue: config.TEMPORAL_TASK_QUEUE,
        args: [],
      },
      policies: { overlap: ScheduleOverlapPolicy.SKIP },
      memo: { taskQueue: config.TEMPORAL_TASK_QUEUE },
    });
  } catch (err) {
    if (!(err instanceof ScheduleAlreadyRunning)) throw err;
  }
}

/** Deletes a batch at a time so no statement runs long, and returns how many rows went. */
async function deleteInBatches(run: () => Promise<number>): Promise<number> {
  let total = 0;
  for (;;) {
    const n = await run();
    total += n;
    if (n < BATCH) return total;
  }
}

export async function purgeExpiredRows(prisma: PrismaClient, { webhookEventRetentionDays = 30 } = {}) {
  const idempotencyKeys = await deleteInBatches(
    () => prisma.$executeRaw`DELETE FROM idempotency_keys WHERE ctid IN (
      SELECT ctid FROM idempotency_keys WHERE expires_at < now() LIMIT ${BATCH})`,
  );
  const rateLimitCounters = await deleteInBatches(
    () => prisma.$executeRaw`DELETE FROM rate_limit_counters WHERE ctid IN (
      SELECT ctid FROM rate_limit_counters WHERE window_start < now() - interval '2 minutes' LIMIT ${BATCH})`,
  );
  const sessions = await deleteInBatches(
    () => prisma.$executeRaw`DELETE FROM sessions WHERE ctid IN (
      SELECT ctid FROM sessions WHERE expires_at < now() OR revoked_at IS NOT NULL LIMIT ${BATCH})`,
  );
  // Deliveries and attempts go with their event (cascade); an event not yet dispatched is never dropped.
  const webhookEvents = await deleteInBatches(
    () => prisma.$executeRaw`DELETE FROM webhook_events WHERE ctid IN (
      SELECT ctid FROM webhook_events WHERE dispatched_at IS NOT NULL
        AND created_at < now() - make_interval(days => ${webhookEventRetentionDays}) LIMIT ${BATCH})`,
  );
  // A used or expired state can never be taken again (src/connectors/oauth.ts), so it is kept no longer.
  const connectorOAuthStates = await deleteInBatches(
    () => prisma.$executeRaw`DELETE FROM connector_oauth_states WHERE ctid IN (
      SELECT ctid FROM connector_oauth_states WHERE expires_at < now() LIMIT ${BATCH})`,
  );
  return { idempotencyKeys, rateLimitCounters, sessions, webhookEvents, connectorOAuthStates };
}

/** Removes the stored outputs of runs that ended before the retention; returns how many outputs went. */
export async function purgeOldOutputs(
  prisma: PrismaClient,
  storage: FileStorage,
  retentionDays: number,
  progress: () => void = () => {},
): Promise<number> {
  const cutoff = new Date(Date.now() - retentionDays * DAY_MS);
  let purged = 0;
  for (;;) {
    const outputs = await prisma.skillRunOutput.findMany({
      where: { run: { completedAt: { lt: cutoff } } },
      select: { runId: true, path: true, storageKey: true, run: { select: { workspaceId: true } } },
      take: 500,
    });
    if (outputs.length === 0) return purged;
    for (const o of outputs) if (o.storageKey) await storage.remove(o.run.workspaceId, [o.storageKey]);
    await prisma.skillRunOutput.deleteMany({
      where: { OR: outputs.map((o) => ({ runId: o.runId, path: o.path })) },
    });
    purged += outputs.length;
    progress();
  }
}

/** Removes run directories past retention, and those whose run is gone; returns the run ids removed. */
export async function purgeOldRunDirs(
  prisma: PrismaClient,
  { dataDir, retentionDays }: { dataDir: string; retentionDays: number },
  progress: () => void = () => {},
): Promise<string[]> {
  let names: string[];
  try {
    names = (await readdir(path.join(path.resolve(dataDir), 'runs'))).filter((n) => n.startsWith('run_'));
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw err;
  }
  const cutoff = new Date(Date.now() - retentionDays * DAY_MS);
  const removed: string[] = [];
  for (let i = 0; i < names.length; i += 500) {
    const ids = names.slice(i, i + 500);
    const runs = await prisma.skillRun.findMany({
      where: { id: { in: ids } },
      select: { id: true, status: true, completedAt: true },
    });
    const byId = new Map(runs.map((r) => [r.id, r]));
    const expired = ids.filter((id) => {
      const run = byId.get(id);
      return !run || (TERMINAL.has(run.status) && run.completedAt !== null && run.completedAt < cutoff);
    });
    // Rows first: a run never lists an output whose file is already gone.
    await prisma.skillRunOutput.deleteMany({ where: { runId: { in: expired } } });
    await Promise.all(expired.map((id) => rm(runDir(dataDir, id), { recursive: true, force: true })));
    removed.push(...expired);
    progress();
  }
  return removed;
}
