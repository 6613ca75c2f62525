/**
 * One run of a scratchpad cell: mark it running, execute its code in the sandbox, end it `success` or `error`.
 * The input is the cell id and the run's number; code and outputs stay in PostgreSQL, so the history is a few small
 * events. A cancel request reaches the executing step through its heartbeat (within ~4 s) and kills the sandbox
 * process; the cell is then ended in a non-cancellable scope, so it never stays `running`.
 *
 * Retry policy: the execution is retried once if its worker dies (its heartbeat stops for 5 s), running the code
 * again from the start on another worker; a second loss ends the cell `error`. Bookkeeping steps retry 5 times.
 */
import {
  ActivityCancellationType,
  ActivityFailure,
  ApplicationFailure,
  CancellationScope,
  isCancellation,
  log,
  proxyActivities,
  proxyLocalActivities,
  TimeoutFailure,
} from '@temporalio/workflow';
import type { CellEnd, ScratchpadCellActivities } from './activities/scratchpad-cell.ts';

export interface ScratchpadCellInput {
  cellId: string;
  execution: number;
}

const retry = { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '30 seconds', maximumAttempts: 5 };
const { beginCellRun, finishCellRun } = proxyLocalActivities<ScratchpadCellActivities>({
  startToCloseTimeout: '1 minute',
  retry,
});
// A cell's own timeout is at most an hour (TimeoutSeconds in the document); the step's limit leaves room to collect.
const { executeCell } = proxyActivities<ScratchpadCellActivities>({
  startToCloseTimeout: '65 minutes',
  // Short enough to notice a dead worker (and to deliver a cancel: the SDK heartbeats every 0.8 × this) within
  // seconds, long enough that a live worker on a loaded machine is not taken for dead and its code run twice.
  heartbeatTimeout: '5 seconds',
  cancellationType: ActivityCancellationType.WAIT_CANCELLATION_COMPLETED,
  retry: { initialInterval: '1 second', maximumAttempts: 2, nonRetryableErrorTypes: ['SANDBOX_UNAVAILABLE'] },
});

export async function scratchpadCellWorkflow(input: ScratchpadCellInput): Promise<CellEnd['status'] | 'not_started'> {
  let end: CellEnd;
  try {
    // Inside the try: a cancel that arrives while the cell is still pending ends it too.
    if (!(await beginCellRun(input))) return 'not_started';
    end = await executeCell(input);
  } catch (err) {
    end = isCancellation(err)
      ? { status: 'error', error: 'Cancelled' }
      : { status: 'error', error: describe(input, err) };
  }
  await CancellationScope.nonCancellable(() => finishCellRun({ ...input, end }));
  return end.status;
}

function describe(input: ScratchpadCellInput, err: unknown): string {
  const cause = err instanceof ActivityFailure ? err.cause : err;
  if (cause instanceof ApplicationFailure && cause.type === 'SANDBOX_UNAVAILABLE') return cause.message;
  if (cause instanceof TimeoutFailure) return 'The worker running the cell stopped, twice; run it again';
  log.error('cell run failed with an internal error', {
    cellId: input.cellId,
    error: cause instanceof Error ? cause.message : String(cause),
  });
  return 'An internal error ended the run';
}
