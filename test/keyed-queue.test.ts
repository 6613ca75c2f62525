/** The in-process queue in front of a workspace's run inserts (src/lib/keyed-queue.ts). */
import { expect, it } from 'vitest';
import { keyedQueue } from '../src/lib/keyed-queue.ts';

const tick = (ms: number) => new Promise((r) => setTimeout(r, ms));

it('runs work for one key one at a time, in arrival order, and other keys alongside', async () => {
  const serialized = keyedQueue();
  const log: string[] = [];
  const job = (name: string, ms: number) => async () => {
    log.push(`start ${name}`);
    await tick(ms);
    log.push(`end ${name}`);
    return name;
  };
  const results = await Promise.all([
    serialized('a', 5000, job('a1', 30)),
    serialized('a', 5000, job('a2', 10)),
    serialized('b', 5000, job('b1', 10)),
  ]);
  expect(results).toEqual(['a1', 'a2', 'b1']);
  expect(log.indexOf('start a2')).toBeGreaterThan(log.indexOf('end a1'));
  expect(log.indexOf('start b1')).toBeLessThan(log.indexOf('end a1'));
});

it('goes on after a failure, and waits behind a stuck caller only as long as it is told', async () => {
  const serialized = keyedQueue();
  const failed = serialized('a', 5000, async () => {
    throw new Error('refused');
  });
  await expect(failed).rejects.toThrow('refused');
  await expect(serialized('a', 5000, async () => 'next')).resolves.toBe('next');

  const stuck = serialized('a', 5000, () => new Promise<never>(() => {}));
  void stuck;
  // The one before never settles: resolving at all means it went ahead.
  await expect(serialized('a', 100, async () => 'went ahead')).resolves.toBe('went ahead');
});
