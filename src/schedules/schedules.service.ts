/**
 * Schedules are Temporal Schedules (same id as the row, in the runs' namespace), created, updated, paused, triggered
 * and deleted through the Temporal client. Row and Schedule are kept in step in two phases: a new or changed row is
 * written unsynced and marked `synced_at` once Temporal has the Schedule as the row says; a deletion marks
 * `deleting_at` first. After a crash or a Temporal outage `reconcileSchedules` (run at start-up and periodically)
 * finishes whichever half was left, and removes Temporal Schedules of this deployment's task queue that have no row.
 */
import {
  type Client,
  ScheduleAlreadyRunning,
  ScheduleNotFoundError,
  type ScheduleOptions,
  ScheduleOverlapPolicy,
} from '@temporalio/client';
import type { Schedule } from '../../generated/prisma/client.ts';
import { ApiError } from '../app/problem.ts';
import type { Deps } from '../app/types.ts';
import { searchAttributes } from '../temporal/search-attributes.ts';
import { cronProblem, isTimeZone } from './cron.ts';

type ScheduleDeps = Pick<Deps, 'prisma' | 'config' | 'temporal' | 'logger'>;

const overlap = {
  skip: ScheduleOverlapPolicy.SKIP,
  buffer_one: ScheduleOverlapPolicy.BUFFER_ONE,
  allow_all: ScheduleOverlapPolicy.ALLOW_ALL,
} as const;

/** 400s naming `body.cron_expression` / `body.timezone`. */
export function validateTiming(cron: string | undefined, timezone: string | undefined): void {
  const errors = [];
  const cronError = cron === undefined ? undefined : cronProblem(cron);
  if (cronError)
    errors.push({
      field: 'body.cron_expression',
      message: `Invalid cron expression: ${cronError}`,
      code: 'invalid_cron',
    });
  if (timezone !== undefined && !isTimeZone(timezone)) {
    errors.push({ field: 'body.timezone', message: `Unknown IANA time zone: ${timezone}`, code: 'invalid_timezone' });
  }
  if (errors.length > 0) throw ApiError.validation(errors);
}

function temporalOptions(s: Schedule, taskQueue: string): Omit<ScheduleOptions, 'scheduleId'> {
  return {
    spec: { cronExpressions: [s.cronExpression], timezone: s.timezone },
    action: {
      type: 'startWorkflow',
      workflowType: 'scheduledSkillRunWorkflow',
      workflowId: `${s.id}-action`,
      taskQueue,
      args: [{ scheduleId: s.id }],
      typedSearchAttributes: [
        { key: searchAttributes.workspaceId, value: s.workspaceId },
        { key: searchAttributes.scheduleId, value: s.id },
      ],
    },
    policies: {
      overlap: overlap[s.overlapPolicy as keyof typeof overlap] ?? ScheduleOverlapPolicy.SKIP,
      catchupWindow: `${s.catchupWindowSeconds} seconds`,
    },
    memo: { taskQueue, workspaceId: s.workspaceId, name: s.name },
    state: { paused: !s.enabled, ...(s.pauseNote ? { note: s.pauseNote } : {}) },
  };
}

/** Creates the Temporal Schedule for a row, or brings an existing one in line with it, and marks the row synced. */
export async function syncCreate(deps: ScheduleDeps, s: Schedule, triggerImmediately = false) {
  const options = temporalOptions(s, deps.config.TEMPORAL_TASK_QUEUE);
  try {
    await deps.temporal.schedule.create({
      scheduleId: s.id,
      ...options,
      state: { ...options.state, ...(triggerImmediately ? { triggerImmediately: true } : {}) },
    });
  } catch (err) {
    if (!(err instanceof ScheduleAlreadyRunning)) throw err;
    await pushUpdate(deps, s);
  }
  return markSynced(deps, s.id);
}

