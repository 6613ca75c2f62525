/**
 * The schedule action's I/O: turning a schedule tick into a run row. The row's id is seeded by the action's
 * workflow id, so a retried attempt returns the row the first attempt inserted. A run the schedule cannot start is
 * inserted as `failed` with the reason instead of vanishing.
 */
import { log } from '@temporalio/activity';
import { Prisma } from '../../generated/prisma/client.ts';
import { ApiError } from '../../src/app/problem.ts';
import { seededId } from '../../src/lib/ids.ts';
import { insertRefusedRun, insertRun, type NewRun } from '../../src/runs/runs.service.ts';
import type { RunDeps } from './skill-run.ts';

export interface ScheduledRun {
  runId: string;
  workspaceId: string;
  skillId: string;
  /** The run's max_duration (absent from results recorded before runs did their bookkeeping inline). */
  maxDurationMs?: number;
}

const scheduledRun = (run: {
  id: string;
  workspaceId: string;
  skillId: string | null;
  maxDurationSeconds: number;
}): ScheduledRun => ({
  runId: run.id,
  workspaceId: run.workspaceId,
  skillId: run.skillId ?? '',
  maxDurationMs: run.maxDurationSeconds * 1000,
});

export function createScheduleActivities({ prisma, config }: RunDeps) {
  /** The run with this id, if a (previous attempt's) insert committed it; null when it is already over. */
  async function existing(id: string): Promise<ScheduledRun | null | undefined> {
    const run = await prisma.skillRun.findUnique({ where: { id } });
    if (!run) return undefined;
    if (run.status === 'failed' && !run.workflowStartedAt) return null;
    return scheduledRun(run);
  }

  return {
    /**
     * The run to execute, or null when there is none: the schedule is gone or is a prompt schedule (nothing to run
     * until conversations exist), or the run was refused (then recorded as a failed run).
     */
    async createScheduledRun(input: {
      scheduleId: string;
      seed: string;
      createdAtMs: number;
    }): Promise<ScheduledRun | null> {
      const id = seededId('run', input.seed, input.createdAtMs);
      const found = await existing(id);
      if (found !== undefined) return found;
      const schedule = await prisma.schedule.findUnique({ where: { id: input.scheduleId } });
      if (!schedule || schedule.deletingAt || schedule.action !== 'skill_run' || !schedule.skillId) return null;
      const request: NewRun = {
        id,
        workspaceId: schedule.workspaceId,
        skillId: schedule.skillId,
        instructions: schedule.instructions,
        contextPaths: schedule.contextPaths,
        notifyEmails: schedule.notifyEmails,
        ...(schedule.model ? { model: schedule.model } : {}),
        scheduleId: schedule.id,
        createdById: schedule.createdById,
      };
      try {
        const run = await insertRun({ prisma, config }, request);
        // The calling workflow starts the run's workflow next, durably.
        await prisma.skillRun.update({ where: { id: run.id }, data: { workflowStartedAt: new Date() } });
        return scheduledRun(run);
      } catch (err) {
        if (err instanceof Prisma.PrismaClientKnownRequestError && err.code === 'P2002') {
          // A concurrent attempt inserted it first.
          return (await existing(id)) ?? null;
        }
        if (!(err instanceof ApiError)) throw err;
        log.warn('scheduled run refused', { scheduleId: schedule.id, code: err.code, detail: err.detail });
        const skill = await prisma.skill.findUnique({ where: { id: schedule.skillId }, select: { name: true } });
        await insertRefusedRun(prisma, { ...request, skillName: skill?.name ?? '(deleted skill)' }, err);
        return null;
      }
    },
  };
}

export type ScheduleActivities = ReturnType<typeof createScheduleActivities>;
