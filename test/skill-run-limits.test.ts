/** Limits on starting runs: concurrent runs per workspace, the skill_runs rate limit, the workspace budget. */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { type FakeLlm, startFakeLlm } from './support/fake-llm.ts';
import { auth, createApiKey } from './support/identity.ts';
import { awaitFreshWindow } from './support/rate-window.ts';
import { runWorld, startRun, waitForStatus } from './support/runs.ts';
import { createTestApp, json, type TestApp } from './support/test-app.ts';

let llm: FakeLlm;
beforeAll(async () => {
  llm = await startFakeLlm();
});
afterAll(() => llm?.close());

const providerEnv = () => ({
  OPENAI_BASE_URL: llm.baseUrl,
  OPENAI_API_KEY: 'k',
  RATE_LIMIT_DEFAULT_PER_MINUTE: '100000',
});

it('refuses the 11th concurrent run with CONCURRENT_RUN_LIMIT_EXCEEDED', async () => {
  const t: TestApp = await createTestApp({ ...providerEnv(), RATE_LIMIT_SKILL_RUNS_PER_MINUTE: '1000' });
  try {
    const w = await runWorld(t);
    const m = `slow-${randomUUID()}`;
    llm.script(m, [{ toolCalls: [{ name: 'run_shell', arguments: { command: 'sleep 60' } }] }]);
    const ids: string[] = [];
    for (let i = 0; i < 10; i++) {
      const res = await startRun(w, { instructions: m });
      expect(res.status).toBe(202);
      ids.push((await json(res)).run_id);
    }
    const eleventh = await startRun(w, { instructions: m });
    expect(eleventh.status).toBe(429);
    expect(await json(eleventh)).toMatchObject({ type: 'CONCURRENT_RUN_LIMIT_EXCEEDED', status: 429 });
    for (const id of ids)
      await t.fetch(`/api/v1/skill-runs/${id}/cancel`, { method: 'POST', headers: auth(w.owner.session) });
    for (const id of ids) await waitForStatus(w, id, ['cancelled']);
    expect((await startRun(w, { instructions: `quick-${randomUUID()}` })).status).toBe(202);
  } finally {
    await t.close();
  }
});

it('rate-limits the 11th run creation in a minute per key and user, with a sane Retry-After', async () => {
  await awaitFreshWindow();
  const t = await createTestApp({ ...providerEnv(), MAX_CONCURRENT_RUNS: '1000' });
  try {
    const w = await runWorld(t);
    const m = `fast-${randomUUID()}`;
    llm.script(m, [{ text: 'ok' }]);
    const key = await createApiKey(t, w.owner);
    const headers = { ...auth(key), 'Content-Type': 'application/json' };
    const body = JSON.stringify({ workspace_id: w.ws, skill_id: w.skillId, instructions: m });
    const statuses: number[] = [];
    let last: Response | undefined;
    for (let i = 0; i < 11; i++) {
      last = await t.fetch('/api/v1/skill-runs', { method: 'POST', headers, body });
      statuses.push(last.status);
    }
    expect(statuses).toEqual([...Array(10).fill(202), 429]);
    expect(await json(last!)).toMatchObject({ type: 'RATE_LIMIT_EXCEEDED' });
    const retryAfter = Number(last!.headers.get('retry-after'));
    expect(retryAfter).toBeGreaterThan(0);
    expect(retryAfter).toBeLessThanOrEqual(60);
    expect(last!.headers.get('ratelimit-policy')).toBe('"skill_runs";q=10;w=60');
    // The limit is also per user: another key of the same user does not get a fresh allowance.
    const other = await createApiKey(t, w.owner);
    expect(
      (await t.fetch('/api/v1/skill-runs', { method: 'POST', headers: { ...headers, ...auth(other) }, body })).status,
    ).toBe(429);
  } finally {
    await t.close();
  }
});

it('refuses a run with 402 once the workspace budget is spent', async () => {
  const t = await createTestApp(providerEnv());
  try {
    const w = await runWorld(t);
    const m = `costly-${randomUUID()}`;
    llm.script(m, [{ text: 'expensive', inputTokens: 1_000_000, outputTokens: 0 }]);
    const patch = await t.fetch(`/api/v1/workspaces/${w.ws}`, {
      method: 'PATCH',
      headers: { ...auth(w.owner.session), 'Content-Type': 'application/json' },
      body: JSON.stringify({ budget_usd: '0.10' }),
    });
    expect((await json(patch)).budget_usd).toBe('0.10');
    const first = await json(await startRun(w, { instructions: m }));
    const run = await waitForStatus(w, first.run_id, ['completed', 'failed']);
    expect(run.cost_usd).toBe('0.150000');
    const refused = await startRun(w, { instructions: m });
    expect(refused.status).toBe(402);
    expect((await json(refused)).type).toBe('USAGE_INSUFFICIENT_CREDITS');
  } finally {
    await t.close();
  }
});
