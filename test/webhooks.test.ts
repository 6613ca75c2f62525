/**
 * Webhooks end to end: endpoints through the API, real receivers on 127.0.0.1 verifying every delivery with the
 * official `standardwebhooks` library, a real run's lifecycle, retries, 410, redirects, timeouts, rotation,
 * redelivery, and SSRF refusals (host names resolved by an injected resolver: no traffic leaves loopback).
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newId } from '../src/lib/ids.ts';
import { purgeExpiredRows } from '../src/purge/retention.ts';
import { insertRun } from '../src/runs/runs.service.ts';
import type { ResolvedAddress } from '../src/webhooks/destination.ts';
import { startWebhookDispatcher } from '../src/webhooks/dispatcher.ts';
import { type FakeLlm, startFakeLlm } from './support/fake-llm.ts';
import { addMember, auth, createWorkspace, jsonBody, signedInUser, type TestUser } from './support/identity.ts';
import { putWorkspaceFile, type RunWorld, runWorld, startRun, waitForStatus } from './support/runs.ts';
import { createTestApp, json, type TestApp } from './support/test-app.ts';
import { type Receiver, startReceiver } from './support/webhook-receiver.ts';

const hosts = new Map<string, ResolvedAddress[]>([['localhost', [{ address: '127.0.0.1', family: 4 }]]]);
const resolveHost = async (name: string) => {
  const found = hosts.get(name);
  if (!found) throw Object.assign(new Error(`getaddrinfo ENOTFOUND ${name}`), { code: 'ENOTFOUND' });
  return found;
};

/** A subscription to an event this file never causes: such an endpoint receives only its test events. */
const QUIET = ['schedule.run_failed_to_start'];

let t: TestApp;
let strict: TestApp;
let llm: FakeLlm;
let w: RunWorld;
let dispatcher: { stop(): Promise<void> };
const receivers: Receiver[] = [];

beforeAll(async () => {
  llm = await startFakeLlm();
  const common = { RATE_LIMIT_DEFAULT_PER_MINUTE: '100000', RATE_LIMIT_WEBHOOKS_PER_MINUTE: '100000' };
  t = await createTestApp(
    {
      ...common,
      OPENAI_BASE_URL: llm.baseUrl,
      OPENAI_API_KEY: 'k',
      WEBHOOK_ALLOWED_HOSTS: '127.0.0.1,localhost',
      WEBHOOK_RETRY_SCHEDULE_SECONDS: '1,1,1',
      WEBHOOK_TIMEOUT_SECONDS: '2',
      WEBHOOK_DISPATCH_INTERVAL_MS: '200',
    },
    { resolveHost },
  );
  strict = await createTestApp(common, { worker: false, resolveHost });
  dispatcher = startWebhookDispatcher(t.deps);
  w = await runWorld(t, ['write_file', 'ask_user']);
});
afterAll(async () => {
  await dispatcher?.stop();
  await Promise.all(receivers.map((r) => r.close()));
  await t?.close();
  await strict?.close();
  await llm?.close();
});

async function receiver(): Promise<Receiver> {
  const r = await startReceiver(`/hook-${randomUUID()}`);
  receivers.push(r);
  return r;
}

const owner = () => auth(w.owner.session);

async function createWebhook(body: Record<string, unknown>, app = t, headers = owner(), ws = w.ws) {
  return app.fetch('/api/v1/webhooks', jsonBody({ workspace_id: ws, ...body }, headers));
}

/** An endpoint whose receiver knows its secret. */
async function endpointFor(r: Receiver, body: Record<string, unknown> = {}) {
  const res = await createWebhook({ url: r.url, ...body });
  expect(res.status).toBe(201);
  const created = await json(res);
  r.secrets.push(created.secret);
  return created;
}

async function sendTest(id: string) {
  const res = await t.fetch(`/api/v1/webhooks/${id}/test`, { method: 'POST', headers: owner() });
  expect(res.status).toBe(202);
  return json(res);
}

async function deliveriesOf(eventId: string) {
  return (await json(await t.fetch(`/api/v1/webhook-events/${eventId}/deliveries`, { headers: owner() }))).data;
}

async function settledDelivery(eventId: string, timeout = 30_000) {
  await expect
    .poll(async () => (await deliveriesOf(eventId))[0]?.status, { timeout, interval: 200 })
    .toMatch(/succeeded|failed/);
  return (await deliveriesOf(eventId))[0];
}

