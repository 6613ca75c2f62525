/**
 * One model call of a run: loads the transcript from PostgreSQL, streams the model's answer, and commits the answer
 * (transcript), the tokens and cost, and the events together with the step's record. The workflow gets back only the
 * tool calls' ids and names; their inputs stay in the database.
 */
import { ApplicationFailure, Context } from '@temporalio/activity';
import { APICallError, jsonSchema, streamText, type ToolSet } from 'ai';
import { PUBLISH_ARTIFACT, publishArtifactSpec } from '../../src/artifacts/publish-tool.ts';
import { SQL_QUERY, sqlQuerySpec } from '../../src/connectors/sql-query-tool.ts';
import { REMEMBER, rememberSpec } from '../../src/memories/remember-tool.ts';
import { costOf, languageModel } from '../../src/models/models.ts';
import { commitModelEvents, liveText } from '../../src/responses/step-events.ts';
import { appendEvents } from '../../src/runs/events.ts';
import { once, type Tx } from '../../src/runs/steps.ts';
import { toolSpecs } from '../../src/runs/tools.ts';
import { appendMessages, loadTranscript } from '../../src/runs/transcript.ts';
import { SCRATCHPAD_TOOL, scratchpadToolSpec } from '../../src/scratchpads/agent-tool.ts';
import { crashPoint } from './crash-point.ts';
import type { RunDeps } from './skill-run.ts';

export interface ToolCallRequest {
  toolCallId: string;
  toolName: string;
  input: Record<string, unknown>;
}

/** What the step records: the whole answer. */
export interface ModelStepRecord {
  text: string;
  toolCalls: ToolCallRequest[];
  usage: { inputTokens: number; outputTokens: number };
}

/** What the workflow gets: enough to schedule the tool calls, nothing more. */
export interface ModelStepResult {
  toolCalls: Array<{ toolCallId: string; toolName: string }>;
}

export interface ModelStepInput {
  runId: string;
  step: number;
  model: string;
  tools: string[];
  /** A conversation turn's response: the answer also streams into its events. */
  responseId?: string;
}

export const modelStepKey = (step: number) => `model:${step}`;

/**
 * Every tool the agent may be offered: the skill tools, and `remember`, `write_scratchpad_cell`, `sql_query` and
 * `publish_artifact` in conversation turns.
 */
const agentToolSpecs: Record<string, { description: string; inputSchema: Record<string, unknown> }> = {
  ...toolSpecs,
  [REMEMBER]: rememberSpec,
  [SCRATCHPAD_TOOL]: scratchpadToolSpec,
  [SQL_QUERY]: sqlQuerySpec,
  [PUBLISH_ARTIFACT]: publishArtifactSpec,
};

