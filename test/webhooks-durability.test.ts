/**
 * Durable webhook delivery: a worker process killed with SIGKILL while its deliveries are in flight (the receiver
 * holds every first request open) is replaced, and every event still reaches the receiver under its one
 * `webhook-id`. Each attempt is sent at most once: an attempt whose worker died is logged `interrupted` and the next
 * attempt delivers.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startWebhookDispatcher } from '../src/webhooks/dispatcher.ts';
import { auth, createWorkspace, jsonBody, signedInUser, type TestUser } from './support/identity.ts';
import { spawnEntry } from './support/processes.ts';
import { createTestApp, json, type TestApp } from './support/test-app.ts';
import { type Receiver, startReceiver } from './support/webhook-receiver.ts';

let t: TestApp;
let dispatcher: { stop(): Promise<void> };
let r: Receiver;
let user: TestUser;
let ws: string;

const settings = {
  WEBHOOK_ALLOWED_HOSTS: '127.0.0.1',
  WEBHOOK_RETRY_SCHEDULE_SECONDS: '1,1,1,1',
  WEBHOOK_TIMEOUT_SECONDS: '30',
};

beforeAll(async () => {
  t = await createTestApp(
    { ...settings, WEBHOOK_DISPATCH_INTERVAL_MS: '200', RATE_LIMIT_WEBHOOKS_PER_MINUTE: '100000' },
    { worker: false },
  );
  dispatcher = startWebhookDispatcher(t.deps);
  r = await startReceiver();
  user = await signedInUser(t);
  ws = await createWorkspace(t, user);
});
afterAll(async () => {
  await dispatcher?.stop();
  await r?.close();
  await t?.close();
});

const workerEnv = () => ({
  ...settings,
  TEMPORAL_ADDRESS: t.config.TEMPORAL_ADDRESS!,
  TEMPORAL_TASK_QUEUE: t.config.TEMPORAL_TASK_QUEUE,
  DATABASE_URL: t.databaseUrl,
  SKILLPLANE_DATA_DIR: t.config.SKILLPLANE_DATA_DIR,
  LOG_LEVEL: 'info',
});

it('loses no event when the worker is killed during deliveries, and sends each attempt once', async () => {
  const endpoints: string[] = [];
  for (const path of ['/a', '/b']) {
    const res = await t.fetch(
      '/api/v1/webhooks',
      jsonBody({ workspace_id: ws, url: r.url + path }, auth(user.session)),
    );
    expect(res.status).toBe(201);
    const created = await json(res);
    endpoints.push(created.id);
    r.secrets.push(created.secret);
  }
  // Every first request of an event is held open, so the worker dies with all of them in flight.
  const seen = new Set<string>();
  r.respond = (req) => {
    const id = String(req.headers['webhook-id']);
    if (seen.has(id)) return { status: 200 };
    seen.add(id);
    return { hang: true };
  };

  const first = spawnEntry('workflows/main.ts', workerEnv());
  await first.waitFor(/worker polling/);
  const events: string[] = [];
  for (const id of endpoints) {
    for (let i = 0; i < 3; i++) {
      const res = await t.fetch(`/api/v1/webhooks/${id}/test`, { method: 'POST', headers: auth(user.session) });
      expect(res.status).toBe(202);
      events.push((await json(res)).id);
    }
  }
  await expect.poll(() => seen.size, { timeout: 30_000 }).toBe(events.length);
  await first.kill('SIGKILL');

  const second = spawnEntry('workflows/main.ts', workerEnv());
  try {
    await second.waitFor(/worker polling/);
    const deliveries = () =>
      t.deps.prisma.webhookDelivery.findMany({ include: { attempts: { orderBy: { number: 'asc' } } } });
    await expect
      .poll(async () => (await deliveries()).filter((d) => d.status === 'succeeded').length, { timeout: 60_000 })
      .toBe(events.length);
    const all = await deliveries();
    expect(all).toHaveLength(events.length);
    for (const d of all) {
      expect(d.attempts.map((a) => a.error)).toEqual(['interrupted', null]);
      expect(d.attempts[1]!.statusCode).toBe(200);
    }
    // One webhook-id per event, each answered once; every request verified; no attempt id sent twice.
    expect(new Set(r.received.map((x) => x.headers['webhook-id']))).toEqual(new Set(events));
    for (const id of events) expect(r.byId(id)).toHaveLength(2);
    expect(r.received.every((x) => x.verified !== null)).toBe(true);
    const attemptIds = r.received.map((x) => String(x.headers['skillplane-attempt-id']));
    expect(new Set(attemptIds).size).toBe(attemptIds.length);
    expect(new Set(attemptIds)).toEqual(new Set(all.flatMap((d) => d.attempts.map((a) => a.id))));
  } finally {
    await second.kill('SIGTERM');
  }
});
