/** The batch loader behind hot reads: one load per turn, each caller its own key, failures to every caller. */
import { expect, it } from 'vitest';
import { BatchLoader } from '../src/lib/batch-loader.ts';
import { TtlCache } from '../src/lib/ttl-cache.ts';

function recording(values: Map<string, number>) {
  const calls: string[][] = [];
  const loader = new BatchLoader<number>(
    async (keys) => {
      calls.push(keys);
      return new Map(keys.filter((k) => values.has(k)).map((k) => [k, values.get(k)!]));
    },
    { maxBatch: 3 },
  );
  return { calls, loader };
}

it('asks once per turn for each distinct key, in batches of at most maxBatch, and answers each caller', async () => {
  const { calls, loader } = recording(
    new Map([
      ['a', 1],
      ['b', 2],
      ['c', 3],
      ['d', 4],
    ]),
  );
  const got = await Promise.all(['a', 'b', 'a', 'c', 'd', 'missing'].map((k) => loader.get(k)));
  expect(got).toEqual([1, 2, 1, 3, 4, undefined]);
  expect(calls).toEqual([
    ['a', 'b', 'c'],
    ['d', 'missing'],
  ]);
});

it('starts a new load for a key asked after the previous load went out', async () => {
  const values = new Map([['a', 1]]);
  const { calls, loader } = recording(values);
  expect(await loader.get('a')).toBe(1);
  values.set('a', 2);
  expect(await loader.get('a')).toBe(2);
  expect(calls).toEqual([['a'], ['a']]);
});

it('rejects every caller of a failed load, and only those', async () => {
  let fail = true;
  const loader = new BatchLoader<number>(async (keys) => {
    if (fail) throw new Error('database gone');
    return new Map(keys.map((k) => [k, 7]));
  });
  const results = await Promise.allSettled([loader.get('a'), loader.get('b')]);
  expect(results.map((r) => r.status)).toEqual(['rejected', 'rejected']);
  fail = false;
  expect(await loader.get('a')).toBe(7);
});

it('keeps no value in a TtlCache that was cleared after the value was read', () => {
  const cache = new TtlCache<string>(60_000);
  const readAt = cache.generation;
  cache.clear(); // e.g. the revocation's notification, arriving while the read was under way
  cache.set('key', 'stale', undefined, readAt);
  expect(cache.get('key')).toBeUndefined();
  cache.set('key', 'fresh', undefined, cache.generation);
  expect(cache.get('key')).toBe('fresh');
});