export function createModelStep({ prisma, config }: RunDeps) {
  /** `transcriptRead`: receives the last sequence number of the transcript the model was given. */
  async function callModel(
    runId: string,
    model: string,
    toolNames: string[],
    onText?: (delta: string) => void,
    transcriptRead?: (lastSeq: number) => void,
  ): Promise<ModelStepRecord> {
    const ctx = Context.current();
    const { messages: transcript, lastSeq } = await loadTranscript(prisma, runId);
    transcriptRead?.(lastSeq);
    // The SDK takes the system prompt apart from the messages.
    const system = transcript.flatMap((m) => (m.role === 'system' ? [m.content] : [])).join('\n\n');
    const messages = transcript.filter((m) => m.role !== 'system');
    const tools: ToolSet = Object.fromEntries(
      toolNames.flatMap((name) => {
        const spec = agentToolSpecs[name];
        return spec ? [[name, { description: spec.description, inputSchema: jsonSchema(spec.inputSchema) }]] : [];
      }),
    );
    let text = '';
    const toolCalls: ToolCallRequest[] = [];
    let usage = { inputTokens: 0, outputTokens: 0 };
    let failure: unknown;
    const beat = setInterval(() => ctx.heartbeat(), 1000);
    // Text comes from the SDK's parts and, for OpenAI-compatible streams, straight from the stream (see models.ts),
    // all of one before any of the other, in the stream's order.
    const addText = (delta: string) => {
      text += delta;
      onText?.(delta);
    };
    const result = streamText({
      model: languageModel(config, model, addText),
      system,
      messages,
      tools,
      maxRetries: 0,
      abortSignal: ctx.cancellationSignal,
      onError: ({ error }) => {
        failure = error;
      },
    });
    try {
      for await (const part of result.fullStream) {
        if (part.type === 'text-delta') addText(part.text);
        else if (part.type === 'tool-call') {
          toolCalls.push({
            toolCallId: part.toolCallId,
            toolName: part.toolName,
            input: (part.input ?? {}) as Record<string, unknown>,
          });
        } else if (part.type === 'finish') {
          usage = { inputTokens: part.totalUsage.inputTokens ?? 0, outputTokens: part.totalUsage.outputTokens ?? 0 };
        } else if (part.type === 'error') failure = part.error;
      }
    } finally {
      clearInterval(beat);
    }
    // An aborted stream ends quietly (an `abort` part, no error): that is no answer, and nothing may be recorded.
    if (ctx.cancellationSignal.aborted)
      throw ctx.cancellationSignal.reason ?? new Error('the model step was cancelled');
    if (failure) throw toFailure(failure);
    return { text, toolCalls, usage };
  }

  /** One model call (streamed). Rate limits and server errors are retried by Temporal; other 4xx are not. */
  // `alsoCommit`: more effects for the step's transaction (a skill run's inline end).
  return async function modelStep(
    input: ModelStepInput,
    alsoCommit?: (tx: Tx, record: ModelStepRecord) => Promise<void>,
  ): Promise<ModelStepResult> {
    const { runId, step, model, responseId } = input;
    // The step appends after the transcript it read (steps of a run are sequential).
    let lastSeq: number | undefined;
    const record = await once(
      prisma,
      runId,
      modelStepKey(step),
      async () => {
        const live = responseId ? liveText(prisma, responseId) : undefined;
        try {
          const answer = await callModel(runId, model, input.tools, live?.add, (seq) => {
            lastSeq = seq;
          });
          await live?.close();
          crashPoint(config, 'model-step-called');
          return answer;
        } finally {
          live?.stop();
        }
      },
      async (tx, answer) => {
        const { text, toolCalls, usage } = answer;
        const cost = costOf(config, model, usage.inputTokens, usage.outputTokens);
        await tx.$executeRaw`
          UPDATE skill_runs SET input_tokens = input_tokens + ${usage.inputTokens},
            output_tokens = output_tokens + ${usage.outputTokens}, cost_usd = cost_usd + ${cost}::numeric,
            updated_at = now()
          WHERE id = ${runId}`;
        await appendMessages(
          tx,
          runId,
          [
            {
              role: 'assistant',
              content: [
                ...(text ? [{ type: 'text' as const, text }] : []),
                ...toolCalls.map((c) => ({ type: 'tool-call' as const, ...c })),
              ],
            },
          ],
          { after: lastSeq },
        );
        await appendEvents(tx, runId, [
          ...(text ? [{ type: 'message' as const, data: { step, text } }] : []),
          {
            type: 'usage' as const,
            data: { step, input_tokens: usage.inputTokens, output_tokens: usage.outputTokens, cost_usd: cost },
          },
          ...toolCalls.map((call) => ({
            type: 'tool_call' as const,
            data: { id: call.toolCallId, tool: call.toolName, input: call.input },
          })),
        ]);
        if (responseId) await commitModelEvents(tx, responseId, { text, toolCalls });
        await alsoCommit?.(tx, answer);
      },
    );
    crashPoint(config, 'model-step-committed');
    return { toolCalls: record.toolCalls.map(({ toolCallId, toolName }) => ({ toolCallId, toolName })) };
  };
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
