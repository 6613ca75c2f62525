/**
 * Conversation turns (responses): starting one under the conversation's multitask strategy and the workspace's
 * limits, cancelling one, and reading one. A turn is inserted with its run (the agent loop's row: transcript, steps,
 * tokens, cost, limits) and its `response.created` event in one transaction, then handed to the conversation's
 * workflow by signal-with-start, which runs the conversation's turns one at a time.
 */
import { WorkflowNotFoundError } from '@temporalio/client';
import type { Conversation, Response } from '../../generated/prisma/client.ts';
import { ApiError } from '../app/problem.ts';
import type { Deps } from '../app/types.ts';
import { newId } from '../lib/ids.ts';
import { providerProblem } from '../models/models.ts';
import { assertSkills } from '../projects/projects.service.ts';
import { assertModelPriced, assertRunLimits } from '../runs/runs.service.ts';
import { emitEvents, isResponseOver, type ResponseWithRun } from './events.ts';
import { finishTurn } from './finish-turn.ts';
import { foldPendingText } from './pending-text.ts';

export type MultitaskStrategy = 'reject' | 'enqueue' | 'interrupt';

export interface NewTurn {
  conversation: Conversation;
  input: string;
  instructions?: string | null;
  model?: string;
  skillIds?: readonly string[];
  background?: boolean;
  strategy?: MultitaskStrategy;
  scheduleId?: string | null;
  createdById: string | null;
  /** A caller-chosen id (scheduled turns: derived from the schedule action, so a retried insert finds its row). */
  id?: string;
}

export const conversationWorkflowId = (conversationId: string) => `conversation-${conversationId}`;

const ACTIVE = ['queued', 'in_progress'] as const;

/** Validates and inserts a turn, applies the multitask strategy, and hands the turn to the conversation's workflow. */
export async function startTurn(deps: Deps, turn: NewTurn): Promise<ResponseWithRun> {
  const { response, interrupted } = await insertTurn(deps, turn);
  for (const old of interrupted) await cancelTurn(deps, old);
  await enqueueTurn(deps, response, turn.conversation);
  return response;
}

/** Validates a turn and inserts it with its run and `response.created`; returns the turns it interrupts. */
export async function insertTurn(
  deps: Pick<Deps, 'prisma' | 'config'>,
  turn: NewTurn,
): Promise<{ response: ResponseWithRun; interrupted: Response[] }> {
  const { prisma, config } = deps;
  const { conversation } = turn;
  const model = turn.model ?? config.DEFAULT_MODEL;
  const problem = providerProblem(config, model);
  if (problem) {
    throw new ApiError(400, 'MODEL_PROVIDER_NOT_CONFIGURED', {
      detail: problem,
      errors: [{ field: 'body.model', message: problem, code: 'MODEL_PROVIDER_NOT_CONFIGURED' }],
    });
  }
  await assertModelPriced(deps, conversation.workspaceId, model);
  await assertSkills(deps, conversation.workspaceId, turn.skillIds ?? [], 'body.skill_ids');
  const strategy = turn.strategy ?? 'reject';

  return prisma.$transaction(async (tx) => {
    // One decision per conversation at a time: two requests must not both find it idle.
    await tx.$executeRaw`SELECT 1 FROM conversations WHERE id = ${conversation.id} FOR UPDATE`;
    const active = await tx.response.findMany({
      where: { conversationId: conversation.id, status: { in: [...ACTIVE] } },
      orderBy: { createdAt: 'asc' },
    });
    if (active.length > 0 && strategy === 'reject') {
      throw new ApiError(409, 'CONVERSATION_BUSY', {
        detail: `The conversation has a turn in flight (${active[0]!.id}); wait for it, cancel it, or send multitask_strategy enqueue or interrupt.`,
      });
    }
    await assertRunLimits(tx, config, conversation.workspaceId);
    const runId = newId('run');
    await tx.skillRun.create({
      data: {
        id: runId,
        workspaceId: conversation.workspaceId,
        skillId: null,
        skillName: 'conversation',
        skillVersion: 0,
        model,
        contextPaths: [],
        notifyEmails: [],
        maxDurationSeconds: 3600,
        scheduleId: turn.scheduleId ?? null,
        createdById: turn.createdById,
      },
    });
    const id = turn.id ?? newId('resp');
    await tx.response.create({
      data: {
        id,
        workspaceId: conversation.workspaceId,
        conversationId: conversation.id,
        runId,
        model,
        input: turn.input,
        instructions: turn.instructions ?? null,
        skillIds: [...(turn.skillIds ?? [])],
        background: turn.background ?? false,
        scheduleId: turn.scheduleId ?? null,
        createdById: turn.createdById,
      },
    });
    const response = await emitEvents(tx, id, (s) => s.pushLifecycle('response.created'));
    return { response, interrupted: strategy === 'interrupt' ? active : [] };
  });
}

