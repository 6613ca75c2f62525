/**
 * A prompt schedule's tick: one conversation turn with the schedule's prompt, appended to the schedule's conversation
 * (with multitask strategy `enqueue`, so it runs after a turn in flight) or, when the schedule names none (or its
 * conversation was deleted), to a new conversation in the schedule's project. Ids are seeded by the schedule action's
 * workflow id, so a retried activity finds what it inserted. A turn the limits refuse is recorded as a failed
 * response (and run), which the schedule's `run_count` and `last_run_at` count like a refused skill run.
 */
import { log } from '@temporalio/activity';
import type { Client } from '@temporalio/client';
import { Prisma } from '../../generated/prisma/client.ts';
import { ApiError } from '../../src/app/problem.ts';
import { seededId } from '../../src/lib/ids.ts';
import { enqueueTurn, insertRefusedTurn, insertTurn } from '../../src/responses/responses.service.ts';
import type { RunDeps } from './skill-run.ts';

export function createScheduledTurnActivities({ prisma, config }: RunDeps, temporal: Client) {
  const deps = { prisma, config, temporal };

  async function conversationFor(
    schedule: {
      id: string;
      name: string;
      workspaceId: string;
      projectId: string | null;
      conversationId: string | null;
    },
    seed: string,
    createdAtMs: number,
  ) {
    if (schedule.conversationId) {
      const named = await prisma.conversation.findFirst({
        where: { id: schedule.conversationId, workspaceId: schedule.workspaceId },
      });
      if (named) return named;
    }
    const id = seededId('conv', seed, createdAtMs);
    const project = schedule.projectId
      ? await prisma.project.findFirst({ where: { id: schedule.projectId, workspaceId: schedule.workspaceId } })
      : null;
    return prisma.conversation.upsert({
      where: { id },
      update: {},
      create: {
        id,
        workspaceId: schedule.workspaceId,
        projectId: project?.id ?? null,
        title: `${schedule.name} (${new Date(createdAtMs).toISOString().slice(0, 16).replace('T', ' ')} UTC)`,
      },
    });
  }

  return {
    /** The turn's response id; null when the schedule is gone or is not a prompt schedule. */
    async startScheduledTurn(input: { scheduleId: string; seed: string; createdAtMs: number }): Promise<string | null> {
      const id = seededId('resp', input.seed, input.createdAtMs);
      let response = await prisma.response.findUnique({ where: { id }, include: { conversation: true } });
      if (!response) {
        const schedule = await prisma.schedule.findUnique({ where: { id: input.scheduleId } });
        if (!schedule || schedule.deletingAt || schedule.action !== 'prompt' || !schedule.prompt) return null;
        const conversation = await conversationFor(schedule, input.seed, input.createdAtMs);
        const turn = {
          id,
          conversation,
          input: schedule.prompt,
          ...(schedule.model ? { model: schedule.model } : {}),
          strategy: 'enqueue' as const,
          scheduleId: schedule.id,
          createdById: schedule.createdById,
        };
        try {
          await insertTurn(deps, turn);
        } catch (err) {
          if (err instanceof Prisma.PrismaClientKnownRequestError && err.code === 'P2002') {
            // A concurrent attempt inserted it first.
          } else if (err instanceof ApiError) {
            log.warn('scheduled turn refused', { scheduleId: schedule.id, code: err.code, detail: err.detail });
            await insertRefusedTurn(prisma, turn, err);
            return id;
          } else {
            throw err;
          }
        }
        response = await prisma.response.findUniqueOrThrow({ where: { id }, include: { conversation: true } });
      }
      if (response.status === 'queued') await enqueueTurn(deps, response, response.conversation);
      return response.id;
    },
  };
}

export type ScheduledTurnActivities = ReturnType<typeof createScheduledTurnActivities>;
