/**
 * The I/O of a skill run, as Temporal activities. Model calls and tool calls record their result under a step key
 * before returning: if a worker dies after the work but before Temporal hears of it, the retried activity returns
 * the record instead of paying for the model call again or re-running the command.
 */
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { readdir, stat } from 'node:fs/promises';
import path from 'node:path';
import { ApplicationFailure, Context } from '@temporalio/activity';
import { APICallError, jsonSchema, type ModelMessage, streamText, type ToolSet } from 'ai';
import { Prisma, type PrismaClient } from '../../generated/prisma/client.ts';
import type { ToolName } from '../../generated/routes.ts';
import type { Config } from '../../src/config.ts';
import type { Logger } from '../../src/logger.ts';
import { costOf, languageModel } from '../../src/models/models.ts';
import type { Mailer } from '../../src/notify/mailer.ts';
import { stageContext } from '../../src/runs/context.ts';
import { appendEvent, isTerminal } from '../../src/runs/events.ts';
import {
  DiskQuotaExceededError,
  executeTool,
  SandboxUnavailableError,
  type ToolOutcome,
  toolSpecs,
} from '../../src/runs/tools.ts';
import { sandboxLimits, sandboxStatus } from '../../src/sandbox/bwrap.ts';
import { sandboxFor, shareContext } from '../../src/sandbox/sandbox.ts';

export interface RunDeps {
  prisma: PrismaClient;
  config: Config;
  logger: Logger;
  mailer: Mailer | undefined;
}

export interface RunPlan {
  model: string;
  system: string;
  prompt: string;
  tools: ToolName[];
  maxSteps: number;
  maxDurationMs: number;
}

export interface ToolCallRequest {
  toolCallId: string;
  toolName: string;
  input: Record<string, unknown>;
}

export interface ModelStepResult {
  text: string;
  toolCalls: ToolCallRequest[];
}

export type RunEnd =
  | { status: 'completed' | 'cancelled' | 'timed_out' }
  | { status: 'failed'; error: { type: string; title: string; detail: string } };

const MAX_CONSOLE = 256 * 1024;