/** Hands a turn to its conversation's workflow (started if idle); a turn that cannot be handed over is failed. */
export async function enqueueTurn(
  deps: Pick<Deps, 'prisma' | 'config' | 'temporal'>,
  response: Response,
  conversation: Pick<Conversation, 'id' | 'workspaceId' | 'projectId'>,
): Promise<void> {
  try {
    await deps.temporal.workflow.signalWithStart('conversationWorkflow', {
      workflowId: conversationWorkflowId(conversation.id),
      taskQueue: deps.config.TEMPORAL_TASK_QUEUE,
      args: [{ conversationId: conversation.id }],
      signal: 'enqueueTurn',
      signalArgs: [
        { responseId: response.id, workspaceId: conversation.workspaceId, projectId: conversation.projectId },
      ],
    });
  } catch (err) {
    // Nothing will run the turn: end it so the conversation is not left busy, and report the outage.
    const error = {
      type: 'ORCHESTRATOR_UNAVAILABLE',
      title: 'The turn could not start',
      detail: 'Temporal did not answer.',
    };
    await finishTurn(deps.prisma, response.id, { status: 'failed', error }, ['queued']);
    throw err;
  }
}

/**
 * Cancels a turn; idempotent. A running turn's workflow is cancelled (it ends `cancelled` itself, keeping its partial
 * output); a turn no workflow runs (not picked up yet, or its workflow is gone) is ended here, and a workflow that
 * picks it up later finds it over.
 */
export async function cancelTurn(deps: Pick<Deps, 'prisma' | 'temporal'>, turn: Response): Promise<void> {
  if (isResponseOver(turn.status)) return;
  try {
    await deps.temporal.workflow.getHandle(turn.id).cancel();
  } catch (err) {
    if (!(err instanceof WorkflowNotFoundError)) throw err;
    await finishTurn(deps.prisma, turn.id, { status: 'cancelled' });
  }
}

/**
 * A turn that could not start (a scheduled turn the limits refused), recorded as a failed response with a failed run,
 * so the refusal shows where the schedule's turns are listed and counts as one of its runs.
 */
export async function insertRefusedTurn(
  prisma: Deps['prisma'],
  turn: NewTurn & { id: string },
  problem: ApiError,
): Promise<void> {
  const error = { code: problem.code, message: problem.detail ?? problem.code };
  await prisma.$transaction(async (tx) => {
    const runId = newId('run');
    await tx.skillRun.create({
      data: {
        id: runId,
        workspaceId: turn.conversation.workspaceId,
        skillName: 'conversation',
        skillVersion: 0,
        status: 'failed',
        model: turn.model ?? '',
        maxDurationSeconds: 3600,
        scheduleId: turn.scheduleId ?? null,
        createdById: turn.createdById,
        error: { type: problem.code, title: 'The turn could not start', detail: error.message },
        completedAt: new Date(),
      },
    });
    await tx.response.create({
      data: {
        id: turn.id,
        workspaceId: turn.conversation.workspaceId,
        conversationId: turn.conversation.id,
        runId,
        model: turn.model ?? '',
        input: turn.input,
        scheduleId: turn.scheduleId ?? null,
        createdById: turn.createdById,
      },
    });
    await emitEvents(tx, turn.id, (s) => {
      s.pushLifecycle('response.created');
      s.set({ status: 'failed', completedAt: new Date(), error });
      s.pushLifecycle('response.failed');
    });
  });
}

/** The response with its output folded to its last event (`pending-text.ts`). */
export async function readResponse({ prisma }: Pick<Deps, 'prisma'>, id: string): Promise<ResponseWithRun | null> {
  const row = await prisma.response.findUnique({
    where: { id },
    include: { run: { select: { inputTokens: true, outputTokens: true } } },
  });
  return row && foldPendingText(prisma, row);
}
