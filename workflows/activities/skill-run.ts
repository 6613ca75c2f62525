/**
 * The I/O of a skill run, as Temporal activities. The run's transcript lives in PostgreSQL: activities take and
 * return ids, step numbers and short flags, so workflow history stays small whatever the run reads or prints.
 * Model and tool steps record their result in the same transaction as their effects (src/runs/steps.ts).
 */

import { rm } from 'node:fs/promises';
import { ApplicationFailure, Context } from '@temporalio/activity';
import type { PrismaClient } from '../../generated/prisma/client.ts';
import type { ToolName } from '../../generated/routes.ts';
import type { Config } from '../../src/config.ts';
import type { FileStorage } from '../../src/files/storage.ts';
import type { Logger } from '../../src/logger.ts';
import type { Mailer } from '../../src/notify/mailer.ts';
import { appendEvent, isTerminal } from '../../src/runs/events.ts';
import { finishRun, finishRunIn, type RunEnd } from '../../src/runs/finish.ts';
import { readySandbox, removeSandbox, sandboxIsCurrent, saveSandboxOutputs } from '../../src/runs/run-sandbox.ts';
import { once } from '../../src/runs/steps.ts';
import { appendMessages } from '../../src/runs/transcript.ts';
import { runSandboxRoot, sandboxFor } from '../../src/sandbox/sandbox.ts';
import type { HostResolver } from '../../src/webhooks/destination.ts';
import { crashPoint } from './crash-point.ts';
import { createModelStep, type ModelStepInput, type ModelStepResult } from './model-step.ts';
import { createToolStep, findToolCall, recordToolResult } from './tool-step.ts';

export type { RunEnd } from '../../src/runs/finish.ts';
export type { ModelStepResult } from './model-step.ts';

export interface RunDeps {
  prisma: PrismaClient;
  config: Config;
  logger: Logger;
  mailer: Mailer | undefined;
  storage: FileStorage;
  /** Resolves webhook hosts (tests inject one); the system's DNS otherwise. */
  resolveHost?: HostResolver;
}

export interface RunPlan {
  model: string;
  tools: ToolName[];
  maxSteps: number;
  maxDurationMs: number;
  /** Whether the run has addresses to notify when it ends (absent from plans recorded before it existed). */
  notify: boolean;
}

/**
 * A skill run's model step can also carry the run's bookkeeping, so that a run which needs no tool is one activity:
 * `prepare` (step 1) starts the run first and returns its plan; `finish` ends the run `completed` when the model calls
 * no tool. Runs started without `maxDurationMs` in their input keep separate bookkeeping activities.
 */
export interface SkillRunModelStepInput extends ModelStepInput {
  prepare?: boolean;
  finish?: boolean;
}

export interface SkillRunModelStepResult extends ModelStepResult {
  /** With `prepare`: what the run does (the model and tools of step 1 came from it). */
  plan?: RunPlan;
  /** The run's status when this step found it over or ended it: the workflow has nothing left to record. */
  ended?: RunEnd['status'];
}

/** Attempts the start bookkeeping gets, as when it was an activity of its own (the model call's policy allows more). */
const BOOKKEEPING_ATTEMPTS = 5;

/** A start that failed on its last bookkeeping attempt is not retried further: the run fails. */
function lastBookkeepingAttempt(attempt: number, err: unknown): unknown {
  if (attempt < BOOKKEEPING_ATTEMPTS || err instanceof ApplicationFailure) return err;
  return ApplicationFailure.create({
    message: err instanceof Error ? err.message : String(err),
    type: 'RUN_START_FAILED',
    nonRetryable: true,
    cause: err instanceof Error ? err : undefined,
  });
}