const patch = (id: string, body: unknown) =>
  t.fetch(`/api/v1/webhooks/${id}`, { ...jsonBody(body, owner()), method: 'PATCH' });

describe('endpoints', () => {
  it('creates an endpoint with a secret shown once and stored encrypted; reads, updates and deletes it', async () => {
    const res = await createWebhook({
      url: 'http://127.0.0.1:9/crud',
      description: 'CI',
      events: ['skill_run.failed'],
    });
    expect(res.status).toBe(201);
    const created = await json(res);
    expect(created.secret).toMatch(/^whsec_[A-Za-z0-9+/]{43}=$/);
    expect(created).toMatchObject({ url: 'http://127.0.0.1:9/crud', events: ['skill_run.failed'], status: 'enabled' });

    const row = await t.deps.prisma.webhookEndpoint.findUniqueOrThrow({ where: { id: created.id } });
    expect(row.secret).not.toContain(created.secret.slice(6));

    const got = await json(await t.fetch(`/api/v1/webhooks/${created.id}`, { headers: owner() }));
    expect(got.secret).toBeUndefined();
    const list = await json(await t.fetch(`/api/v1/webhooks?workspace_id=${w.ws}`, { headers: owner() }));
    expect(list.data.map((e: { id: string }) => e.id)).toContain(created.id);

    const updated = await json(await patch(created.id, { events: ['*', 'skill_run.failed'], enabled: false }));
    expect(updated).toMatchObject({ events: ['*'], enabled: false, status: 'disabled', disabled_reason: 'manual' });
    const enabled = await json(await patch(created.id, { enabled: true, description: null }));
    expect(enabled).toMatchObject({ enabled: true, disabled_reason: null, description: null });

    expect((await t.fetch(`/api/v1/webhooks/${created.id}`, { method: 'DELETE', headers: owner() })).status).toBe(204);
    const gone = await t.fetch(`/api/v1/webhooks/${created.id}`, { headers: owner() });
    expect(gone.status).toBe(404);
    expect((await json(gone)).type).toBe('WEBHOOK_NOT_FOUND');
  });

  it('never replays the secret for a repeated Idempotency-Key', async () => {
    const key = { ...owner(), 'Idempotency-Key': randomUUID() };
    const first = await createWebhook({ url: 'http://127.0.0.1:9/idem' }, t, key);
    expect(first.status).toBe(201);
    const again = await createWebhook({ url: 'http://127.0.0.1:9/idem' }, t, key);
    expect(again.status).toBe(409);
    const problem = await json(again);
    expect(problem.type).toBe('IDEMPOTENCY_SECRET_NOT_REPLAYABLE');
    expect(JSON.stringify(problem)).not.toContain((await json(first)).secret);
  });

  it('refuses a duplicate URL and a 26th endpoint with 409', async () => {
    const ws = await createWorkspace(t, w.owner, 'Limits');
    for (let i = 0; i < 25; i++) {
      expect((await createWebhook({ url: `http://127.0.0.1:9/n${i}` }, t, owner(), ws)).status).toBe(201);
    }
    const duplicate = await createWebhook({ url: 'http://127.0.0.1:9/n3' }, t, owner(), ws);
    expect(duplicate.status).toBe(409);
    expect((await json(duplicate)).type).toBe('WEBHOOK_URL_DUPLICATE');
    const over = await createWebhook({ url: 'http://127.0.0.1:9/n25' }, t, owner(), ws);
    expect(over.status).toBe(409);
    expect((await json(over)).type).toBe('WEBHOOK_LIMIT_EXCEEDED');
  });

  it('answers 400 naming the field for hostile input', async () => {
    const cases: Array<[Record<string, unknown>, string]> = [
      [{ url: 'ftp://127.0.0.1/x' }, 'body.url'],
      [{ url: 'file:///etc/passwd' }, 'body.url'],
      [{ url: 'javascript:alert(1)' }, 'body.url'],
      [{ url: 'http://user:pw@127.0.0.1:9/x' }, 'body.url'],
      [{ url: 'not a url' }, 'body.url'],
      [{ url: `http://127.0.0.1:9/${'a'.repeat(2100)}` }, 'body.url'],
      [{ url: 'http://127.0.0.1:9/\u0000' }, 'body.url'],
      [{ url: 42 }, 'body.url'],
      [{ url: 'http://127.0.0.1:9/e', events: ['skill_run.exploded'] }, 'body.events.0'],
      [{ url: 'http://127.0.0.1:9/e', events: [] }, 'body.events'],
      [{ url: 'http://127.0.0.1:9/s', secret: 'hunter2' }, 'body.secret'],
      [{ url: 'http://127.0.0.1:9/s', secret: `whsec_${Buffer.alloc(8).toString('base64')}` }, 'body.secret'],
      [{ url: 'http://127.0.0.1:9/x', is_admin: true }, 'body.is_admin'],
    ];
    for (const [body, field] of cases) {
      const res = await createWebhook(body);
      expect(res.status, JSON.stringify(body).slice(0, 80)).toBe(400);
      const problem = await json(res);
      expect(problem.errors.map((e: { field: string }) => e.field.replace(/\[(\d+)\]/g, '.$1'))).toContain(field);
    }
    const badId = await t.fetch('/api/v1/webhooks/whk_%00', { headers: owner() });
    expect(badId.status).toBe(400);
    const badType = await t.fetch(`/api/v1/webhook-events?workspace_id=${w.ws}&type=nope`, { headers: owner() });
    expect(badType.status).toBe(400);
  });

  it('hides another workspace’s endpoints, events and deliveries behind the same 404', async () => {
    const r = await receiver();
    const mine = await endpointFor(r, { events: QUIET });
    const event = await sendTest(mine.id);
    await settledDelivery(event.id);
    const delivery = (await deliveriesOf(event.id))[0];
    const stranger: TestUser = await signedInUser(t);
    await createWorkspace(t, stranger, 'Elsewhere');
    for (const path of [
      `/api/v1/webhooks/${mine.id}`,
      `/api/v1/webhooks/${mine.id}/deliveries`,
      `/api/v1/webhook-events/${event.id}`,
      `/api/v1/webhook-deliveries/${delivery.id}`,
    ]) {
      const res = await t.fetch(path, { headers: auth(stranger.session) });
      expect(res.status, path).toBe(404);
      expect((await json(res)).type).toBe('WEBHOOK_NOT_FOUND');
    }
    const member = await signedInUser(t);
    await addMember(t, w.owner, w.ws, member, 'member');
    const forbidden = await createWebhook({ url: 'http://127.0.0.1:9/member' }, t, auth(member.session));
    expect(forbidden.status).toBe(403);
    expect((await t.fetch(`/api/v1/webhooks/${mine.id}`, { headers: auth(member.session) })).status).toBe(200);
  });
});

