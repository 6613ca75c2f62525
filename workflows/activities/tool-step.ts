/**
 * One tool call of a run: finds the call's input in the recorded model step, runs it in the sandbox (heartbeating so
 * a cancel reaches it), streams its output into the console, and commits the result to the transcript, cut to
 * TOOL_RESULT_MAX_BYTES for the model, with the step's record. The workflow learns only whether it failed.
 */
import { ApplicationFailure, Context } from '@temporalio/activity';
import {
  commitArtifact,
  type PendingArtifact,
  PUBLISH_ARTIFACT,
  prepareArtifact,
} from '../../src/artifacts/publish-tool.ts';
import { runSqlQuery, SQL_QUERY } from '../../src/connectors/sql-query-tool.ts';
import { type PendingMemory, REMEMBER, rememberOutcome, saveMemory } from '../../src/memories/remember-tool.ts';
import { commitToolResultEvents } from '../../src/responses/step-events.ts';
import { appendEvent } from '../../src/runs/events.ts';
import { pgText, truncateUtf8 } from '../../src/runs/pg-text.ts';
import { readySandbox, saveSandboxOutputs } from '../../src/runs/run-sandbox.ts';
import { once, recordedStep, type Tx } from '../../src/runs/steps.ts';
import {
  DiskQuotaExceededError,
  executeTool,
  SandboxUnavailableError,
  type ToolOutcome,
} from '../../src/runs/tools.ts';
import { appendMessages } from '../../src/runs/transcript.ts';
import { sandboxLimits, sandboxStatus } from '../../src/sandbox/bwrap.ts';
import type { Sandbox } from '../../src/sandbox/sandbox.ts';
import { SCRATCHPAD_TOOL, scratchpadTool } from '../../src/scratchpads/agent-tool.ts';
import { crashPoint } from './crash-point.ts';
import { type ModelStepRecord, modelStepKey, type ToolCallRequest } from './model-step.ts';
import type { RunDeps } from './skill-run.ts';

const MAX_CONSOLE = 256 * 1024;

export interface ToolStepInput {
  runId: string;
  step: number;
  toolCallId: string;
  /** False when the skill does not allow the tool: the model is told so instead. */
  allowed: boolean;
  /** A conversation turn's response: the result also goes into its events. */
  responseId?: string;
}

export interface ToolStepResult {
  isError: boolean;
}

/** The tool call `toolCallId` of model step `step`, as the model made it. */
export async function findToolCall(
  prisma: RunDeps['prisma'] | Tx,
  runId: string,
  step: number,
  toolCallId: string,
): Promise<ToolCallRequest> {
  const record = await recordedStep<ModelStepRecord>(prisma, runId, modelStepKey(step));
  const call = record?.toolCalls.find((c) => c.toolCallId === toolCallId);
  if (!call) throw new Error(`run ${runId} has no tool call ${toolCallId} in step ${step}`);
  return call;
}

/** Appends a tool result to the transcript (cut for the model) and to the event log. */
export async function recordToolResult(
  tx: Tx,
  runId: string,
  call: ToolCallRequest,
  outcome: ToolOutcome,
  maxBytes: number,
  responseId?: string,
): Promise<void> {
  const cut = truncateUtf8(outcome.output, maxBytes);
  const value = cut.truncated
    ? `${cut.text}\n\n[Output truncated: the first ${maxBytes} of ${cut.bytes} bytes are shown. ` +
      'Read smaller parts (e.g. with a command such as head, tail or grep) to see more.]'
    : cut.text;
  if (responseId) await commitToolResultEvents(tx, responseId, call.toolCallId, value);
  await appendMessages(tx, runId, [
    {
      role: 'tool',
      content: [
        {
          type: 'tool-result',
          toolCallId: call.toolCallId,
          toolName: call.toolName,
          output: outcome.isError ? { type: 'error-text', value } : { type: 'text', value },
        },
      ],
    },
  ]);
  await appendEvent(tx, runId, 'tool_result', {
    id: call.toolCallId,
    tool: call.toolName,
    is_error: outcome.isError,
    output: value,
    bytes: cut.bytes,
    truncated: cut.truncated,
  });
}