export function markSynced({ prisma }: Pick<Deps, 'prisma'>, id: string) {
  return prisma.schedule.update({ where: { id }, data: { syncedAt: new Date() } });
}

export async function pushUpdate({ config, temporal }: ScheduleDeps, s: Schedule): Promise<void> {
  const options = temporalOptions(s, config.TEMPORAL_TASK_QUEUE);
  await temporal.schedule.getHandle(s.id).update((previous) => ({
    ...previous,
    spec: options.spec,
    action: options.action,
    policies: { ...previous.policies, ...options.policies },
    state: { ...previous.state, paused: !s.enabled, note: s.pauseNote ?? '' },
  }));
}

export async function deleteSchedule({ prisma, temporal }: ScheduleDeps, id: string): Promise<void> {
  await prisma.schedule.update({ where: { id }, data: { deletingAt: new Date() } });
  await deleteTemporalSchedule(temporal, id);
  await prisma.schedule.delete({ where: { id } });
}

async function deleteTemporalSchedule(temporal: Client, id: string): Promise<void> {
  try {
    await temporal.schedule.getHandle(id).delete();
  } catch (err) {
    if (!(err instanceof ScheduleNotFoundError)) throw err;
  }
}

/**
 * When the schedule runs next (from Temporal's `describe`; null while paused, when nothing will run), and its runs so
 * far from the database: `run_count` counts the runs it created (including refused ones, recorded as failed runs),
 * not Temporal's actions, which include ticks that started nothing (prompt schedules).
 */
export async function scheduleTimes({ prisma, temporal }: Pick<Deps, 'prisma' | 'temporal'>, id: string) {
  const [runCount, last] = await Promise.all([
    prisma.skillRun.count({ where: { scheduleId: id } }),
    prisma.skillRun.findFirst({
      where: { scheduleId: id },
      orderBy: { createdAt: 'desc' },
      select: { createdAt: true },
    }),
  ]);
  let nextRunAt: Date | null = null;
  try {
    const d = await temporal.schedule.getHandle(id).describe();
    nextRunAt = d.state.paused ? null : (d.info.nextActionTimes[0] ?? null);
  } catch (err) {
    if (!(err instanceof ScheduleNotFoundError)) throw err;
  }
  return { nextRunAt, lastRunAt: last?.createdAt ?? null, runCount };
}

/**
 * Finishes half-done creations, changes and deletions and removes this task queue's Temporal Schedules that have no
 * row. Periodic calls pass `olderThanMs` so they leave alone rows a request is syncing right now.
 */
export async function reconcileSchedules(
  deps: ScheduleDeps,
  { olderThanMs = 0 } = {},
): Promise<{ created: number; deleted: number }> {
  const { prisma, temporal, config, logger } = deps;
  const before = new Date(Date.now() - olderThanMs);
  let created = 0;
  let deleted = 0;
  for (const row of await prisma.schedule.findMany({ where: { deletingAt: { lte: before } } })) {
    await deleteTemporalSchedule(temporal, row.id);
    await prisma.schedule.deleteMany({ where: { id: row.id } });
    deleted++;
  }
  for (const row of await prisma.schedule.findMany({
    where: { syncedAt: null, deletingAt: null, updatedAt: { lte: before } },
  })) {
    await syncCreate(deps, row);
    created++;
  }
  const known = new Set((await prisma.schedule.findMany({ select: { id: true } })).map((r) => r.id));
  for await (const summary of temporal.schedule.list()) {
    if (!summary.scheduleId.startsWith('sched_') || known.has(summary.scheduleId)) continue;
    if (summary.memo?.taskQueue !== config.TEMPORAL_TASK_QUEUE) continue;
    // Created in Temporal but its row never committed (or was deleted): it must not keep starting runs.
    await deleteTemporalSchedule(temporal, summary.scheduleId);
    deleted++;
  }
  if (created + deleted > 0) logger.warn('reconciled schedules with Temporal', { created, deleted });
  return { created, deleted };
}
