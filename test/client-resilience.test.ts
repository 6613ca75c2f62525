/**
 * The client's retries, idempotency keys, timeouts and stream resumption, through a real proxy in front of the real
 * server that fails on purpose (test/support/flaky-proxy.ts): a create retried after an error or a lost answer makes
 * exactly one object, 4xx are never retried, and a stream cut mid-way resumes with `Last-Event-ID` without losing
 * or repeating an event.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  ApiError,
  RequestTimeoutError,
  type ResponseStreamEvent,
  Skillplane,
  type SkillRunEvent,
} from '../clients/typescript/src/index.ts';
import { apiError, type ClientWorld, clientWorld } from './support/client.ts';
import type { FakeLlm } from './support/fake-llm.ts';
import { type FlakyProxy, startFlakyProxy } from './support/flaky-proxy.ts';
import type { TestApp } from './support/test-app.ts';
import { createTestAppWithModel } from './support/test-app-with-model.ts';

let t: TestApp;
let llm: FakeLlm;
let proxy: FlakyProxy;
let w: ClientWorld;
/** The world's user and workspace, through the proxy. */
let flaky: Skillplane;

beforeAll(async () => {
  ({ t, llm } = await createTestAppWithModel({
    OPENAI_API_KEY: 'k',
    DEFAULT_MODEL: 'openai:gpt-4o-mini',
    RATE_LIMIT_SKILL_RUNS_PER_MINUTE: '100000',
    RATE_LIMIT_DEFAULT_PER_MINUTE: '100000',
  }));
  proxy = await startFlakyProxy(t.url);
  w = await clientWorld(t);
  flaky = new Skillplane({ baseUrl: proxy.url, sessionToken: w.user.session, workspaceId: w.workspaceId });
});
beforeEach(() => {
  proxy.seen = [];
  proxy.behave = () => ({ forward: true });
});
afterAll(async () => {
  await proxy?.close();
  await t?.close();
});

const skillNamed = async (name: string) => (await w.client.skills.list().toArray()).filter((s) => s.name === name);
const posts = () => proxy.seen.filter((s) => s.method === 'POST');

