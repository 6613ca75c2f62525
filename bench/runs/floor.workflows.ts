/** The floor of the runs benchmark: a workflow of four no-op activities, one after another. Bench-only. */
import { proxyActivities } from '@temporalio/workflow';

const { noop } = proxyActivities<{ noop(): Promise<void> }>({ startToCloseTimeout: '1 minute' });

export async function floorWorkflow(): Promise<void> {
  for (let i = 0; i < 4; i++) await noop();
}
