/**
 * Conversations in Temporal. `conversationWorkflow` (workflow id `conversation-<conversation id>`) serialises a
 * conversation's turns: each new turn arrives by the `enqueueTurn` signal (sent with signal-with-start) and runs as
 * the child `conversationTurnWorkflow` (workflow id = response id), one after another. Idle for a minute, it ends;
 * the next signal starts it again. After many turns it continues as new, so its history stays small.
 *
 * A turn is the agent loop shared with skill runs (agent-loop.ts) between `prepareTurn` and `finishTurn`; its model
 * and tool steps are the skill run's, exactly once, and also write the response's event stream. A cancel (the
 * `cancel` endpoint, or `interrupt` from a newer turn) reaches the step in flight through its heartbeat; the turn
 * then ends `cancelled` with its partial output kept.
 */
import {
  ActivityCancellationType,
  CancellationScope,
  ChildWorkflowCancellationType,
  condition,
  continueAsNew,
  defineSignal,
  executeChild,
  isCancellation,
  ParentClosePolicy,
  proxyActivities,
  setHandler,
  workflowInfo,
} from '@temporalio/workflow';
import type { ConversationTurnActivities } from './activities/conversation-turn.ts';
import type { RunEnd, SkillRunActivities } from './activities/skill-run.ts';
import { agentLoop } from './agent-loop.ts';
import { conversationIdKey, projectIdKey, workspaceIdKey } from './search-attributes.ts';
import { describe } from './skill-run.workflow.ts';

const retry = { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '30 seconds', maximumAttempts: 5 };

const { prepareTurn, finishTurn } = proxyActivities<ConversationTurnActivities>({
  startToCloseTimeout: '2 minutes',
  retry,
});
const { toolStep } = proxyActivities<SkillRunActivities>({
  startToCloseTimeout: '30 minutes',
  heartbeatTimeout: '1500 milliseconds',
  cancellationType: ActivityCancellationType.WAIT_CANCELLATION_COMPLETED,
  retry,
});
// A person watches a turn stream and may cancel it: a 3 s heartbeat timeout (the step beats every second) lets a
// cancel reach the model call within about 2.5 s, where a skill run's 10 s would take up to 8 s.
const { modelStep } = proxyActivities<SkillRunActivities>({
  startToCloseTimeout: '10 minutes',
  heartbeatTimeout: '3 seconds',
  retry: { ...retry, maximumAttempts: 8, nonRetryableErrorTypes: ['MODEL_REQUEST_REJECTED'] },
});

export const enqueueTurnSignal = defineSignal<[TurnRequest]>('enqueueTurn');

export interface TurnRequest {
  responseId: string;
  workspaceId: string;
  projectId: string | null;
}

const IDLE = '1 minute';
const TURNS_BEFORE_CONTINUE = 100;

export async function conversationWorkflow(
  { conversationId }: { conversationId: string },
  pending: TurnRequest[] = [],
): Promise<void> {
  const queue = [...pending];
  setHandler(enqueueTurnSignal, (turn) => {
    if (!queue.some((t) => t.responseId === turn.responseId)) queue.push(turn);
  });
  for (let n = 0; n < TURNS_BEFORE_CONTINUE; n++) {
    if (!(await condition(() => queue.length > 0, IDLE))) return;
    const turn = queue.shift()!;
    try {
      await executeChild(conversationTurnWorkflow, {
        workflowId: turn.responseId,
        args: [{ responseId: turn.responseId }],
        cancellationType: ChildWorkflowCancellationType.WAIT_CANCELLATION_COMPLETED,
        parentClosePolicy: ParentClosePolicy.TERMINATE,
        typedSearchAttributes: [
          { key: workspaceIdKey, value: turn.workspaceId },
          { key: conversationIdKey, value: conversationId },
          ...(turn.projectId ? [{ key: projectIdKey, value: turn.projectId }] : []),
        ],
      });
    } catch {
      // A turn that failed or was cancelled has recorded how it ended; the next one runs.
    }
  }
  await continueAsNew<typeof conversationWorkflow>({ conversationId }, queue);
}

export async function conversationTurnWorkflow({ responseId }: { responseId: string }): Promise<RunEnd['status']> {
  let end: RunEnd;
  try {
    const plan = await prepareTurn(responseId);
    if (plan === null) return 'cancelled';
    end = await CancellationScope.withTimeout(plan.maxDurationMs, () => agentLoop(plan, { modelStep, toolStep }));
  } catch (err) {
    if (isCancellation(err)) {
      end = { status: CancellationScope.current().consideredCancelled ? 'cancelled' : 'timed_out' };
    } else {
      end = { status: 'failed', error: describe(workflowInfo().workflowId, err) };
    }
  }
  await CancellationScope.nonCancellable(() => finishTurn({ responseId, end }));
  return end.status;
}
