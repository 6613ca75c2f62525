/**
 * A skill run: stage context, then the agent loop (model call → tool calls → model call …) until the model stops
 * calling tools or the step limit is reached. `ask_user` parks the run in `waiting` until the `provideInput` signal
 * arrives; a waiting workflow holds no worker slot. The whole loop runs inside a timeout scope of `max_duration`;
 * a cancel request or the timeout cancels the step in flight (activities heartbeat, so they learn within ~1 s) and
 * the run is finished in a non-cancellable scope, keeping its outputs.
 *
 * History stays small: the transcript lives in PostgreSQL and activities exchange only ids, step numbers and flags.
 * A step adds a handful of small events and RUN_MAX_STEPS is capped (1000), so a run's history is bounded and the
 * workflow needs no continue-as-new.
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
  log,
  patched,
  proxyActivities,
  proxyLocalActivities,
  setHandler,
  sleep,
  upsertSearchAttributes,
} from '@temporalio/workflow';
import type { RunEnd, RunPlan, SkillRunActivities } from './activities/skill-run.ts';
import { agentLoop, type LoopPlan, type LoopSteps } from './agent-loop.ts';
import { runStatusKey } from './search-attributes.ts';

const retry = { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '30 seconds', maximumAttempts: 5 };
const bookkeepingOptions = { startToCloseTimeout: '10 minutes', retry } as const;

// Bookkeeping (start, ask, answer, finish, notify) is short and idempotent, so it runs as local activities: inside the
// workflow task that needs it, without a round trip through Temporal's task queue each. A local activity is retried
// by the worker under the same policy; if the worker dies during one, the workflow task times out and the next
// worker runs it again. Temporal records its result as a marker event instead of ActivityTask* events.
const local = proxyLocalActivities<SkillRunActivities>(bookkeepingOptions);
// Runs started before bookkeeping became local keep their remote activities, so their histories replay unchanged.
const remote = proxyActivities<SkillRunActivities>(bookkeepingOptions);

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

/** The patch marking runs whose bookkeeping runs as local activities (decided once, at the run's first task). */
export const LOCAL_BOOKKEEPING = 'local-bookkeeping-activities';

/**
 * The patch marking runs that also spare Temporal what they do not need (decided once, at the run's first task;
 * runs that have it skip the LOCAL_BOOKKEEPING check, their bookkeeping is local too): their max_duration timer is
 * left pending when they end first, instead of cancelled (one TimerCanceled event less), and they record the
 * notification step only when the run has addresses to notify (one marker and two queries less).
 */
export const LEAN_RUN = 'lean-run-history';

export interface SkillRunInput {
  runId: string;
  /**
   * The run's max_duration, given by starters since runs do their bookkeeping inline: the run is started by its
   * first model step and ended by its last (when the model calls no tool), instead of by local activities around
   * them. A run that needs no tool is then one activity and two workflow tasks. Runs started without it (before)
   * keep their path, so their histories replay unchanged; the input decides, so no patch marker is needed.
   */
  maxDurationMs?: number;
}

// A Keyword attribute: one value, the run's status.
const setStatusAttribute = (status: string) => upsertSearchAttributes([{ key: runStatusKey, value: status }]);