describe('SSRF', () => {
  it('refuses loopback, link-local, private and metadata destinations without an allow-list', async () => {
    const user = await signedInUser(strict);
    const ws = await createWorkspace(strict, user, 'Strict');
    hosts.set('internal.example.test', [{ address: '10.0.0.1', family: 4 }]);
    hosts.set('mixed.example.test', [
      { address: '93.184.216.34', family: 4 },
      { address: '192.168.1.10', family: 4 },
    ]);
    for (const url of [
      'http://127.0.0.1:8080/hook',
      'http://localhost/hook',
      'http://169.254.169.254/latest/meta-data/',
      'http://[::1]/hook',
      'http://[::ffff:127.0.0.1]/hook',
      'http://[::ffff:169.254.169.254]/hook',
      'http://[fd00:ec2::254]/hook',
      'http://2130706433/hook',
      'http://0x7f.1/hook',
      'http://0.0.0.0/hook',
      'http://100.64.0.1/hook',
      'http://224.0.0.1/hook',
      'https://internal.example.test/hook',
      'https://mixed.example.test/hook',
      'https://does-not-resolve.example.test/hook',
    ]) {
      const res = await createWebhook({ url }, strict, auth(user.session), ws);
      expect(res.status, url).toBe(400);
      const problem = await json(res);
      expect(problem.type).toBe('WEBHOOK_URL_REFUSED');
      expect(problem.errors[0].field).toBe('body.url');
    }
    hosts.set('public.example.test', [{ address: '93.184.216.34', family: 4 }]);
    const ok = await createWebhook({ url: 'https://public.example.test/hook' }, strict, auth(user.session), ws);
    expect(ok.status).toBe(201);
  });

  it('keeps refusing metadata addresses when loopback is allow-listed', async () => {
    const res = await createWebhook({ url: 'http://169.254.169.254/latest/meta-data/' });
    expect(res.status).toBe(400);
    expect((await json(res)).type).toBe('WEBHOOK_URL_REFUSED');
  });

  it('checks the address again at delivery: a host rebound to a private address gets no request', async () => {
    const r = await receiver();
    const port = new URL(r.url).port;
    hosts.set('rebind.example.test', [{ address: '127.0.0.1', family: 4 }]);
    const endpoint = await endpointFor(r, { url: `http://rebind.example.test:${port}/hook` });
    hosts.set('rebind.example.test', [{ address: '10.0.0.1', family: 4 }]);
    const event = await sendTest(endpoint.id);
    const delivery = await settledDelivery(event.id);
    expect(delivery.status).toBe('failed');
    expect(delivery.attempts).toHaveLength(4);
    for (const a of delivery.attempts) expect(a).toMatchObject({ error: 'destination_refused', status_code: null });
    expect(r.received).toHaveLength(0);
  });
});