export function createSkillRunActivities(deps: RunDeps) {
  const { prisma, config, logger, mailer } = deps;
  const modelStep = createModelStep(deps);

  /** The run's status when it is over (a step or the reconciler ended it), read after a conditional write lost. */
  async function statusOf(runId: string): Promise<RunEnd['status']> {
    const { status } = await prisma.skillRun.findUniqueOrThrow({ where: { id: runId }, select: { status: true } });
    return status as RunEnd['status'];
  }

  /**
   * Marks the run running, stages its context files, writes the opening of the transcript. Returns the run's plan, or
   * its status when it is already over.
   */
  async function prepare(runId: string): Promise<{ plan: RunPlan } | { ended: RunEnd['status'] }> {
    const run = await prisma.skillRun.findUniqueOrThrow({ where: { id: runId } });
    if (isTerminal(run.status)) return { ended: run.status as RunEnd['status'] };
    const version = run.skillId
      ? await prisma.skillVersion.findUnique({
          where: { skillId_version: { skillId: run.skillId, version: run.skillVersion } },
        })
      : null;
    if (!version)
      throw ApplicationFailure.nonRetryable('The skill of this run was deleted before it started.', 'SKILL_DELETED');
    // Without context files the sandbox is made by the first tool step that needs it (most runs that need no tool
    // never touch the disk).
    const staged = run.contextPaths.length > 0 ? (await readySandbox(deps, run, run.outputsGeneration)).staged : [];
    const system = [
      `You are carrying out the skill "${version.name}": ${version.description}`,
      version.instructions,
      'You work in a sandbox directory. Context files are under context/. Write every deliverable under outputs/.',
      staged.length > 0
        ? `Context files:\n${staged.map((p) => `- context/${p}`).join('\n')}`
        : 'There are no context files.',
    ]
      .filter(Boolean)
      .join('\n\n');
    await prisma.$transaction(async (tx) => {
      // Conditional, so a retried or zombie attempt does not start the run twice: the transcript's opening and the
      // `running` status commit together, so a run found started already has its opening.
      const startedAt = new Date();
      const started = await tx.skillRun.updateMany({
        where: { id: runId, status: 'queued' },
        data: { status: 'running', startedAt },
      });
      if (started.count === 0) return;
      await appendMessages(
        tx,
        runId,
        [
          { role: 'system', content: system },
          { role: 'user', content: run.instructions?.trim() || 'Carry out the skill.' },
        ],
        { after: -1 },
      );
      // A queued run has had no step, so no outputs, and nothing but its status moves it: the row read above with
      // the new status is the row now.
      const now = { ...run, status: 'running' as const, startedAt, outputs: [] };
      await appendEvent(tx, runId, 'status', { status: 'running' }, { previous: 'queued', run: now });
    });
    crashPoint(config, 'prepare-committed');
    return {
      plan: {
        model: run.model,
        tools: version.tools as ToolName[],
        maxSteps: config.RUN_MAX_STEPS,
        maxDurationMs: run.maxDurationSeconds * 1000,
        notify: run.notifyEmails.length > 0,
      },
    };
  }

  return {
    /**
     * One model call of a run or a conversation turn (model-step.ts), with a skill run's bookkeeping when asked: see
     * SkillRunModelStepInput. Ending the run here needs no sandbox work: model steps do not touch the sandbox, and
     * the tool step before this one saved its outputs.
     */
    async modelStep(input: SkillRunModelStepInput): Promise<SkillRunModelStepResult> {
      const { prepare: starts, finish, ...step } = input;
      let plan: RunPlan | undefined;
      if (starts) {
        // Staging context can take a while: keep the heartbeat going (the model call keeps its own).
        const ctx = Context.current();
        const beat = setInterval(() => ctx.heartbeat(), 1000);
        const prepared = await prepare(step.runId)
          .catch((err: unknown) => {
            throw lastBookkeepingAttempt(ctx.info.attempt, err);
          })
          .finally(() => clearInterval(beat));
        if ('ended' in prepared) return { toolCalls: [], ended: prepared.ended };
        plan = prepared.plan;
        Object.assign(step, { model: plan.model, tools: plan.tools });
      }
      const end = { status: 'completed' } as const;
      // An answer without tool calls ends the run in the transaction that records it.
      let endedHere = false;
      const result = await modelStep(
        step,
        finish
          ? async (tx, answer) => {
              if (answer.toolCalls.length === 0)
                endedHere = await finishRunIn(tx, step.runId, end, { previous: 'running' });
            }
          : undefined,
      );
      if (!finish || result.toolCalls.length > 0) return { ...result, ...(plan ? { plan } : {}) };
      crashPoint(config, 'finish-committed');
      await rm(runSandboxRoot(config.SKILLPLANE_DATA_DIR, step.runId), { recursive: true, force: true });
      // A retried step found its record (and so the end) committed already, or the run was over before.
      if (!endedHere && (await finishRun(prisma, step.runId, end))) endedHere = true;
      return { ...result, ...(plan ? { plan } : {}), ended: endedHere ? 'completed' : await statusOf(step.runId) };
    },
    toolStep: createToolStep(deps),

    /** Marks the run running, stages its context files, writes the opening of the transcript. Null: already over. */
    async prepareSkillRun(runId: string): Promise<RunPlan | null> {
      const prepared = await prepare(runId);
      return 'plan' in prepared ? prepared.plan : null;
    },

    /** `waiting` with the question of the agent's `ask_user` call (read from the recorded model step). */
    async askUser(input: { runId: string; step: number; toolCallId: string }): Promise<void> {
      const call = await findToolCall(prisma, input.runId, input.step, input.toolCallId);
      const question = String(call.input.question ?? '');
      await prisma.$transaction(async (tx) => {
        // A retry after this committed finds the run waiting already and reports nothing twice.
        const asked = await tx.skillRun.updateMany({
          where: { id: input.runId, status: 'running' },
          data: { status: 'waiting', question },
        });
        if (asked.count > 0) {
          await appendEvent(tx, input.runId, 'status', { status: 'waiting', question }, { previous: 'running' });
        }
      });
    },

    /** The answer becomes the `ask_user` call's result, and the run is `running` again. */
    async answerUser(input: { runId: string; step: number; toolCallId: string; answer: string }): Promise<void> {
      const call = await findToolCall(prisma, input.runId, input.step, input.toolCallId);
      await once(
        prisma,
        input.runId,
        `tool:${input.toolCallId}`,
        async () => ({ isError: false }),
        async (tx) => {
          await recordToolResult(
            tx,
            input.runId,
            call,
            { output: input.answer, isError: false },
            config.TOOL_RESULT_MAX_BYTES,
          );
          await tx.skillRun.update({ where: { id: input.runId }, data: { status: 'running', question: null } });
          await appendEvent(tx, input.runId, 'status', { status: 'running', question: null }, { previous: 'waiting' });
        },
      );
    },

    /**
     * Records the outputs and the final status. Idempotent: a finished run is left as it is. Returns the status the
     * run ended with (another step or the reconciler may have ended it first).
     */
    async finishSkillRun(input: { runId: string; end: RunEnd }): Promise<RunEnd['status']> {
      const box = await sandboxFor(config.SKILLPLANE_DATA_DIR, input.runId, config.SANDBOX_UID_BASE);
      const run = await prisma.skillRun.findUniqueOrThrow({ where: { id: input.runId } });
      // Only a sandbox that holds the latest outputs may save them: another worker's may have moved on.
      if (!isTerminal(run.status) && (await sandboxIsCurrent(deps, box, run.outputsGeneration))) {
        await saveSandboxOutputs(deps, run, box);
      }
      const ended = await finishRun(prisma, input.runId, input.end, { previous: run.status });
      crashPoint(config, 'finish-committed');
      await removeSandbox(box);
      if (ended) return input.end.status;
      return isTerminal(run.status) ? (run.status as RunEnd['status']) : statusOf(input.runId);
    },

    /** E-mails `notify_emails` that the run finished. */
    async notifySkillRun(runId: string): Promise<void> {
      // Most runs notify no one: ask for the addresses alone before reading the run and its outputs.
      const { notifyEmails } = await prisma.skillRun.findUniqueOrThrow({
        where: { id: runId },
        select: { notifyEmails: true },
      });
      if (notifyEmails.length === 0) return;
      const run = await prisma.skillRun.findUniqueOrThrow({ where: { id: runId }, include: { outputs: true } });
      if (!mailer) {
        logger.warn('run has notify_emails but SMTP_URL is not set', { run_id: runId });
        return;
      }
      const link = config.PUBLIC_URL ? `${config.PUBLIC_URL.replace(/\/$/, '')}/api/v1/skill-runs/${run.id}` : run.id;
      await mailer.send({
        to: run.notifyEmails,
        subject: `Skill run ${run.skillName} ${run.status.replace('_', ' ')}`,
        text: [
          `The run ${run.id} of skill ${run.skillName} ended: ${run.status}.`,
          `Tokens: ${run.inputTokens} in, ${run.outputTokens} out; cost USD ${run.costUsd.toFixed(6)}.`,
          run.outputs.length > 0 ? `Outputs:\n${run.outputs.map((o) => `- ${o.path}`).join('\n')}` : 'No output files.',
          `Details: ${link}`,
        ].join('\n\n'),
        idempotencyKey: `${run.id}-notify`,
      });
    },
  };
}

export type SkillRunActivities = ReturnType<typeof createSkillRunActivities>;
