/**
 * Periodically (RUN_RECONCILE_INTERVAL_SECONDS) finishes what a request, a crashed process or Temporal left
 * half-done: starts workflows of runs whose row was inserted but whose workflow start was never recorded (the API
 * process died in between, or Temporal did not answer in time), ends rows whose workflow closed without finishing
 * them (src/runs/orphans.ts; conversation turns: src/responses/orphans.ts), and (every 30 s) repairs schedules whose row and Temporal Schedule disagree. All are idempotent
 * (workflow id = run id, conditional row updates, schedule id = row id), so several API processes may all do it.
 * A tick runs under the Temporal deadline like a request, and ticks never overlap, so an outage cannot pile up hung
 * ticks.
 */
import type { Deps } from '../app/types.ts';
import { finishOrphanedTurns } from '../responses/orphans.ts';
import { reconcileSchedules } from '../schedules/schedules.service.ts';
import { finishOrphanedRuns } from './orphans.ts';
import { startPendingWorkflows } from './runs.service.ts';

/** Leave rows a request is still working on alone: it has this long to finish them itself. */
const GRACE_MS = 5000;
/** Schedule repair lists every Temporal Schedule, so it runs less often than the run checks. */
const SCHEDULE_REPAIR_MS = 30_000;

export function startRunReconciler(
  deps: Deps,
  { intervalMs = deps.config.RUN_RECONCILE_INTERVAL_SECONDS * 1000 } = {},
): { stop(): void } {
  let running = false;
  let schedulesRepairedAt = 0;
  const repair = async () => {
    const started = await startPendingWorkflows(deps, { olderThanMs: GRACE_MS });
    if (started > 0) deps.logger.warn('started workflows of runs left without one', { count: started });
    // Half the tick for describing runs, so a busy Temporal delays the rest to the next tick instead of failing this
    // one; a run found open is checked again after six ticks (30 s by default), not on every tick of a long backlog.
    const quietForMs = Math.max(intervalMs, 2000);
    await finishOrphanedRuns(deps, {
      quietForMs,
      recheckAfterMs: Math.max(quietForMs, 6 * intervalMs),
      budgetMs: intervalMs / 2,
    });
    await finishOrphanedTurns(deps, { quietForMs: Math.max(intervalMs, 2000) });
    if (Date.now() - schedulesRepairedAt >= SCHEDULE_REPAIR_MS) {
      await reconcileSchedules(deps, { olderThanMs: GRACE_MS });
      schedulesRepairedAt = Date.now();
    }
  };
  const tick = async () => {
    if (running) return;
    running = true;
    try {
      const deadline = Date.now() + Math.max(deps.config.TEMPORAL_RPC_TIMEOUT_MS, intervalMs);
      await deps.temporal.connection.withDeadline(deadline, repair);
    } catch (err) {
      const cause = err instanceof Error && err.cause ? `: ${String(err.cause)}` : '';
      deps.logger.error('reconciler failed', { error: `${String(err)}${cause}` });
    } finally {
      running = false;
    }
  };
  void tick();
  const timer = setInterval(tick, intervalMs);
  timer.unref();
  return { stop: () => clearInterval(timer) };
}
