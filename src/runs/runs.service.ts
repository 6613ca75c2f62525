/**
 * Starting and steering skill runs. A run is inserted first (with the limits checked under a per-workspace lock),
 * then its workflow is started with the run id as workflow id and the row marked `workflow_started_at`. If the
 * process dies between the two, `startPendingWorkflows` (run at start-up and periodically) starts it: starting is
 * idempotent because the workflow id is the run id.
 */
import { WorkflowExecutionAlreadyStartedError, WorkflowNotFoundError } from '@temporalio/client';
import { Prisma, type PrismaClient, type SkillRun } from '../../generated/prisma/client.ts';
import { ApiError } from '../app/problem.ts';
import type { Deps } from '../app/types.ts';
import { newId } from '../lib/ids.ts';
import { keyedQueue } from '../lib/keyed-queue.ts';
import { priceOf, providerProblem } from '../models/models.ts';
import { searchAttributes } from '../temporal/search-attributes.ts';
import { assertContextPaths } from './context.ts';
import { appendEvent, isTerminal } from './events.ts';

export interface NewRun {
  /** A caller-chosen id (scheduled runs: derived from the schedule action, so a retried insert finds its row). */
  id?: string;
  workspaceId: string;
  skillId: string;
  /** An explicit version (retries), else the stage's version. */
  skillVersion?: number;
  stage?: 'published' | 'draft';
  instructions?: string | null;
  contextPaths?: readonly string[];
  notifyEmails?: readonly string[];
  model?: string;
  maxDurationSeconds?: number;
  retryOfId?: string;
  scheduleId?: string;
  createdById: string | null;
}

type RunDeps = Pick<Deps, 'prisma' | 'config' | 'temporal'>;

/** Inserts into one workspace wait for its lock here, not on pool connections (src/lib/keyed-queue.ts). */
const byWorkspace = keyedQueue();

/** Validates a new run and inserts it as `queued`; the caller then starts its workflow. */
export async function insertRun({ prisma, config }: Pick<Deps, 'prisma' | 'config'>, input: NewRun): Promise<SkillRun> {
  const skill = await prisma.skill.findFirst({
    where: {
      id: input.skillId,
      // Another workspace's global skill runs only as published: its drafts stay inside its own workspace.
      OR: [{ workspaceId: input.workspaceId }, { isGlobal: true, publishedVersion: { not: null } }],
    },
  });
  if (!skill) throw ApiError.notFound('skill');
  const foreign = skill.workspaceId !== input.workspaceId;
  const version = foreign
    ? skill.publishedVersion
    : (input.skillVersion ?? (input.stage === 'draft' ? skill.latestVersion : skill.publishedVersion));
  if (version === null || version === undefined) {
    throw new ApiError(409, 'SKILL_NOT_PUBLISHED', {
      detail: `Skill ${skill.name} has no published version: publish one or pass stage=draft.`,
    });
  }
  const model = input.model ?? config.DEFAULT_MODEL;
  const problem = providerProblem(config, model);
  if (problem) {
    throw new ApiError(400, 'MODEL_PROVIDER_NOT_CONFIGURED', {
      detail: problem,
      errors: [{ field: 'body.model', message: problem, code: 'MODEL_PROVIDER_NOT_CONFIGURED' }],
    });
  }
  await assertModelPriced({ prisma, config }, input.workspaceId, model);
  const contextPaths = [...(input.contextPaths ?? [])];
  await assertContextPaths(prisma, input.workspaceId, contextPaths);

  // A burst into one workspace queues in this process first (byWorkspace), then on the workspace's lock across
  // processes: wait for a connection as long as for any query, not Prisma's 2 s.
  const burstWait = { maxWait: config.DATABASE_TIMEOUT_MS };
  const inserting = byWorkspace(input.workspaceId, config.DATABASE_TIMEOUT_MS, () =>
    prisma.$transaction(async (tx) => {
      await assertRunLimits(tx, config, input.workspaceId);
      const run = await tx.skillRun.create({
        data: {
          id: input.id ?? newId('run'),
          workspaceId: input.workspaceId,
          skillId: skill.id,
          skillName: foreign ? await versionName(tx, skill.id, version) : skill.name,
          skillVersion: version,
          model,
          instructions: input.instructions ?? null,
          contextPaths,
          notifyEmails: [...(input.notifyEmails ?? [])],
          maxDurationSeconds: input.maxDurationSeconds ?? 3600,
          retryOfId: input.retryOfId ?? null,
          scheduleId: input.scheduleId ?? null,
          createdById: input.createdById,
        },
      });
      // A new run: no status before it, no outputs, and the row is the one just inserted.
      await appendEvent(tx, run.id, 'status', { status: 'queued' }, { previous: null, run: { ...run, outputs: [] } });
      return run;
    }, burstWait),
  );
  return inserting.catch(skillDeletedMeanwhile);
}