export function createSkillRunActivities({ prisma, config, logger, mailer }: RunDeps) {
  /** Returns the recorded result for `key`, or runs `work` and records it (first writer wins). */
  async function once<T>(runId: string, key: string, work: () => Promise<T>): Promise<T> {
    const done = await prisma.skillRunStep.findUnique({ where: { runId_key: { runId, key } } });
    if (done) return done.result as T;
    const result = await work();
    try {
      await prisma.skillRunStep.create({ data: { runId, key, result: result as Prisma.InputJsonValue } });
    } catch (err) {
      if (!(err instanceof Prisma.PrismaClientKnownRequestError && err.code === 'P2002')) throw err;
    }
    return result;
  }

  return {
    /** Marks the run running, stages its context files, and returns what the workflow needs. Null: already over. */
    async prepareSkillRun(runId: string): Promise<RunPlan | null> {
      const run = await prisma.skillRun.findUniqueOrThrow({ where: { id: runId } });
      if (isTerminal(run.status)) return null;
      const version = run.skillId
        ? await prisma.skillVersion.findUnique({
            where: { skillId_version: { skillId: run.skillId, version: run.skillVersion } },
          })
        : null;
      if (!version)
        throw ApplicationFailure.nonRetryable('The skill of this run was deleted before it started.', 'SKILL_DELETED');
      const box = await sandboxFor(config.SKILLPLANE_DATA_DIR, runId, config.SANDBOX_UID_BASE);
      const staged = await stageContext(prisma, config, run.workspaceId, run.contextPaths, box.context);
      await shareContext(box);
      if (run.status === 'queued') {
        await prisma.$transaction(async (tx) => {
          await tx.skillRun.update({ where: { id: runId }, data: { status: 'running', startedAt: new Date() } });
          await appendEvent(tx, runId, 'status', { status: 'running' });
        });
      }
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
      return {
        model: run.model,
        system,
        prompt: run.instructions?.trim() || 'Carry out the skill.',
        tools: version.tools as ToolName[],
        maxSteps: config.RUN_MAX_STEPS,
        maxDurationMs: run.maxDurationSeconds * 1000,
      };
    },

    /** One model call (streamed). Rate limits and server errors are retried by Temporal; other 4xx are not. */
    async modelStep(input: {
      runId: string;
      step: number;
      model: string;
      system: string;
      messages: ModelMessage[];
      tools: ToolName[];
    }): Promise<ModelStepResult> {
      return once(input.runId, `model:${input.step}`, async () => {
        const ctx = Context.current();
        const tools: ToolSet = Object.fromEntries(
          input.tools.map((name) => [
            name,
            { description: toolSpecs[name].description, inputSchema: jsonSchema(toolSpecs[name].inputSchema) },
          ]),
        );
        let text = '';
        const toolCalls: ToolCallRequest[] = [];
        let usage = { inputTokens: 0, outputTokens: 0 };
        let failure: unknown;
        const beat = setInterval(() => ctx.heartbeat(), 1000);
        const result = streamText({
          model: languageModel(config, input.model),
          system: input.system,
          messages: input.messages,
          tools,
          maxRetries: 0,
          abortSignal: ctx.cancellationSignal,
          onError: ({ error }) => {
            failure = error;
          },
        });
        try {
          for await (const part of result.fullStream) {
            ctx.heartbeat();
            if (part.type === 'text-delta') text += part.text;
            else if (part.type === 'tool-call') {
              toolCalls.push({
                toolCallId: part.toolCallId,
                toolName: part.toolName,
                input: (part.input ?? {}) as Record<string, unknown>,
              });
            } else if (part.type === 'finish') {
              usage = {
                inputTokens: part.totalUsage.inputTokens ?? 0,
                outputTokens: part.totalUsage.outputTokens ?? 0,
              };
            } else if (part.type === 'error') failure = part.error;
          }
        } finally {
          clearInterval(beat);
        }
        if (failure) throw toFailure(failure);
        const cost = costOf(config, input.model, usage.inputTokens, usage.outputTokens);
        await prisma.$transaction(async (tx) => {
          await tx.$executeRaw`
            UPDATE skill_runs SET input_tokens = input_tokens + ${usage.inputTokens},
              output_tokens = output_tokens + ${usage.outputTokens}, cost_usd = cost_usd + ${cost}::numeric,
              updated_at = now()
            WHERE id = ${input.runId}`;
          if (text) await appendEvent(tx, input.runId, 'message', { step: input.step, text });
          await appendEvent(tx, input.runId, 'usage', { step: input.step, ...usage, cost_usd: cost });
          for (const call of toolCalls) {
            await appendEvent(tx, input.runId, 'tool_call', {
              id: call.toolCallId,
              tool: call.toolName,
              input: call.input as Prisma.InputJsonValue,
            });
          }
        });
        return { text, toolCalls };
      });
    },

    /** Runs one tool call in the sandbox, heartbeating so a cancel reaches it, and kills its process if cancelled. */
    async toolStep(input: { runId: string; call: ToolCallRequest }): Promise<ToolOutcome> {
      return once(input.runId, `tool:${input.call.toolCallId}`, async () => {
        const ctx = Context.current();
        const beat = setInterval(() => ctx.heartbeat(), 300);
        let pending = '';
        // Output reaches the run's console_output and its event stream while the command runs.
        const flush = async () => {
          if (!pending) return;
          const chunk = pending;
          pending = '';
          await prisma.$transaction(async (tx) => {
            await tx.$executeRaw`
              UPDATE skill_runs SET console_output = right(console_output || ${chunk}, ${MAX_CONSOLE}),
                updated_at = now() WHERE id = ${input.runId}`;
            await appendEvent(tx, input.runId, 'console', { text: chunk });
          });
        };
        const flusher = setInterval(() => void flush().catch(() => {}), 250);
        try {
          const box = await sandboxFor(config.SKILLPLANE_DATA_DIR, input.runId, config.SANDBOX_UID_BASE);
          const status = await sandboxStatus(config.SANDBOX_BWRAP_PATH);
          const outcome = await executeTool(input.call.toolName, input.call.input, {
            box,
            callId: input.call.toolCallId,
            python: config.PYTHON,
            signal: ctx.cancellationSignal,
            sandbox: status.available ? { bwrap: status.bwrap } : { why: status.why },
            limits: sandboxLimits(config),
            onOutput: (chunk) => {
              pending += chunk;
            },
          }).catch((err: unknown): ToolOutcome => {
            if (err instanceof SandboxUnavailableError)
              throw ApplicationFailure.nonRetryable(
                `Commands of a run must run confined, and no sandbox is available: ${err.message}`,
                'SANDBOX_UNAVAILABLE',
              );
            if (err instanceof DiskQuotaExceededError)
              throw ApplicationFailure.nonRetryable(err.message, 'SANDBOX_DISK_QUOTA_EXCEEDED');
            return { output: `Tool error: ${(err as Error).message}`, isError: true };
          });
          clearInterval(flusher);
          await flush();
          if (ctx.cancellationSignal.aborted) throw ctx.cancellationSignal.reason ?? new Error('cancelled');
          await appendEvent(prisma, input.runId, 'tool_result', {
            id: input.call.toolCallId,
            tool: input.call.toolName,
            is_error: outcome.isError,
            output: outcome.output.slice(0, 4096),
          });
          return outcome;
        } finally {
          clearInterval(beat);
          clearInterval(flusher);
        }
      });
    },

    /** `waiting` with the agent's question, or back to `running`. */
    async setRunStatus(input: {
      runId: string;
      status: 'waiting' | 'running';
      question: string | null;
    }): Promise<void> {
      await prisma.$transaction(async (tx) => {
        await tx.skillRun.update({
          where: { id: input.runId },
          data: { status: input.status, question: input.question },
        });
        await appendEvent(tx, input.runId, 'status', { status: input.status, question: input.question });
      });
    },

    /** Records the outputs and the final status. Idempotent: a finished run is left as it is. */
    async finishSkillRun(input: { runId: string; end: RunEnd }): Promise<void> {
      const box = await sandboxFor(config.SKILLPLANE_DATA_DIR, input.runId, config.SANDBOX_UID_BASE);
      const outputs = await describeOutputs(box.outputs);
      await prisma.$transaction(async (tx) => {
        const run = await tx.skillRun.findUniqueOrThrow({ where: { id: input.runId } });
        if (isTerminal(run.status)) return;
        await tx.skillRunOutput.deleteMany({ where: { runId: input.runId } });
        await tx.skillRunOutput.createMany({ data: outputs.map((o) => ({ runId: input.runId, ...o })) });
        await tx.skillRun.update({
          where: { id: input.runId },
          data: {
            status: input.end.status,
            question: null,
            completedAt: new Date(),
            error: input.end.status === 'failed' ? input.end.error : Prisma.DbNull,
          },
        });
        await appendEvent(tx, input.runId, 'status', {
          status: input.end.status,
          ...(input.end.status === 'failed' ? { error: input.end.error } : {}),
        });
        await appendEvent(tx, input.runId, 'end', { status: input.end.status });
      });
    },

    /** E-mails `notify_emails` that the run finished. */
    async notifySkillRun(runId: string): Promise<void> {
      const run = await prisma.skillRun.findUniqueOrThrow({ where: { id: runId }, include: { outputs: true } });
      if (run.notifyEmails.length === 0) return;
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

async function describeOutputs(
  dir: string,
  base = dir,
): Promise<Array<{ path: string; size: bigint; sha256: string }>> {
  const entries = await readdir(dir, { withFileTypes: true }).catch(() => []);
  const out: Array<{ path: string; size: bigint; sha256: string }> = [];
  for (const e of entries) {
    const full = path.join(dir, e.name);
    if (e.isDirectory()) out.push(...(await describeOutputs(full, base)));
    else if (e.isFile()) {
      const hash = createHash('sha256');
      for await (const chunk of createReadStream(full)) hash.update(chunk as Buffer);
      out.push({ path: path.relative(base, full), size: BigInt((await stat(full)).size), sha256: hash.digest('hex') });
    }
  }
  return out;
}

/** Provider errors as Temporal failures: 429 and 5xx retry (after Retry-After when given), other 4xx do not. */
function toFailure(error: unknown): Error {
  if (APICallError.isInstance(error)) {
    const status = error.statusCode ?? 0;
    const retryAfter = Number(error.responseHeaders?.['retry-after']);
    const detail = `The model provider answered ${status || 'with an error'}: ${error.message}`;
    if (status === 429 || status >= 500 || status === 0) {
      return ApplicationFailure.create({
        message: detail,
        type: 'MODEL_UNAVAILABLE',
        ...(Number.isFinite(retryAfter) && retryAfter > 0 ? { nextRetryDelay: retryAfter * 1000 } : {}),
      });
    }
    return ApplicationFailure.nonRetryable(detail, 'MODEL_REQUEST_REJECTED');
  }
  return error instanceof Error ? error : new Error(String(error));
}
