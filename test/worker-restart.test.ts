/**
 * Durability of the Temporal pipeline: a worker process killed with SIGKILL in the middle of a workflow is replaced
 * by a new process, and the workflow completes from its history without redoing finished steps.
 */
import { randomUUID } from 'node:crypto';
import os from 'node:os';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { echoWorkflow } from '../workflows/echo.workflow.ts';
import { spawnEntry } from './support/processes.ts';
import { createTestApp, type TestApp } from './support/test-app.ts';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp({}, { worker: false });
});
afterAll(() => t?.close());

it('completes a workflow after its worker is killed mid-way and a new one starts', async () => {
  const env = {
    TEMPORAL_ADDRESS: t.config.TEMPORAL_ADDRESS ?? '',
    TEMPORAL_TASK_QUEUE: t.config.TEMPORAL_TASK_QUEUE,
    DATABASE_URL: t.databaseUrl,
    LOG_LEVEL: 'info',
  };
  const first = spawnEntry('workflows/main.ts', env);
  await first.waitFor(/worker polling/);
  const firstPid = first.child.pid;

  const handle = await t.deps.temporal.workflow.start<typeof echoWorkflow>('echoWorkflow', {
    workflowId: `echo-${randomUUID()}`,
    taskQueue: t.config.TEMPORAL_TASK_QUEUE,
    args: [{ message: 'hello', steps: 3, stepDelayMs: 3000 }],
  });

  // Kill the first worker once step 1 is done and the workflow sleeps on its durable timer.
  for (let i = 0; ; i++) {
    const history = await handle.fetchHistory();
    if (history.events?.some((e) => e.activityTaskCompletedEventAttributes)) break;
    if (i > 100) throw new Error(`step 1 never completed:\n${first.output()}`);
    await new Promise((r) => setTimeout(r, 100));
  }
  await first.kill('SIGKILL');

  const second = spawnEntry('workflows/main.ts', env);
  try {
    await second.waitFor(/worker polling/);
    const replies = await handle.result();
    expect(replies).toHaveLength(3);
    // Identity = host, pid and a random suffix: unique per process even where pids and hostnames repeat.
    const identity = (pid: number | undefined) =>
      new RegExp(`from skillplane-worker@${os.hostname()}:${pid}:[0-9a-f]{8}$`);
    expect(replies[0]).toMatch(identity(firstPid));
    expect(replies[1]).toMatch(identity(second.child.pid));
    expect(replies[2]).toBe(replies[1]!.replace('#2', '#3'));
    const history = await handle.fetchHistory();
    const scheduled = history.events?.filter((e) => e.activityTaskScheduledEventAttributes).length;
    expect(scheduled).toBe(3);
  } finally {
    await second.kill('SIGTERM');
  }
});