/**
 * The workspace's limits for a new run (skill run or conversation turn), checked inside the inserting transaction
 * under a per-workspace lock: queued + running runs below MAX_CONCURRENT_RUNS, spending below the budget.
 */
export async function assertRunLimits(
  tx: Prisma.TransactionClient,
  config: Deps['config'],
  workspaceId: string,
): Promise<void> {
  await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext(${`runs:${workspaceId}`}))`;
  const active = await tx.skillRun.count({ where: { workspaceId, status: { in: ['queued', 'running'] } } });
  if (active >= config.MAX_CONCURRENT_RUNS) {
    throw new ApiError(429, 'CONCURRENT_RUN_LIMIT_EXCEEDED', {
      detail: `The workspace has ${active} queued or running runs (limit ${config.MAX_CONCURRENT_RUNS}); wait for one to finish.`,
      headers: { 'Retry-After': '30' },
    });
  }
  const workspace = await tx.workspace.findUniqueOrThrow({ where: { id: workspaceId } });
  if (workspace.budgetUsd !== null) {
    const spent = await tx.skillRun.aggregate({ where: { workspaceId }, _sum: { costUsd: true } });
    const total = spent._sum.costUsd ?? new Prisma.Decimal(0);
    if (total.greaterThanOrEqualTo(workspace.budgetUsd)) {
      throw new ApiError(402, 'USAGE_INSUFFICIENT_CREDITS', {
        detail: `The workspace has spent USD ${total.toFixed(6)} of its USD ${workspace.budgetUsd.toFixed(6)} budget.`,
      });
    }
  }
}

/** The skill was deleted while the run was being inserted (the delete held the skill's row lock): 404 as for any. */
function skillDeletedMeanwhile(err: unknown): never {
  if (err instanceof Prisma.PrismaClientKnownRequestError && err.code === 'P2003') throw ApiError.notFound('skill');
  throw err;
}

/** The name a version had (a renamed draft must not show up in another workspace's runs). */
async function versionName(tx: Prisma.TransactionClient, skillId: string, version: number): Promise<string> {
  const v = await tx.skillVersion.findUniqueOrThrow({ where: { skillId_version: { skillId, version } } });
  return v.name;
}

/**
 * A budget only holds if every run's spending is counted: a model without a known price would spend "USD 0", so it
 * is refused (400 naming `body.model`) in a workspace that has a budget.
 */
export async function assertModelPriced(
  { prisma, config }: Pick<Deps, 'prisma' | 'config'>,
  workspaceId: string,
  model: string,
): Promise<void> {
  if (priceOf(config, model)) return;
  const workspace = await prisma.workspace.findUnique({ where: { id: workspaceId }, select: { budgetUsd: true } });
  if (workspace?.budgetUsd === null || workspace?.budgetUsd === undefined) return;
  const message = `No price is known for ${model}, and this workspace has a budget: use a priced model or ask the operator to set MODEL_PRICES or MODEL_DEFAULT_PRICE.`;
  throw new ApiError(400, 'MODEL_PRICE_UNKNOWN', {
    detail: message,
    errors: [{ field: 'body.model', message, code: 'MODEL_PRICE_UNKNOWN' }],
  });
}

/**
 * A run that could not start, inserted as `failed` with the reason (a scheduled run the schedule could not start:
 * its skill or context files were deleted, or a limit was hit), so the refusal is visible where runs are listed.
 */
export async function insertRefusedRun(
  prisma: PrismaClient,
  input: NewRun & { skillName: string },
  problem: ApiError,
): Promise<SkillRun> {
  const error = { type: problem.code, title: 'The run could not start', detail: problem.detail ?? problem.code };
  return prisma.$transaction(async (tx) => {
    const skill = await tx.skill.findUnique({ where: { id: input.skillId }, select: { id: true } });
    const run = await tx.skillRun.create({
      data: {
        id: input.id ?? newId('run'),
        workspaceId: input.workspaceId,
        skillId: skill?.id ?? null,
        skillName: input.skillName,
        skillVersion: input.skillVersion ?? 0,
        status: 'failed',
        model: input.model ?? '',
        instructions: input.instructions ?? null,
        contextPaths: [...(input.contextPaths ?? [])],
        notifyEmails: [...(input.notifyEmails ?? [])],
        maxDurationSeconds: input.maxDurationSeconds ?? 3600,
        scheduleId: input.scheduleId ?? null,
        createdById: input.createdById,
        error,
        completedAt: new Date(),
      },
    });
    await appendEvent(tx, run.id, 'status', { status: 'failed', error });
    await appendEvent(tx, run.id, 'end', { status: 'failed' });
    return run;
  });
}

/** Starts the run's workflow (a no-op if it exists) and records that it did. */
export async function startRunWorkflow({ prisma, config, temporal }: RunDeps, run: SkillRun): Promise<SkillRun> {
  try {
    await temporal.workflow.start('skillRunWorkflow', {
      workflowId: run.id,
      taskQueue: config.TEMPORAL_TASK_QUEUE,
      // workflows/skill-run.workflow.ts's SkillRunInput: with maxDurationMs, the run's bookkeeping is inline.
      args: [{ runId: run.id, maxDurationMs: run.maxDurationSeconds * 1000 }],
      typedSearchAttributes: [
        { key: searchAttributes.workspaceId, value: run.workspaceId },
        { key: searchAttributes.skillId, value: run.skillId ?? '' },
        { key: searchAttributes.runStatus, value: 'queued' },
        ...(run.scheduleId ? [{ key: searchAttributes.scheduleId, value: run.scheduleId }] : []),
      ],
    });
  } catch (err) {
    if (!(err instanceof WorkflowExecutionAlreadyStartedError)) throw err;
  }
  return prisma.skillRun.update({ where: { id: run.id }, data: { workflowStartedAt: new Date() } });
}

/** Starts workflows for runs whose row exists but whose start was never recorded (a crash between the two). */
export async function startPendingWorkflows(deps: RunDeps, { olderThanMs = 5000 } = {}): Promise<number> {
  const pending = await deps.prisma.skillRun.findMany({
    // Conversation turns are started by their conversation's workflow, not here.
    where: {
      workflowStartedAt: null,
      status: 'queued',
      response: null,
      createdAt: { lt: new Date(Date.now() - olderThanMs) },
    },
    take: 100,
  });
  for (const run of pending) await startRunWorkflow(deps, run);
  return pending.length;
}

export async function cancelRun({ prisma, temporal }: RunDeps, run: SkillRun): Promise<void> {
  if (isTerminal(run.status)) {
    throw new ApiError(409, 'RUN_NOT_ACTIVE', { detail: `The run is already ${run.status}.` });
  }
  try {
    await temporal.workflow.getHandle(run.id).cancel();
  } catch (err) {
    if (!(err instanceof WorkflowNotFoundError)) throw err;
    // No workflow yet (its start is pending): end the run here so the reconciler never starts it.
    await prisma.$transaction(async (tx) => {
      const ended = await tx.skillRun.updateMany({
        where: { id: run.id, status: 'queued' },
        data: { status: 'cancelled', completedAt: new Date() },
      });
      if (ended.count === 0) return;
      await appendEvent(tx, run.id, 'status', { status: 'cancelled' });
      await appendEvent(tx, run.id, 'end', { status: 'cancelled' });
    });
  }
}

export async function provideInput({ temporal }: RunDeps, run: SkillRun, answer: string): Promise<void> {
  if (run.status !== 'waiting') {
    throw new ApiError(409, 'RUN_NOT_WAITING', { detail: `The run is ${run.status}, not waiting for input.` });
  }
  await temporal.workflow.getHandle(run.id).signal('provideInput', answer);
}

export async function runOutputs(prisma: PrismaClient, runId: string) {
  return prisma.skillRunOutput.findMany({ where: { runId }, orderBy: { path: 'asc' } });
}
