/**
 * Tenant isolation, as an attacker with an ordinary account would probe it: secrets replayed through Idempotency-Key,
 * unpriced models under a budget, many keys against the run rate limit, and password guessing from many addresses.
 */
import { randomUUID } from 'node:crypto';
import http from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildConfig } from '../src/config.ts';
import { connectDeps, startApiServer } from '../src/runtime.ts';
import { assertMatchesContract } from './support/contract.ts';
import type { FakeLlm } from './support/fake-llm.ts';
import { addMember, auth, createApiKey, jsonBody, signedInUser } from './support/identity.ts';
import { type RunWorld, runWorld, startRun, waitForStatus } from './support/runs.ts';
import { createTestApp, json, type TestApp } from './support/test-app.ts';
import { createTestAppWithModel } from './support/test-app-with-model.ts';

let llm: FakeLlm;
let t: TestApp;
beforeAll(async () => {
  ({ t, llm } = await createTestAppWithModel({
    OPENAI_API_KEY: 'k',
    MAX_CONCURRENT_RUNS: '1000',
    RATE_LIMIT_DEFAULT_PER_MINUTE: '100000',
    RATE_LIMIT_SCHEDULES_PER_MINUTE: '100000',
  }));
});
afterAll(async () => {
  await t?.close();
});

/** Every stored row of a table as text, to search for a secret anywhere in it. */
async function tableText(table: 'idempotency_keys' | 'api_keys' | 'sessions'): Promise<string> {
  const rows = await t.deps.prisma.$queryRawUnsafe<Array<{ row: string }>>(
    `SELECT row_to_json(x)::text AS row FROM ${table} x`,
  );
  return rows.map((r) => r.row).join('\n');
}

describe('secrets are shown once', () => {
  it('never replays a created API key and never stores it', async () => {
    const user = await signedInUser(t);
    const idem = randomUUID();
    const create = () =>
      t.fetch('/api/v1/api-keys', jsonBody({ name: 'CI' }, { ...auth(user.session), 'Idempotency-Key': idem }));
    const first = await create();
    expect(first.status).toBe(201);
    const created = await json(first);
    expect(created.key).toMatch(/^spk_live_/);

    const replay = await create();
    expect(replay.status).toBe(409);
    const replayText = await replay.text();
    expect(replayText).not.toContain(created.key);
    expect(replayText).not.toContain('spk_live_');
    const problem = JSON.parse(replayText);
    expect(problem.type).toBe('IDEMPOTENCY_SECRET_NOT_REPLAYABLE');
    expect(problem.detail).toContain(created.id);

    // The stored response keeps the metadata without the secret; no table holds the plaintext key.
    const stored = await t.deps.prisma.idempotencyKey.findMany({ where: { key: idem } });
    expect(stored).toHaveLength(1);
    expect(stored[0]!.redactedFields).toEqual(['key']);
    expect(JSON.parse(stored[0]!.responseBody!)).toMatchObject({ id: created.id, prefix: created.prefix });
    expect(JSON.parse(stored[0]!.responseBody!)).not.toHaveProperty('key');
    for (const table of ['idempotency_keys', 'api_keys', 'sessions'] as const) {
      expect(await tableText(table)).not.toContain(created.key);
    }
    expect(await tableText('sessions')).not.toContain(user.session);

    // One key was created, and it works.
    const list = await json(await t.fetch('/api/v1/api-keys', { headers: auth(user.session) }));
    expect(list.data.map((k: { id: string }) => k.id)).toEqual([created.id]);
    expect((await t.fetch('/api/v1/me', { headers: auth(created.key) })).status).toBe(200);

    // The same Idempotency-Key with another body is still refused as reuse.
    const other = await t.fetch(
      '/api/v1/api-keys',
      jsonBody({ name: 'other' }, { ...auth(user.session), 'Idempotency-Key': idem }),
    );
    expect((await json(other)).type).toBe('IDEMPOTENCY_KEY_REUSED');
  });

  it('shows the secret to exactly one of many parallel duplicates', async () => {
    const user = await signedInUser(t);
    const idem = randomUUID();
    const responses = await Promise.all(
      Array.from({ length: 8 }, () =>
        t.fetch('/api/v1/api-keys', jsonBody({ name: 'race' }, { ...auth(user.session), 'Idempotency-Key': idem })),
      ),
    );
    const bodies = await Promise.all(responses.map((r) => r.text()));
    const withSecret = bodies.filter((b) => b.includes('spk_live_'));
    expect(withSecret).toHaveLength(1);
    expect(responses.filter((r) => r.status === 201)).toHaveLength(1);
    for (const r of responses.filter((r) => r.status !== 201)) expect(r.status).toBe(409);
    expect(await tableText('idempotency_keys')).not.toContain(JSON.parse(withSecret[0]!).key);
  });

  it('replays ordinary responses as before (no secret fields)', async () => {
    const user = await signedInUser(t);
    const idem = randomUUID();
    const create = () =>
      t.fetch(
        '/api/v1/workspaces',
        jsonBody({ name: 'Replayable' }, { ...auth(user.session), 'Idempotency-Key': idem }),
      );
    const first = await json(await create());
    const again = await create();
    expect(again.status).toBe(201);
    expect(again.headers.get('idempotent-replayed')).toBe('true');
    expect((await json(again)).id).toBe(first.id);
  });
});