export function createToolStep(deps: RunDeps) {
  const { prisma, config } = deps;
  async function run(runId: string, call: ToolCallRequest, box: Sandbox): Promise<ToolOutcome> {
    const ctx = Context.current();
    const beat = setInterval(() => ctx.heartbeat(), 300);
    let pending = '';
    // Output reaches the run's console_output and its event stream while the command runs.
    const flush = async () => {
      if (!pending) return;
      const chunk = pgText(pending);
      pending = '';
      await prisma.$transaction(async (tx) => {
        await tx.$executeRaw`
          UPDATE skill_runs SET console_output = right(console_output || ${chunk}, ${MAX_CONSOLE}),
            updated_at = now() WHERE id = ${runId}`;
        await appendEvent(tx, runId, 'console', { text: chunk });
      });
    };
    const flusher = setInterval(() => void flush().catch(() => {}), 250);
    try {
      const status = await sandboxStatus(config.SANDBOX_BWRAP_PATH);
      const outcome = await executeTool(call.toolName, call.input, {
        box,
        callId: call.toolCallId,
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
        return { output: `Tool error: ${hidePaths(err, box)}`, isError: true };
      });
      clearInterval(flusher);
      await flush();
      if (ctx.cancellationSignal.aborted) throw ctx.cancellationSignal.reason ?? new Error('cancelled');
      return outcome;
    } finally {
      clearInterval(beat);
      clearInterval(flusher);
    }
  }

  /** Runs one tool call in the sandbox and kills its process if cancelled. */
  return async function toolStep(input: ToolStepInput): Promise<ToolStepResult> {
    const { runId, step, toolCallId, allowed, responseId } = input;
    const call = await findToolCall(prisma, runId, step, toolCallId);
    let outcome: ToolOutcome | undefined;
    let memory: PendingMemory | undefined;
    let artifact: PendingArtifact | undefined;
    let replaced: string[] = [];
    const record = await once(
      prisma,
      runId,
      `tool:${toolCallId}`,
      async () => {
        if (!allowed) outcome = { output: `The tool ${call.toolName} is not allowed here.`, isError: true };
        else if (call.toolName === REMEMBER) ({ outcome, memory } = rememberOutcome(call.input));
        // Read-only, so a step repeated after a crash repeats nothing that matters.
        else if (call.toolName === SQL_QUERY) outcome = await runSqlQuery(deps, runId, call.input);
        else if (call.toolName === PUBLISH_ARTIFACT) {
          const runRow = await prisma.skillRun.findUniqueOrThrow({ where: { id: runId } });
          const { box } = await readySandbox(deps, runRow);
          ({ outcome, pending: artifact } = await prepareArtifact(deps, runId, box, call.input));
          if (artifact) crashPoint(config, 'artifact-prepared');
        } else if (call.toolName === SCRATCHPAD_TOOL) {
          const ctx = Context.current();
          const beat = setInterval(() => ctx.heartbeat(), 300);
          outcome = await scratchpadTool(deps, runId, call, ctx.cancellationSignal).finally(() => clearInterval(beat));
          if (ctx.cancellationSignal.aborted) throw ctx.cancellationSignal.reason ?? new Error('cancelled');
          crashPoint(config, 'scratchpad-tool-done');
        } else {
          const runRow = await prisma.skillRun.findUniqueOrThrow({ where: { id: runId } });
          const { box } = await readySandbox(deps, runRow);
          outcome = await run(runId, call, box);
          // Outputs go to storage before the step is recorded: a retried step finds them saved and uploads nothing.
          await saveSandboxOutputs(deps, runRow, box);
        }
        return { isError: outcome.isError, bytes: Buffer.byteLength(outcome.output) };
      },
      async (tx, result) => {
        if (memory) await saveMemory(tx, runId, memory);
        if (artifact) ({ outcome, replaced } = await commitArtifact(tx, artifact));
        await recordToolResult(
          tx,
          runId,
          call,
          outcome ?? { output: '', isError: result.isError },
          config.TOOL_RESULT_MAX_BYTES,
          responseId,
        );
      },
    ).catch(async (err: unknown) => {
      // The step did not commit: the blobs prepared for the artifact belong to nothing (a retry writes its own).
      if (artifact)
        await deps.storage.remove(
          artifact.workspaceId,
          artifact.files.map((f) => f.blob.key),
        );
      throw err;
    });
    if (artifact) crashPoint(config, 'artifact-committed');
    // Once committed, the replaced files' blobs are no one's (a crash here leaves them unreferenced in storage).
    if (artifact && replaced.length > 0) await deps.storage.remove(artifact.workspaceId, replaced);
    return { isError: record.isError };
  };
}

/** An error message without the server's directory layout: sandbox paths are shown relative to the sandbox. */
function hidePaths(err: unknown, box: Sandbox): string {
  const message = err instanceof Error ? err.message : String(err);
  return message.replaceAll(`${box.root}/`, '').replaceAll(box.root, '.');
}
