/**
 * Health checks: PostgreSQL answers a query, Temporal answers for the namespace, and some worker polls the task
 * queue. Each check has its own short deadline so a hung dependency makes the probe say "down", not hang.
 */
import type { Health, HealthCheck } from '../../../generated/routes.ts';
import type { Deps } from '../../app/types.ts';
import { version } from '../../config.ts';
import { sandboxStatus } from '../../sandbox/bwrap.ts';

const CHECK_TIMEOUT_MS = 2000;

async function timed(check: (signal: AbortSignal) => Promise<string | undefined>): Promise<HealthCheck> {
  const started = performance.now();
  const signal = AbortSignal.timeout(CHECK_TIMEOUT_MS);
  try {
    const failure = await Promise.race([
      check(signal),
      new Promise<never>((_, reject) => signal.addEventListener('abort', () => reject(new Error('timed out')))),
    ]);
    const latency_ms = Math.round(performance.now() - started);
    return failure === undefined ? { status: 'up', latency_ms } : { status: 'down', latency_ms, detail: failure };
  } catch (err) {
    const detail = err instanceof Error ? err.message : String(err);
    return { status: 'down', latency_ms: Math.round(performance.now() - started), detail };
  }
}

export async function checkHealth({ prisma, temporal, config }: Deps): Promise<Health> {
  const [database, temporalCheck, worker] = await Promise.all([
    timed(async () => {
      await prisma.$queryRaw`SELECT 1`;
      return undefined;
    }),
    timed(async (signal) => {
      await temporal.connection.withAbortSignal(signal, () =>
        temporal.workflowService.describeNamespace({ namespace: config.TEMPORAL_NAMESPACE }),
      );
      return undefined;
    }),
    config.HEALTH_CHECK_WORKER
      ? timed(async (signal) => {
          const res = await temporal.connection.withAbortSignal(signal, () =>
            temporal.workflowService.describeTaskQueue({
              namespace: config.TEMPORAL_NAMESPACE,
              taskQueue: { name: config.TEMPORAL_TASK_QUEUE },
            }),
          );
          return (res.pollers?.length ?? 0) > 0
            ? undefined
            : `no worker polls task queue ${config.TEMPORAL_TASK_QUEUE}`;
        })
      : Promise.resolve<HealthCheck>({
          status: 'up',
          latency_ms: 0,
          detail: 'not checked (HEALTH_CHECK_WORKER=false)',
        }),
  ]);
  const sandbox = await timed(async () => {
    const status = await sandboxStatus(config.SANDBOX_BWRAP_PATH);
    return status.available ? undefined : status.why;
  });
  const checks = { database, temporal: temporalCheck, worker, sandbox };
  const ok = Object.values(checks).every((check) => check.status === 'up');
  return { status: ok ? 'ok' : 'degraded', version, checks };
}
