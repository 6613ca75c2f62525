/**
 * A skill run: stage context, then the agent loop (model call → tool calls → model call …) until the model stops
 * calling tools or the step limit is reached. `ask_user` parks the run in `waiting` until the `provideInput` signal
 * arrives; a waiting workflow holds no worker slot. The whole loop runs inside a timeout scope of `max_duration`;
 * a cancel request or the timeout cancels the step in flight (activities heartbeat, so they learn within ~1 s) and
 * the run is finished in a non-cancellable scope, keeping its outputs.
 *
 * Retry policy: model calls retry 429/5xx with exponential backoff (1 s → 30 s, 8 attempts, honouring Retry-After)
 * and never other 4xx; tool calls and bookkeeping retry infrastructure failures (5 attempts) — a tool that fails
 * (non-zero exit) is not an activity failure, its output goes back to the model.
 */
import {
  ActivityCancellationType,
  ActivityFailure,
  ApplicationFailure,
  CancellationScope,
  condition,
  defineSignal,
  isCancellation,
  proxyActivities,
  setHandler,
  upsertSearchAttributes,
} from '@temporalio/workflow';
import type { ModelMessage } from 'ai';
import type { RunEnd, SkillRunActivities } from './activities/skill-run.ts';

const retry = { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '30 seconds', maximumAttempts: 5 };

const { prepareSkillRun, setRunStatus, finishSkillRun, notifySkillRun } = proxyActivities<SkillRunActivities>({
  startToCloseTimeout: '10 minutes',
  retry,
});

// The SDK sends heartbeats at most every 0.8 × heartbeatTimeout, and a cancel only reaches an activity through a
// heartbeat: 1.5 s keeps "cancel reaches the sandbox process" well under 2 s.
// WAIT_CANCELLATION_COMPLETED: the run is marked cancelled only after the step has killed its process.
const { toolStep } = proxyActivities<SkillRunActivities>({
  startToCloseTimeout: '30 minutes',
  heartbeatTimeout: '1500 milliseconds',
  cancellationType: ActivityCancellationType.WAIT_CANCELLATION_COMPLETED,
  retry,
});

// Model calls heartbeat every second while waiting for the provider, so a dead worker is noticed within 10 s.
const { modelStep } = proxyActivities<SkillRunActivities>({
  startToCloseTimeout: '10 minutes',
  heartbeatTimeout: '10 seconds',
  retry: {
    initialInterval: '1 second',
    backoffCoefficient: 2,
    maximumInterval: '30 seconds',
    maximumAttempts: 8,
    nonRetryableErrorTypes: ['MODEL_REQUEST_REJECTED'],
  },
});

export const provideInputSignal = defineSignal<[string]>('provideInput');

export interface SkillRunInput {
  runId: string;
}

export async function skillRunWorkflow({ runId }: SkillRunInput): Promise<RunEnd['status']> {
  // Answers arrive by signal, possibly in the same activation that records `waiting`: consume them by position.
  const answers: string[] = [];
  let consumed = 0;
  setHandler(provideInputSignal, (answer) => {
    answers.push(answer);
  });

  let end: RunEnd;
  try {
    const plan = await prepareSkillRun(runId);
    if (plan === null) return 'completed';
    upsertSearchAttributes({ SkillplaneRunStatus: ['running'] });
    end = await CancellationScope.withTimeout(plan.maxDurationMs, async (): Promise<RunEnd> => {
      const messages: ModelMessage[] = [{ role: 'user', content: plan.prompt }];
      for (let step = 1; step <= plan.maxSteps; step++) {
        const reply = await modelStep({
          runId,
          step,
          model: plan.model,
          system: plan.system,
          messages,
          tools: plan.tools,
        });
        messages.push({
          role: 'assistant',
          content: [
            ...(reply.text ? [{ type: 'text' as const, text: reply.text }] : []),
            ...reply.toolCalls.map((c) => ({ type: 'tool-call' as const, ...c })),
          ],
        });
        if (reply.toolCalls.length === 0) return { status: 'completed' };
        for (const call of reply.toolCalls) {
          let output: string;
          let isError = false;
          if (call.toolName === 'ask_user') {
            const question = String(call.input.question ?? '');
            await setRunStatus({ runId, status: 'waiting', question });
            upsertSearchAttributes({ SkillplaneRunStatus: ['waiting'] });
            await condition(() => answers.length > consumed);
            output = answers[consumed++]!;
            await setRunStatus({ runId, status: 'running', question: null });
            upsertSearchAttributes({ SkillplaneRunStatus: ['running'] });
          } else if (!plan.tools.includes(call.toolName as never)) {
            output = `The tool ${call.toolName} is not allowed for this skill.`;
            isError = true;
          } else {
            ({ output, isError } = await toolStep({ runId, call }));
          }
          messages.push({
            role: 'tool',
            content: [
              {
                type: 'tool-result',
                toolCallId: call.toolCallId,
                toolName: call.toolName,
                output: isError ? { type: 'error-text', value: output } : { type: 'text', value: output },
              },
            ],
          });
        }
      }
      return {
        status: 'failed',
        error: {
          type: 'STEP_LIMIT_REACHED',
          title: 'Step limit reached',
          detail: `The agent used all ${plan.maxSteps} steps.`,
        },
      };
    });
  } catch (err) {
    if (isCancellation(err)) {
      // The root scope is cancelled only by a cancel request; otherwise the timeout scope fired.
      end = { status: CancellationScope.current().consideredCancelled ? 'cancelled' : 'timed_out' };
    } else {
      end = { status: 'failed', error: describe(err) };
    }
  }
  await CancellationScope.nonCancellable(async () => {
    await finishSkillRun({ runId, end });
    upsertSearchAttributes({ SkillplaneRunStatus: [end.status] });
    try {
      await notifySkillRun(runId);
    } catch {
      // A notification that cannot be sent does not change how the run ended.
    }
  });
  return end.status;
}

function describe(err: unknown): { type: string; title: string; detail: string } {
  const cause = err instanceof ActivityFailure ? err.cause : err;
  if (cause instanceof ApplicationFailure) {
    const type = cause.type ?? 'INTERNAL_ERROR';
    const titles: Record<string, string> = {
      MODEL_REQUEST_REJECTED: 'The model provider rejected the request',
      MODEL_UNAVAILABLE: 'The model provider kept failing',
      SKILL_DELETED: 'The skill was deleted',
      SANDBOX_UNAVAILABLE: 'No sandbox is available to run commands',
      SANDBOX_DISK_QUOTA_EXCEEDED: 'The run went over its disk budget',
    };
    return { type, title: titles[type] ?? 'The run failed', detail: cause.message };
  }
  return { type: 'INTERNAL_ERROR', title: 'The run failed', detail: err instanceof Error ? err.message : String(err) };
}