describe('delivery', () => {
  it('delivers a run’s lifecycle, signed, in a plausible order with the right payloads', async () => {
    const r = await receiver();
    await endpointFor(r);
    const m = `lifecycle-${randomUUID()}`;
    llm.script(m, [
      { toolCalls: [{ name: 'ask_user', arguments: { question: 'Which quarter?' } }] },
      { toolCalls: [{ name: 'write_file', arguments: { path: 'report.txt', content: 'Q3 is fine' } }] },
      { text: 'Done.', inputTokens: 100, outputTokens: 10 },
    ]);
    const { run_id } = await json(await startRun(w, { instructions: m }));
    await waitForStatus(w, run_id, ['waiting']);
    const input = await t.fetch(`/api/v1/skill-runs/${run_id}/input`, jsonBody({ answer: 'Q3' }, owner()));
    expect(input.status).toBe(202);
    await waitForStatus(w, run_id, ['completed']);

    const ofRun = () =>
      r.received.filter((x) => (x.verified as { data?: { id?: string } } | null)?.data?.id === run_id);
    await expect.poll(() => ofRun().length, { timeout: 20_000 }).toBe(5);
    expect(r.received.every((x) => x.verified !== null)).toBe(true);
    const payloads = ofRun().map(
      (x) => x.verified as { id: string; type: string; sequence: number; data: Record<string, unknown> },
    );
    for (const x of ofRun()) expect(x.headers['webhook-id']).toBe((x.verified as { id: string }).id);
    expect(new Set(payloads.map((p) => p.id)).size).toBe(5);
    const ordered = [...payloads].sort((a, b) => a.sequence - b.sequence);
    expect(ordered.map((p) => p.type)).toEqual([
      'skill_run.queued',
      'skill_run.started',
      'skill_run.waiting',
      'skill_run.resumed',
      'skill_run.completed',
    ]);
    expect(ordered[2]!.data).toMatchObject({ status: 'waiting', question: 'Which quarter?' });
    expect(ordered[4]!.data).toMatchObject({
      status: 'completed',
      workspace_id: w.ws,
      skill_id: w.skillId,
      usage: { input_tokens: expect.any(Number), output_tokens: expect.any(Number) },
      cost_usd: expect.stringMatching(/^\d+\.\d{6}$/),
      output_files: [{ path: 'report.txt', size: 10, sha256: expect.stringMatching(/^[0-9a-f]{64}$/) }],
    });

    const events = await json(
      await t.fetch(`/api/v1/webhook-events?workspace_id=${w.ws}&type=skill_run.completed&sort=-created_at`, {
        headers: owner(),
      }),
    );
    expect(events.data[0]).toMatchObject({ id: ordered[4]!.id, type: 'skill_run.completed' });
  });

  it('retries 500, 500, 200 under one webhook-id and logs every attempt', async () => {
    const r = await receiver();
    const endpoint = await endpointFor(r, { events: QUIET });
    r.respond = (_req, n) => (n <= 2 ? { status: 500, body: `boom ${n}` } : { status: 200, body: 'thanks' });
    const event = await sendTest(endpoint.id);
    const delivery = await settledDelivery(event.id);
    expect(delivery.status).toBe('succeeded');
    expect(r.received).toHaveLength(3);
    expect(new Set(r.received.map((x) => x.headers['webhook-id']))).toEqual(new Set([event.id]));
    expect(r.received.every((x) => x.verified !== null)).toBe(true);
    expect(delivery.attempts.map((a: { status_code: number }) => a.status_code)).toEqual([500, 500, 200]);
    expect(delivery.attempts.map((a: { response_excerpt: string }) => a.response_excerpt)).toEqual([
      'boom 1',
      'boom 2',
      'thanks',
    ]);
    expect(delivery.attempts[0]).toMatchObject({ error: 'http_error', latency_ms: expect.any(Number) });
    const ids = r.received.map((x) => x.headers['skillplane-attempt-id']);
    expect(ids).toEqual(delivery.attempts.map((a: { id: string }) => a.id));
    const listed = await json(await t.fetch(`/api/v1/webhooks/${endpoint.id}/deliveries`, { headers: owner() }));
    expect(listed.data[0].id).toBe(delivery.id);
  });

  it('honours Retry-After on a 429', async () => {
    const r = await receiver();
    const endpoint = await endpointFor(r, { events: QUIET });
    r.respond = (_req, n) => (n === 1 ? { status: 429, headers: { 'Retry-After': '3' } } : { status: 204 });
    const event = await sendTest(endpoint.id);
    const delivery = await settledDelivery(event.id);
    expect(delivery.status).toBe('succeeded');
    const [first, second] = delivery.attempts;
    expect(Date.parse(second.started_at) - Date.parse(first.finished_at)).toBeGreaterThanOrEqual(3000);
  });

  it('disables an endpoint that answers 410 and records webhook_endpoint.disabled', async () => {
    const r = await receiver();
    const endpoint = await endpointFor(r, { events: QUIET });
    r.respond = () => ({ status: 410 });
    const event = await sendTest(endpoint.id);
    const delivery = await settledDelivery(event.id);
    expect(delivery.status).toBe('failed');
    expect(delivery.attempts).toHaveLength(1);
    const got = await json(await t.fetch(`/api/v1/webhooks/${endpoint.id}`, { headers: owner() }));
    expect(got).toMatchObject({ enabled: false, status: 'disabled', disabled_reason: 'gone' });
    const events = await json(
      await t.fetch(`/api/v1/webhook-events?workspace_id=${w.ws}&type=webhook_endpoint.disabled`, {
        headers: owner(),
      }),
    );
    expect(events.data.some((e: { data: { id: string } }) => e.data.id === endpoint.id)).toBe(true);
    const refused = await t.fetch(`/api/v1/webhooks/${endpoint.id}/test`, { method: 'POST', headers: owner() });
    expect(refused.status).toBe(409);
    expect((await json(refused)).type).toBe('WEBHOOK_DISABLED');
  });

  it('does not follow a redirect', async () => {
    const target = await receiver();
    const r = await receiver();
    const endpoint = await endpointFor(r, { events: QUIET });
    r.respond = () => ({ status: 307, headers: { Location: target.url } });
    const event = await sendTest(endpoint.id);
    const delivery = await settledDelivery(event.id);
    expect(delivery.status).toBe('failed');
    expect(delivery.attempts[0]).toMatchObject({ status_code: 307, error: 'redirect_not_followed' });
    expect(r.received).toHaveLength(4);
    expect(target.received).toHaveLength(0);
  });

  it('gives up on a slow receiver after the timeout and delivers on the next attempt', async () => {
    const r = await receiver();
    const endpoint = await endpointFor(r, { events: QUIET });
    r.respond = (_req, n) => (n === 1 ? { delayMs: 6000, status: 200 } : { status: 200 });
    const event = await sendTest(endpoint.id);
    const delivery = await settledDelivery(event.id);
    expect(delivery.status).toBe('succeeded');
    expect(delivery.attempts[0]).toMatchObject({ error: 'timeout', status_code: null });
    expect(delivery.attempts[1]).toMatchObject({ status_code: 200, error: null });
  });

  it('signs with both secrets during a rotation, and redelivers under the same webhook-id', async () => {
    const r = await receiver();
    const endpoint = await endpointFor(r, { events: QUIET });
    const oldSecret = r.secrets[0]!;
    const rotated = await t.fetch(`/api/v1/webhooks/${endpoint.id}/rotate-secret`, jsonBody({}, owner()));
    expect(rotated.status).toBe(200);
    const { secret: newSecret, previous_secret_expires_at } = await json(rotated);
    expect(newSecret).not.toBe(oldSecret);
    expect(Date.parse(previous_secret_expires_at)).toBeGreaterThan(Date.now() + 23 * 3600 * 1000);
    r.secrets.push(newSecret);

    const event = await sendTest(endpoint.id);
    const delivery = await settledDelivery(event.id);
    expect(delivery.status).toBe('succeeded');
    const [first] = r.received;
    expect(String(first!.headers['webhook-signature']).split(' ')).toHaveLength(2);
    expect(first!.verifiedBy).toEqual([oldSecret, newSecret]);

    const again = await t.fetch(`/api/v1/webhook-deliveries/${delivery.id}/redeliver`, {
      method: 'POST',
      headers: owner(),
    });
    expect(again.status).toBe(202);
    expect((await json(again)).status).toBe('pending');
    await expect.poll(() => r.received.length, { timeout: 20_000 }).toBe(2);
    expect(r.received[1]!.headers['webhook-id']).toBe(event.id);
    const after = await settledDelivery(event.id);
    expect(after.attempts.map((a: { round: number }) => a.round)).toEqual([0, 1]);

    const cut = await t.fetch(
      `/api/v1/webhooks/${endpoint.id}/rotate-secret`,
      jsonBody({ grace_period_seconds: 0 }, owner()),
    );
    const latest = (await json(cut)).secret;
    await settledDelivery((await sendTest(endpoint.id)).id);
    const last = r.received.at(-1)!;
    expect(String(last.headers['webhook-signature']).split(' ')).toHaveLength(1);
    expect(last.verifiedBy).toEqual([]);
    r.secrets.push(latest);
    expect(r.received.slice(0, 2).every((x) => x.verified !== null)).toBe(true);
  });

  it('accepts a supplied secret and signs with it', async () => {
    const r = await receiver();
    const secret = `whsec_${Buffer.from(randomUUID().replaceAll('-', '')).toString('base64')}`;
    const res = await createWebhook({ url: r.url, events: QUIET, secret });
    expect(res.status).toBe(201);
    expect((await json(res)).secret).toBe(secret);
    r.secrets.push(secret);
    await settledDelivery(
      (
        await sendTest(
          (
            await json(await t.fetch(`/api/v1/webhooks?workspace_id=${w.ws}&limit=1`, { headers: owner() }))
          ).data[0].id,
        )
      ).id,
    );
    expect(r.received[0]!.verified).not.toBeNull();
  });
});

