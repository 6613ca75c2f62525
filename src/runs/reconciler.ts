/**
 * Periodically starts workflows of runs whose row was inserted but whose workflow start was never recorded (the API
 * process died in between). Starting is idempotent (workflow id = run id), so several API processes may all do it.
 */
import type { Deps } from '../app/types.ts';
import { startPendingWorkflows } from './runs.service.ts';

export function startRunReconciler(deps: Deps, { intervalMs = 30_000 } = {}): { stop(): void } {
  const tick = () =>
    startPendingWorkflows(deps).then(
      (started) => {
        if (started > 0) deps.logger.warn('started workflows of runs left without one', { count: started });
      },
      (err: unknown) => deps.logger.error('run reconciler failed', { error: String(err) }),
    );
  void tick();
  const timer = setInterval(tick, intervalMs);
  timer.unref();
  return { stop: () => clearInterval(timer) };
}