describe('money and limits', () => {
  async function setBudget(w: RunWorld, budget: string | null) {
    const res = await t.fetch(`/api/v1/workspaces/${w.ws}`, {
      method: 'PATCH',
      headers: { ...auth(w.owner.session), 'Content-Type': 'application/json' },
      body: JSON.stringify({ budget_usd: budget }),
    });
    expect(res.status).toBe(200);
  }

  it('refuses a model without a price in a workspace with a budget, and runs it without one', async () => {
    const w = await runWorld(t);
    const m = `unpriced-${randomUUID()}`;
    llm.script(m, [{ text: 'done', inputTokens: 1_000_000, outputTokens: 1_000_000 }]);
    await setBudget(w, '1.00');
    for (const model of ['openai:no-such-price', `openai:${'x'.repeat(190)}`, 'anthropic:unpriced']) {
      const refused = await startRun(w, { instructions: m, model });
      // anthropic is not configured here: the provider problem is reported first, still naming body.model.
      expect(refused.status).toBe(400);
      const problem = await json(refused);
      expect(['MODEL_PRICE_UNKNOWN', 'MODEL_PROVIDER_NOT_CONFIGURED']).toContain(problem.type);
      expect(problem.errors[0].field).toBe('body.model');
    }
    expect((await json(await startRun(w, { instructions: m, model: 'openai:no-such-price' }))).type).toBe(
      'MODEL_PRICE_UNKNOWN',
    );
    // A priced model runs under the same budget.
    const priced = `priced-${randomUUID()}`;
    llm.script(priced, [{ text: 'ok' }]);
    expect((await startRun(w, { instructions: priced, model: 'openai:gpt-4o-mini' })).status).toBe(202);

    await setBudget(w, null);
    const accepted = await startRun(w, { instructions: m, model: 'openai:no-such-price' });
    expect(accepted.status).toBe(202);
    const run = await waitForStatus(w, (await json(accepted)).run_id, ['completed', 'failed']);
    expect(run.status).toBe('completed');
    expect(run.cost_usd).toBe('0.000000');
  });

  it('prices unknown models with MODEL_DEFAULT_PRICE when the operator sets one', async () => {
    expect(() => buildConfig({ MODEL_DEFAULT_PRICE: '{"input":-1}' })).toThrow();
    const priced = await createTestApp({
      OPENAI_BASE_URL: llm.baseUrl,
      OPENAI_API_KEY: 'k',
      MODEL_DEFAULT_PRICE: '{"input": 1, "output": 3}',
    });
    try {
      const w = await runWorld(priced);
      const m = `default-price-${randomUUID()}`;
      llm.script(m, [{ text: 'done', inputTokens: 1_000_000, outputTokens: 1_000_000 }]);
      const res = await priced.fetch(`/api/v1/workspaces/${w.ws}`, {
        method: 'PATCH',
        headers: { ...auth(w.owner.session), 'Content-Type': 'application/json' },
        body: JSON.stringify({ budget_usd: '100.00' }),
      });
      expect(res.status).toBe(200);
      const accepted = await startRun(w, { instructions: m, model: 'openai:no-such-price' });
      expect(accepted.status).toBe(202);
      const run = await waitForStatus(w, (await json(accepted)).run_id, ['completed', 'failed']);
      expect(run.cost_usd).toBe('4.000000');
    } finally {
      await priced.close();
    }
  });

  it('refuses schedules whose runs would use an unpriced model under a budget', async () => {
    const w = await runWorld(t);
    await setBudget(w, '1.00');
    const schedule = (body: Record<string, unknown>) =>
      t.fetch(
        '/api/v1/schedules',
        jsonBody(
          { workspace_id: w.ws, name: 'nightly', skill_id: w.skillId, cron_expression: '0 3 * * *', ...body },
          auth(w.owner.session),
        ),
      );
    const refused = await schedule({ model: 'openai:no-such-price' });
    expect(refused.status).toBe(400);
    expect(await json(refused)).toMatchObject({
      type: 'MODEL_PRICE_UNKNOWN',
      errors: [{ field: 'body.model', code: 'MODEL_PRICE_UNKNOWN' }],
    });
    const ok = await schedule({});
    expect(ok.status).toBe(201);
    const id = (await json(ok)).id;
    const patched = await t.fetch(`/api/v1/schedules/${id}`, {
      method: 'PATCH',
      headers: { ...auth(w.owner.session), 'Content-Type': 'application/json' },
      body: JSON.stringify({ model: 'openai:no-such-price' }),
    });
    expect(patched.status).toBe(400);
    expect((await json(patched)).errors[0].field).toBe('body.model');
    await t.fetch(`/api/v1/schedules/${id}`, { method: 'DELETE', headers: auth(w.owner.session) });
  });

  it('caps active API keys per user, also against parallel creation', async () => {
    const user = await signedInUser(t);
    for (let i = 0; i < 20; i++) await createApiKey(t, user, { name: `k${i}` });
    const burst = await Promise.all(
      Array.from({ length: 10 }, () => t.fetch('/api/v1/api-keys', jsonBody({}, auth(user.session)))),
    );
    expect(burst.filter((r) => r.status === 201)).toHaveLength(5);
    const refused = burst.filter((r) => r.status !== 201);
    expect(refused.map((r) => r.status)).toEqual(Array(5).fill(409));
    expect((await json(refused[0]!)).type).toBe('API_KEY_LIMIT_REACHED');
    const keys = await t.deps.prisma.apiKey.findMany({ where: { userId: user.id } });
    expect(keys).toHaveLength(25);
    // Revoking one frees a slot.
    expect(
      (await t.fetch(`/api/v1/api-keys/${keys[0]!.id}`, { method: 'DELETE', headers: auth(user.session) })).status,
    ).toBe(204);
    expect((await t.fetch('/api/v1/api-keys', jsonBody({}, auth(user.session)))).status).toBe(201);
  });

  it('holds the per-minute run limit per user however many keys they mint', async () => {
    const w = await runWorld(t);
    const m = `many-keys-${randomUUID()}`;
    llm.script(m, [{ text: 'ok' }]);
    const keys: string[] = [];
    for (let i = 0; i < 20; i++) keys.push(await createApiKey(t, w.owner, { name: `k${i}` }));
    // Counts are per fixed minute: start well inside one so all 21 requests fall in the same window.
    if (new Date().getSeconds() > 40) await new Promise((r) => setTimeout(r, (61 - new Date().getSeconds()) * 1000));
    const body = JSON.stringify({ workspace_id: w.ws, skill_id: w.skillId, instructions: m });
    const statuses: number[] = [];
    for (const key of keys) {
      const res = await t.fetch('/api/v1/skill-runs', {
        method: 'POST',
        headers: { ...auth(key), 'Content-Type': 'application/json' },
        body,
      });
      statuses.push(res.status);
      if (res.status === 429) expect((await json(res)).type).toBe('RATE_LIMIT_EXCEEDED');
    }
    expect(statuses).toEqual([...Array(10).fill(202), ...Array(10).fill(429)]);
    // The user's session counts against the same limit; another member of the workspace has their own.
    expect((await startRun(w, { instructions: m })).status).toBe(429);
    const colleague = await signedInUser(t);
    await addMember(t, w.owner, w.ws, colleague, 'member');
    const theirs = await t.fetch('/api/v1/skill-runs', jsonBody(JSON.parse(body), auth(colleague.session)));
    expect(theirs.status).toBe(202);
  });
});