describe('more events and endpoint states', () => {
  it('reports files created and deleted, and schedules paused and resumed', async () => {
    const r = await receiver();
    await endpointFor(r, { events: ['file.created', 'file.deleted', 'schedule.paused', 'schedule.resumed'] });
    await putWorkspaceFile(w, 'reports/q3.csv', 'a,b\n1,2\n');
    const files = await json(await t.fetch(`/api/v1/files?workspace_id=${w.ws}`, { headers: owner() }));
    const file = files.data.find((f: { path: string }) => f.path === 'reports/q3.csv');
    expect((await t.fetch(`/api/v1/files/${file.id}`, { method: 'DELETE', headers: owner() })).status).toBe(204);

    const schedule = await json(
      await t.fetch(
        '/api/v1/schedules',
        jsonBody({ workspace_id: w.ws, name: 'nightly', skill_id: w.skillId, cron_expression: '0 3 * * *' }, owner()),
      ),
    );
    const pause = await t.fetch(`/api/v1/schedules/${schedule.id}/pause`, jsonBody({ note: 'holiday' }, owner()));
    expect(pause.status).toBe(200);
    const resume = await t.fetch(`/api/v1/schedules/${schedule.id}/resume`, { method: 'POST', headers: owner() });
    expect(resume.status).toBe(200);

    await expect.poll(() => r.received.length, { timeout: 20_000 }).toBe(4);
    const payloads = r.received.map(
      (x) => x.verified as { type: string; sequence: number; data: Record<string, unknown> },
    );
    expect(payloads.every((p) => p !== null)).toBe(true);
    const byType = Object.fromEntries(payloads.map((p) => [p.type, p.data]));
    expect(byType['file.created']).toMatchObject({ id: file.id, path: 'reports/q3.csv', size: 8 });
    expect(byType['file.deleted']).toMatchObject({ id: file.id, path: 'reports/q3.csv' });
    expect(byType['schedule.paused']).toMatchObject({ id: schedule.id, pause_note: 'holiday' });
    expect(byType['schedule.resumed']).toMatchObject({ id: schedule.id, pause_note: null });
  });

  it('reports a run cancelled before its workflow started', async () => {
    const r = await receiver();
    await endpointFor(r, { events: ['skill_run.cancelled'] });
    // As if the API died between the insert and the workflow start: no workflow exists to cancel.
    const run = await insertRun(t.deps, { workspaceId: w.ws, skillId: w.skillId, createdById: w.owner.id });
    const res = await t.fetch(`/api/v1/skill-runs/${run.id}/cancel`, { method: 'POST', headers: owner() });
    expect(res.status).toBe(202);
    await expect.poll(() => r.received.length, { timeout: 20_000 }).toBe(1);
    expect(r.received[0]!.verified).toMatchObject({ type: 'skill_run.cancelled', data: { id: run.id } });
  });

  it('disables an endpoint that has failed for too long', async () => {
    const r = await receiver();
    const endpoint = await endpointFor(r, { events: QUIET });
    r.respond = () => ({ status: 500 });
    await t.deps.prisma.webhookEndpoint.update({
      where: { id: endpoint.id },
      data: { failingSince: new Date(Date.now() - 6 * 24 * 3600 * 1000) },
    });
    const delivery = await settledDelivery((await sendTest(endpoint.id)).id);
    expect(delivery.status).toBe('failed');
    expect(delivery.attempts).toHaveLength(1);
    const got = await json(await t.fetch(`/api/v1/webhooks/${endpoint.id}`, { headers: owner() }));
    expect(got).toMatchObject({ status: 'disabled', disabled_reason: 'failing', failing_since: expect.any(String) });
    const enabled = await json(await patch(endpoint.id, { enabled: true }));
    expect(enabled).toMatchObject({ status: 'enabled', disabled_reason: null, failing_since: null });
  });

  it('rotates without a body, refuses a redelivery still pending, and checks a new URL like a new endpoint', async () => {
    const r = await receiver();
    const endpoint = await endpointFor(r, { events: QUIET });
    const rotated = await t.fetch(`/api/v1/webhooks/${endpoint.id}/rotate-secret`, {
      method: 'POST',
      headers: owner(),
    });
    expect(rotated.status).toBe(200);
    expect((await json(rotated)).secret).toMatch(/^whsec_/);
    const badSecret = await t.fetch(
      `/api/v1/webhooks/${endpoint.id}/rotate-secret`,
      jsonBody({ secret: 'whsec_!!!' }, owner()),
    );
    expect(badSecret.status).toBe(400);

    r.respond = () => ({ hang: true });
    const event = await sendTest(endpoint.id);
    await expect.poll(async () => (await deliveriesOf(event.id)).length, { timeout: 10_000 }).toBe(1);
    const [delivery] = await deliveriesOf(event.id);
    const pending = await t.fetch(`/api/v1/webhook-deliveries/${delivery.id}/redeliver`, {
      method: 'POST',
      headers: owner(),
    });
    expect(pending.status).toBe(409);
    expect((await json(pending)).type).toBe('WEBHOOK_DELIVERY_PENDING');

    for (const url of ['http://169.254.169.254/', 'gopher://127.0.0.1/']) {
      const res = await patch(endpoint.id, { url });
      expect(res.status).toBe(400);
      expect((await json(res)).errors[0].field).toBe('body.url');
    }
    const other = await endpointFor(await receiver(), { events: QUIET });
    const clash = await patch(other.id, { url: r.url });
    expect(clash.status).toBe(409);
    expect((await json(clash)).type).toBe('WEBHOOK_URL_DUPLICATE');
  });
});

describe('retention', () => {
  it('deletes dispatched events past the retention period and keeps recent ones', async () => {
    const old = new Date(Date.now() - 31 * 24 * 3600 * 1000);
    const make = (createdAt: Date, dispatchedAt: Date | null) =>
      t.deps.prisma.webhookEvent.create({
        data: { id: newId('evt'), workspaceId: w.ws, type: 'webhook.test', data: {}, createdAt, dispatchedAt },
      });
    const expired = await make(old, old);
    const recent = await make(new Date(), new Date());
    const purged = await purgeExpiredRows(t.deps.prisma, { webhookEventRetentionDays: 30 });
    expect(purged.webhookEvents).toBeGreaterThanOrEqual(1);
    const left = await t.deps.prisma.webhookEvent.findMany({
      where: { id: { in: [expired.id, recent.id] } },
    });
    expect(left.map((e) => e.id)).toEqual([recent.id]);
  });
});
