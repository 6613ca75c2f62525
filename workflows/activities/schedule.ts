/** The schedule action's I/O: turning a schedule tick into a run row. */
import { log } from '@temporalio/activity';
import { ApiError } from '../../src/app/problem.ts';
import { insertRun } from '../../src/runs/runs.service.ts';
import type { RunDeps } from './skill-run.ts';

export function createScheduleActivities({ prisma, config }: RunDeps) {
  return {
    /** The new run's id, or null when the schedule is gone, is a prompt schedule, or the run was refused. */
    async createScheduledRun(scheduleId: string): Promise<string | null> {
      const schedule = await prisma.schedule.findUnique({ where: { id: scheduleId } });
      if (!schedule || schedule.deletingAt || schedule.action !== 'skill_run' || !schedule.skillId) return null;
      try {
        const run = await insertRun(
          { prisma, config },
          {
            workspaceId: schedule.workspaceId,
            skillId: schedule.skillId,
            instructions: schedule.instructions,
            contextPaths: schedule.contextPaths,
            notifyEmails: schedule.notifyEmails,
            ...(schedule.model ? { model: schedule.model } : {}),
            scheduleId,
            createdById: schedule.createdById,
          },
        );
        // The calling workflow starts the run's workflow next, durably.
        await prisma.skillRun.update({ where: { id: run.id }, data: { workflowStartedAt: new Date() } });
        return run.id;
      } catch (err) {
        if (err instanceof ApiError) {
          log.warn('scheduled run refused', { scheduleId, code: err.code, detail: err.detail });
          return null;
        }
        throw err;
      }
    },
  };
}

export type ScheduleActivities = ReturnType<typeof createScheduleActivities>;
