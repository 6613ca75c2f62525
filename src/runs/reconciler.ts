/**
 * Keeps run rows and workflows in step, every RUN_RECONCILE_INTERVAL_SECONDS: starts workflows of runs whose row was
 * inserted but whose start was never recorded (the API process died in between; starting is idempotent because
 * workflow id = run id), and ends rows whose workflow closed without finishing them (src/runs/orphans.ts). Several
 * API processes may all do it: both halves are idempotent.
 */
import type { Deps } from '../app/types.ts';
import { finishOrphanedRuns } from './orphans.ts';
import { startPendingWorkflows } from './runs.service.ts';

export function startRunReconciler(
  deps: Deps,
  { intervalMs = deps.config.RUN_RECONCILE_INTERVAL_SECONDS * 1000 } = {},
): { stop(): void } {
  let running = false;
  const tick = async () => {
    if (running) return;
    running = true;
    try {
      const started = await startPendingWorkflows(deps);
      if (started > 0) deps.logger.warn('started workflows of runs left without one', { count: started });
      await finishOrphanedRuns(deps, { quietForMs: Math.max(intervalMs, 2000) });
    } catch (err) {
      deps.logger.error('run reconciler failed', { error: String(err) });
    } finally {
      running = false;
    }
  };
  void tick();
  const timer = setInterval(tick, intervalMs);
  timer.unref();
  return { stop: () => clearInterval(timer) };
}
