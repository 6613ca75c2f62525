/**
 * A trivial workflow that proves the pipeline end to end: it calls the `echo` activity `steps` times, with a durable
 * timer between calls. A worker killed at any point resumes it from history on restart.
 */
import { proxyActivities, sleep } from '@temporalio/workflow';
import type { EchoActivities } from './activities/echo.ts';

const { echo } = proxyActivities<EchoActivities>({
  startToCloseTimeout: '30 seconds',
  heartbeatTimeout: '5 seconds',
  retry: { initialInterval: '200 milliseconds', maximumAttempts: 5 },
});

export interface EchoInput {
  message: string;
  steps?: number;
  stepDelayMs?: number;
}

export async function echoWorkflow({ message, steps = 1, stepDelayMs = 0 }: EchoInput): Promise<string[]> {
  const replies: string[] = [];
  for (let step = 1; step <= steps; step++) {
    if (step > 1 && stepDelayMs > 0) await sleep(stepDelayMs);
    replies.push(await echo(`${message} #${step}`));
  }
  return replies;
}