export async function skillRunWorkflow({ runId, maxDurationMs }: SkillRunInput): Promise<RunEnd['status']> {
  // Answers arrive by signal, possibly in the same activation that records `waiting`: consume them by position.
  const answers: string[] = [];
  let consumed = 0;
  setHandler(provideInputSignal, (answer) => {
    answers.push(answer);
  });

  const inline = maxDurationMs !== undefined;
  // Inline runs are lean too (without recording the patch).
  const lean = inline || patched(LEAN_RUN);
  const { prepareSkillRun, askUser, answerUser, finishSkillRun, notifySkillRun } =
    lean || patched(LOCAL_BOOKKEEPING) ? local : remote;
  let end: RunEnd;
  let notify = true;
  /** Set when a step found the run over or ended it: the database has the end already. */
  let ended: RunEnd['status'] | undefined;
  try {
    let plan: RunPlan;
    let steps: LoopSteps = { modelStep, toolStep };
    if (inline) {
      // Filled in by the first model step, which starts the run; nobody to notify until it says so.
      plan = { model: '', tools: [], maxSteps: 1, maxDurationMs, notify: false };
      notify = false;
      steps = {
        toolStep,
        modelStep: async (input) => {
          const result = await modelStep({ ...input, prepare: input.step === 1, finish: true });
          if (result.plan) {
            Object.assign(loopPlan, result.plan);
            notify = result.plan.notify;
          }
          ended = result.ended;
          return result;
        },
      };
    } else {
      const prepared = await prepareSkillRun(runId);
      if (prepared === null) return 'completed';
      plan = prepared;
      if (lean) notify = plan.notify;
    }
    setStatusAttribute('running');
    const loopPlan: LoopPlan = { runId, ...plan };
    const loop = () =>
      agentLoop(loopPlan, steps, {
        // ask_user parks the run in `waiting` until an answer arrives by signal.
        ask_user: async ({ step, toolCallId }) => {
          await askUser({ runId, step, toolCallId });
          setStatusAttribute('waiting');
          await condition(() => answers.length > consumed);
          await answerUser({ runId, step, toolCallId, answer: answers[consumed++]! });
          setStatusAttribute('running');
        },
      });
    end = lean
      ? await withDeadline(plan.maxDurationMs, loop)
      : await CancellationScope.withTimeout(plan.maxDurationMs, loop);
  } catch (err) {
    if (isCancellation(err)) {
      // The root scope is cancelled only by a cancel request; otherwise the timeout (or the deadline) fired.
      end = { status: CancellationScope.current().consideredCancelled ? 'cancelled' : 'timed_out' };
    } else {
      end = { status: 'failed', error: describe(runId, err) };
    }
  }
  // What the run's row says in the end: inline runs learn it from the step or the finish (the row may have been
  // ended by a step whose result the workflow never saw, e.g. when a cancel crossed it).
  let status: RunEnd['status'] = end.status;
  await CancellationScope.nonCancellable(async () => {
    if (ended) status = ended;
    else if (inline) status = await finishSkillRun({ runId, end });
    else await finishSkillRun({ runId, end });
    setStatusAttribute(status);
    if (!notify) return;
    try {
      await notifySkillRun(runId);
    } catch {
      // A notification that cannot be sent does not change how the run ended.
    }
  });
  return status;
}

/**
 * Runs `fn` in a scope cancelled after `ms`, like CancellationScope.withTimeout, except that a run ending first
 * leaves the timer pending instead of cancelling it: a workflow may complete with a timer pending, and Temporal is
 * spared a CancelTimer command and its event. The timer is cancelled with the root scope (a cancel request).
 */
function withDeadline<T>(ms: number, fn: () => Promise<T>): Promise<T> {
  const scope = new CancellationScope();
  sleep(ms).then(
    () => scope.cancel(),
    () => {
      // Cancelled with the run: nothing left to time out.
    },
  );
  return scope.run(fn);
}

/** Failures we raise on purpose keep their message; anything else is logged and shown as a generic internal error. */
const KNOWN_FAILURES: Record<string, string> = {
  MODEL_REQUEST_REJECTED: 'The model provider rejected the request',
  MODEL_UNAVAILABLE: 'The model provider kept failing',
  SKILL_DELETED: 'The skill was deleted',
  SANDBOX_UNAVAILABLE: 'No sandbox is available to run commands',
  SANDBOX_DISK_QUOTA_EXCEEDED: 'The run went over its disk budget',
};

export function describe(runId: string, err: unknown): { type: string; title: string; detail: string } {
  const cause = err instanceof ActivityFailure ? err.cause : err;
  const type = cause instanceof ApplicationFailure ? cause.type : undefined;
  if (type && type in KNOWN_FAILURES && cause instanceof Error) {
    return { type, title: KNOWN_FAILURES[type]!, detail: cause.message };
  }
  log.error('run failed with an internal error', {
    runId,
    type,
    error: cause instanceof Error ? cause.message : String(cause),
  });
  return {
    type: 'INTERNAL_ERROR',
    title: 'The run failed',
    detail: 'An internal error ended the run. The operators have the details in the worker log.',
  };
}