/** A sign-in sent from a chosen loopback address: the app sees the socket's peer, not X-Forwarded-For. */
async function signInFrom(url: string, localAddress: string, email: string, password: string) {
  const target = new URL('/api/v1/auth/sessions', url);
  const payload = JSON.stringify({ email, password });
  const { status, headers, body } = await new Promise<{ status: number; headers: Headers; body: string }>(
    (resolve, reject) => {
      const req = http.request(
        target,
        {
          method: 'POST',
          localAddress,
          headers: { 'content-type': 'application/json', 'x-forwarded-for': '10.9.9.9' },
        },
        (res) => {
          let text = '';
          res.setEncoding('utf8');
          res.on('data', (c) => {
            text += c;
          });
          res.on('end', () => {
            const h = new Headers();
            for (const [k, v] of Object.entries(res.headers)) if (typeof v === 'string') h.set(k, v);
            resolve({ status: res.statusCode ?? 0, headers: h, body: text });
          });
        },
      );
      req.on('error', reject);
      req.end(payload);
    },
  );
  const res = new Response(body, { status, headers });
  await assertMatchesContract('POST', target, res);
  return { status, retryAfter: headers.get('retry-after'), body: JSON.parse(body) };
}

describe('sign-in lockout per account', () => {
  let address = 1;
  /** A new loopback address per attempt, so the per-address rate limit never plays a part. */
  const nextAddress = () => `127.0.${Math.floor(++address / 250) + 1}.${(address % 250) + 2}`;

  it('locks an account after 5 failures from different addresses and API processes, growing exponentially', async () => {
    const user = await signedInUser(t);
    const second = await connectDeps(t.config, {
      databaseUrl: t.databaseUrl,
      temporalAddress: t.config.TEMPORAL_ADDRESS!,
    });
    const server = await startApiServer(second);
    try {
      const urls = [t.url, server.url];
      const statuses: number[] = [];
      for (let i = 0; i < 5; i++) {
        statuses.push((await signInFrom(urls[i % 2]!, nextAddress(), user.email, `wrong ${i}`)).status);
      }
      expect(statuses).toEqual(Array(5).fill(401));
      // Locked: even the right password from a fresh address on the other process is refused.
      const locked = await signInFrom(urls[1]!, nextAddress(), user.email.toUpperCase(), user.password);
      expect(locked.status).toBe(429);
      expect(locked.body.type).toBe('RATE_LIMIT_EXCEEDED');
      const first = Number(locked.retryAfter);
      expect(first).toBeGreaterThan(0);
      expect(first).toBeLessThanOrEqual(30);

      // The lock runs out (moved into the past here), one more failure locks for twice as long.
      await t.deps.prisma.signInThrottle.updateMany({ data: { lockedUntil: new Date(Date.now() - 1000) } });
      expect((await signInFrom(urls[0]!, nextAddress(), user.email, 'wrong again')).status).toBe(401);
      const longer = await signInFrom(urls[0]!, nextAddress(), user.email, user.password);
      expect(longer.status).toBe(429);
      expect(Number(longer.retryAfter)).toBeGreaterThan(30);
      expect(Number(longer.retryAfter)).toBeLessThanOrEqual(60);

      // After the lock, the right password signs in and resets the count.
      await t.deps.prisma.signInThrottle.updateMany({ data: { lockedUntil: new Date(Date.now() - 1000) } });
      expect((await signInFrom(urls[1]!, nextAddress(), user.email, user.password)).status).toBe(201);
      for (let i = 0; i < 4; i++) {
        expect((await signInFrom(urls[0]!, nextAddress(), user.email, 'typo')).status).toBe(401);
      }
      expect((await signInFrom(urls[0]!, nextAddress(), user.email, user.password)).status).toBe(201);
    } finally {
      await server.close();
      await second.close();
    }
  });

  it('answers an unknown e-mail exactly like a known one, and stores no e-mail', async () => {
    const ghost = `nobody-${randomUUID()}@example.com`;
    const user = await signedInUser(t);
    const trace = async (email: string) => {
      const out: Array<[number, string]> = [];
      for (let i = 0; i < 6; i++) {
        const r = await signInFrom(t.url, nextAddress(), email, 'wrong');
        out.push([r.status, r.body.type]);
      }
      return out;
    };
    const known = await trace(user.email);
    expect(await trace(ghost)).toEqual(known);
    expect(known.at(-1)).toEqual([429, 'RATE_LIMIT_EXCEEDED']);
    const rows = await t.deps.prisma.$queryRaw<Array<{ row: string }>>`
      SELECT row_to_json(x)::text AS row FROM sign_in_throttles x`;
    const text = rows.map((r) => r.row).join('\n');
    expect(text).not.toContain(ghost);
    expect(text).not.toContain(user.email);
  });

  it('survives hostile sign-in bodies without a 500', async () => {
    for (const body of [
      { email: 'x'.repeat(5000), password: 'p' },
      { email: "' OR 1=1 --@example.com", password: 'p' },
      { email: 'a@b.c', password: 'x'.repeat(100_000) },
    ]) {
      const res = await t.fetch('/api/v1/auth/sessions', jsonBody(body));
      expect(res.status).toBeLessThan(500);
    }
  });
});
