/** Rate limits per key and endpoint class, counted in PostgreSQL and shared by API processes. */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { connectDeps, startApiServer } from '../src/runtime.ts';
import { auth, createApiKey, signedInUser } from './support/identity.ts';
import { awaitFreshWindow } from './support/rate-window.ts';
import { createTestApp, json, type TestApp } from './support/test-app.ts';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp({ RATE_LIMIT_DEFAULT_PER_MINUTE: '5' }, { worker: false });
});
afterAll(() => t?.close());

it('answers the request over the limit with 429 and Retry-After; another key is unaffected', async () => {
  await awaitFreshWindow();
  const user = await signedInUser(t);
  const key = await createApiKey(t, user);
  const other = await createApiKey(t, user);
  const statuses: number[] = [];
  let last: Response | undefined;
  for (let i = 0; i < 6; i++) {
    last = await t.fetch('/api/v1/me', { headers: auth(key) });
    statuses.push(last.status);
    if (i < 5) {
      expect(last.headers.get('x-ratelimit-limit')).toBe('5');
      expect(last.headers.get('x-ratelimit-remaining')).toBe(String(4 - i));
      expect(last.headers.get('ratelimit-policy')).toBe('"default";q=5;w=60');
    }
  }
  expect(statuses).toEqual([200, 200, 200, 200, 200, 429]);
  const retryAfter = Number(last?.headers.get('retry-after'));
  expect(retryAfter).toBeGreaterThanOrEqual(1);
  expect(retryAfter).toBeLessThanOrEqual(60);
  expect(Number(last?.headers.get('x-ratelimit-reset'))).toBe(retryAfter);
  expect(await json(last!)).toMatchObject({ type: 'RATE_LIMIT_EXCEEDED', status: 429 });

  expect((await t.fetch('/api/v1/me', { headers: auth(other) })).status).toBe(200);
});

it('shares the count between two API processes on one database', async () => {
  await awaitFreshWindow();
  const user = await signedInUser(t);
  const key = await createApiKey(t, user);
  const secondDeps = await connectDeps(t.config, {
    databaseUrl: t.databaseUrl,
    temporalAddress: t.config.TEMPORAL_ADDRESS!,
  });
  const second = await startApiServer(secondDeps);
  try {
    const urls = [t.url, second.url];
    const statuses: number[] = [];
    for (let i = 0; i < 6; i++) {
      const res = await fetch(`${urls[i % 2]}/api/v1/me`, { headers: auth(key) });
      statuses.push(res.status);
    }
    expect(statuses).toEqual([200, 200, 200, 200, 200, 429]);
  } finally {
    await second.close();
    await secondDeps.close();
  }
});