describe('retries', () => {
  it('retries a 503 and creates one object, sending one idempotency key', async () => {
    proxy.behave = (_, n) => (n === 1 ? { status: 503, headers: { 'retry-after': '0' } } : { forward: true });
    const skill = await flaky.skills.create({ name: 'after-503', description: 'd', instructions: 'i' });
    expect(posts()).toHaveLength(2);
    expect(posts()[0]!.headers['idempotency-key']).toMatch(/.+/);
    expect(posts()[1]!.headers['idempotency-key']).toBe(posts()[0]!.headers['idempotency-key']);
    expect((await skillNamed('after-503')).map((s) => s.id)).toEqual([skill.id]);
  });

  it('retries a create whose answer was lost after the server made it: still one object', async () => {
    proxy.behave = (_, n) => (n === 1 ? { drop: 'after' } : { forward: true });
    const skill = await flaky.skills.create({ name: 'answer-lost', description: 'd', instructions: 'i' });
    expect(posts()).toHaveLength(2);
    expect((await skillNamed('answer-lost')).map((s) => s.id)).toEqual([skill.id]);

    const m = `marker-${randomUUID()}`;
    llm.script(m, [{ text: 'Done.' }]);
    proxy.seen = [];
    proxy.behave = (_, n) => (n === 1 ? { drop: 'after' } : { forward: true });
    const run = await flaky.skillRuns.create({ skill_id: skill.id, instructions: m });
    expect(posts()).toHaveLength(2);
    const runs = await w.client.skillRuns.list({ skill_id: skill.id }).toArray();
    expect(runs.map((r) => r.id)).toEqual([run.run_id]);
  });

  it('retries a connection reset, and 429 after its Retry-After', async () => {
    proxy.behave = (_, n) => (n === 1 ? { drop: 'before' } : { forward: true });
    await flaky.skills.create({ name: 'after-reset', description: 'd', instructions: 'i' });
    expect(posts()).toHaveLength(2);

    proxy.seen = [];
    proxy.behave = (_, n) =>
      n === 1
        ? {
            status: 429,
            headers: { 'retry-after': '1' },
            body: JSON.stringify({ type: 'RATE_LIMIT_EXCEEDED', title: 'Too many', status: 429, request_id: 'p' }),
          }
        : { forward: true };
    expect((await flaky.auth.me()).id).toBe(w.user.id);
    expect(proxy.seen).toHaveLength(2);
  });

  it('retries a 409 saying the first attempt with the key is still in progress, but not a Retry-After of minutes', async () => {
    const inProgress = JSON.stringify({
      type: 'IDEMPOTENCY_KEY_IN_PROGRESS',
      title: 't',
      status: 409,
      request_id: 'p',
    });
    proxy.behave = (_, n) => (n === 1 ? { status: 409, body: inProgress } : { forward: true });
    await flaky.skills.create({ name: 'after-in-progress', description: 'd', instructions: 'i' });
    expect(posts()).toHaveLength(2);

    proxy.seen = [];
    proxy.behave = () => ({ status: 503, headers: { 'retry-after': '120' } });
    const later = await apiError(flaky.auth.me());
    expect(later.retryAfter).toBe(120);
    expect(proxy.seen).toHaveLength(1);
  });

  it('returns a degraded health report (503) as it is, without retrying', async () => {
    const check = { status: 'down', latency_ms: 3, detail: 'no answer' };
    const report = {
      status: 'degraded',
      version: '0.1.0',
      checks: { database: check, temporal: check, worker: check, sandbox: check },
    };
    proxy.behave = () => ({
      status: 503,
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(report),
    });
    expect(await flaky.health.get()).toEqual(report);
    expect(proxy.seen).toHaveLength(1);
  });

  it('never retries other 4xx, and gives up after maxRetries with the last problem', async () => {
    const invalid = await apiError(flaky.skills.create({ name: '', description: 'd', instructions: 'i' }));
    expect(invalid.type).toBe('VALIDATION_FAILED');
    expect(posts()).toHaveLength(1);

    proxy.seen = [];
    proxy.behave = () => ({
      status: 409,
      body: JSON.stringify({ type: 'CONFLICT', title: 'c', status: 409, request_id: 'p' }),
    });
    expect((await apiError(flaky.auth.me())).status).toBe(409);
    expect(proxy.seen).toHaveLength(1);

    proxy.seen = [];
    proxy.behave = () => ({ status: 503, headers: { 'retry-after': '0' } });
    const unavailable = await apiError(flaky.auth.me({ maxRetries: 3 }));
    expect(unavailable).toBeInstanceOf(ApiError);
    expect(unavailable.type).toBe('SERVICE_UNAVAILABLE');
    expect(proxy.seen).toHaveLength(4);
  });

  it('times out an attempt that gets no answer, and aborts on the caller’s signal', async () => {
    proxy.behave = () => ({ hang: true });
    const err = await flaky.auth.me({ timeout: 200, maxRetries: 1 }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(RequestTimeoutError);
    expect(proxy.seen).toHaveLength(2);

    proxy.seen = [];
    const abort = new AbortController();
    const pending = flaky.auth.me({ signal: abort.signal });
    await expect.poll(() => proxy.seen.length).toBe(1);
    abort.abort(new Error('user gave up'));
    await expect(pending).rejects.toThrow('user gave up');
  });
});

describe('streams', () => {
  it('resumes a run’s events after the connection is cut, each event once', async () => {
    const skill = await w.client.skills.create({ name: 'streamer', description: 'd', instructions: 'i' });
    const m = `marker-${randomUUID()}`;
    llm.script(m, [{ text: 'Finished.' }]);
    const { run_id } = await w.client.skillRuns.create({ skill_id: skill.id, instructions: m });
    await w.client.skillRuns.wait(run_id);
    const direct: SkillRunEvent[] = [];
    for await (const event of w.client.skillRuns.events(run_id)) direct.push(event);
    expect(direct.length).toBeGreaterThan(3);

    proxy.behave = (_, n) => (n === 1 ? { cutAfterEvents: 2 } : n === 2 ? { cutAfterEvents: 1 } : { forward: true });
    const resumed: SkillRunEvent[] = [];
    for await (const event of flaky.skillRuns.events(run_id)) resumed.push(event);
    expect(resumed).toEqual(direct);
    expect(proxy.seen.map((s) => s.headers['last-event-id'])).toEqual([undefined, direct[1]!.id, direct[2]!.id]);
  });

  it('wait() falls back to polling when the event stream is refused', async () => {
    const skill = await w.client.skills.create({ name: 'polled', description: 'd', instructions: 'i' });
    const m = `marker-${randomUUID()}`;
    llm.script(m, [{ text: 'Slow.', delayMs: 1000 }]);
    proxy.behave = (s) => (s.url.endsWith('/events') ? { status: 404 } : { forward: true });
    const { run_id } = await flaky.skillRuns.create({ skill_id: skill.id, instructions: m });
    const run = await flaky.skillRuns.wait(run_id, { pollInterval: 100, timeout: 60_000 });
    expect(run.status).toBe('completed');
    expect(proxy.seen.filter((s) => s.url.endsWith('/events'))).toHaveLength(1);
    expect(proxy.seen.filter((s) => s.url.endsWith(run_id)).length).toBeGreaterThan(1);
  });

  it('resumes a streamed response after the connection is cut, without a second turn', async () => {
    const m = `marker-${randomUUID()}`;
    const script = llm.script(m, [{ text: 'One two three four five six seven.', chunkDelayMs: 50 }]);
    proxy.behave = (_, n) => (n === 1 ? { cutAfterEvents: 3 } : { forward: true });
    const stream = flaky.responses.stream({ input: `Count ${m}` });
    const events: ResponseStreamEvent[] = [];
    for await (const event of stream) events.push(event);
    expect(events.map((e) => e.sequence_number)).toEqual(events.map((_, i) => i));
    expect(events.at(-1)?.type).toBe('response.completed');
    const text = events.flatMap((e) => (e.type === 'response.output_text.delta' ? [e.delta] : [])).join('');
    expect(text).toBe('One two three four five six seven.');
    expect(proxy.seen[1]).toMatchObject({ method: 'GET', headers: { 'last-event-id': '2' } });
    expect(script.calls).toEqual([1]);
  });

  it('streams a response whose first answer was lost: the retried POST gets the same turn, replayed by id', async () => {
    const m = `marker-${randomUUID()}`;
    const script = llm.script(m, [{ text: 'Only once.' }]);
    proxy.behave = (_, n) => (n === 1 ? { drop: 'after' } : { forward: true });
    const events: ResponseStreamEvent[] = [];
    for await (const event of flaky.responses.stream({ input: `Once ${m}` })) events.push(event);
    expect(events[0]?.type).toBe('response.created');
    expect(events.at(-1)?.type).toBe('response.completed');
    expect(events.map((e) => e.sequence_number)).toEqual(events.map((_, i) => i));
    expect(proxy.seen.map((s) => s.method)).toEqual(['POST', 'POST', 'GET']);
    expect(script.calls).toEqual([1]);
  });
});
