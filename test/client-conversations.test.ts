/**
 * The TypeScript client against the real server: projects, conversations and their items, memories, responses
 * (finished, streamed, background, cancelled, in flight, replayed), and webhooks with their events and deliveries,
 * a real delivery verified by the client's `verifyWebhook` (and its signatures checked against `standardwebhooks`).
 */
import { randomUUID } from 'node:crypto';
import { Webhook } from 'standardwebhooks';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ResponseStreamEvent, verifyWebhook, WebhookVerificationError } from '../clients/typescript/src/index.ts';
import { startWebhookDispatcher } from '../src/webhooks/dispatcher.ts';
import { apiError, type ClientWorld, clientWorld } from './support/client.ts';
import { type FakeLlm, startFakeLlm } from './support/fake-llm.ts';
import { createTestApp, type TestApp } from './support/test-app.ts';
import { type Receiver, startReceiver } from './support/webhook-receiver.ts';

let t: TestApp;
let llm: FakeLlm;
let w: ClientWorld;
let receiver: Receiver;
let dispatcher: { stop(): Promise<void> };

beforeAll(async () => {
  llm = await startFakeLlm();
  receiver = await startReceiver();
  t = await createTestApp({
    OPENAI_BASE_URL: llm.baseUrl,
    OPENAI_API_KEY: 'k',
    DEFAULT_MODEL: 'openai:gpt-4o-mini',
    RATE_LIMIT_DEFAULT_PER_MINUTE: '100000',
    RATE_LIMIT_WEBHOOKS_PER_MINUTE: '100000',
    WEBHOOK_ALLOWED_HOSTS: '127.0.0.1',
    WEBHOOK_DISPATCH_INTERVAL_MS: '200',
  });
  dispatcher = startWebhookDispatcher(t.deps);
  w = await clientWorld(t);
});
afterAll(async () => {
  await dispatcher?.stop();
  await receiver?.close();
  await t?.close();
  await llm?.close();
});

describe('projects, conversations and memories', () => {
  it('manages a project with a conversation, and memories global and per project', async () => {
    const project = await w.client.projects.create({ name: 'Research' });
    expect((await w.client.projects.get(project.id)).name).toBe('Research');
    expect((await w.client.projects.update(project.id, { name: 'Renamed' })).name).toBe('Renamed');
    expect((await w.client.projects.list()).data.map((p) => p.id)).toContain(project.id);

    const conversation = await w.client.conversations.create({ project_id: project.id, goal: 'Learn' });
    expect(conversation).toMatchObject({ project_id: project.id, goal: 'Learn' });
    expect((await w.client.conversations.update(conversation.id, { title: 'T' })).title).toBe('T');
    expect((await w.client.conversations.get(conversation.id)).title).toBe('T');
    expect((await w.client.conversations.list({ project_id: project.id })).data.map((c) => c.id)).toEqual([
      conversation.id,
    ]);

    const global = await w.client.memories.create({ content: 'Prefers metric units.' });
    const local = await w.client.memories.create({ project_id: project.id, content: 'Deadline is Friday.' });
    expect(global.project_id).toBeNull();
    expect(local.project_id).toBe(project.id);
    expect((await w.client.memories.update(global.id, { content: 'Prefers SI units.' })).content).toBe(
      'Prefers SI units.',
    );
    expect((await w.client.memories.get(local.id)).content).toBe('Deadline is Friday.');
    expect((await w.client.memories.list()).data.map((m) => m.id)).toEqual([global.id]);
    expect((await w.client.memories.list({ project_id: project.id })).data.map((m) => m.id)).toEqual([local.id]);
    await w.client.memories.delete(global.id);
    expect((await apiError(w.client.memories.get(global.id))).status).toBe(404);

    await w.client.conversations.delete(conversation.id);
    await w.client.projects.delete(project.id);
    expect((await apiError(w.client.projects.get(project.id))).type).toBe('NOT_FOUND');
  });
});

describe('responses', () => {
  it('streams a turn, replays it, and iterates the conversation items across pages', async () => {
    const m = `marker-${randomUUID()}`;
    llm.script(m, [{ text: 'Hello there, streamed in parts.' }]);
    const stream = w.client.responses.stream({ input: `Say hello ${m}` });
    const events: ResponseStreamEvent[] = [];
    for await (const event of stream) events.push(event);
    expect(events[0]?.type).toBe('response.created');
    expect(events.at(-1)?.type).toBe('response.completed');
    expect(events.map((e) => e.sequence_number)).toEqual(events.map((_, i) => i));
    const text = events
      .filter((e) => e.type === 'response.output_text.delta')
      .map((e) => e.delta)
      .join('');
    expect(text).toBe('Hello there, streamed in parts.');
    expect(stream.responseId).toMatch(/^resp_/);

    const replayed = [];
    for await (const event of w.client.responses.events(stream.responseId!, { lastEventId: '2' })) replayed.push(event);
    expect(replayed.map((e) => e.sequence_number)).toEqual(events.slice(3).map((e) => e.sequence_number));

    const response = await w.client.responses.get(stream.responseId!);
    expect(response.status).toBe('completed');
    const conversationId = response.conversation_id;
    const items = [];
    for await (const item of w.client.conversations.items(conversationId, { limit: 1 })) items.push(item);
    expect(items.map((i) => i.type)).toEqual(['message', 'message']);
  });

  it('answers a finished turn with create(), a queued one in the background, and cancels', async () => {
    const m = `marker-${randomUUID()}`;
    llm.script(m, [{ text: 'Done at once.' }]);
    const finished = await w.client.responses.create({ input: `Answer ${m}` });
    expect(finished.status).toBe('completed');
    expect(JSON.stringify(finished.output)).toContain('Done at once.');

    const slow = `marker-${randomUUID()}`;
    llm.script(slow, [{ text: 'Too late.', delayMs: 5000 }]);
    const queued = await w.client.responses.create({
      input: `Wait ${slow}`,
      conversation_id: finished.conversation_id,
      background: true,
    });
    expect(['queued', 'in_progress']).toContain(queued.status);
    expect((await w.client.responses.listInFlight()).data.map((r) => r.id)).toContain(queued.id);
    expect((await w.client.responses.inFlight(finished.conversation_id)).id).toBe(queued.id);
    const busy = await apiError(
      w.client.responses.create({ input: 'again', conversation_id: finished.conversation_id }),
    );
    expect(busy.type).toBe('CONVERSATION_BUSY');
    expect(busy.requestId).toMatch(/.+/);
    await w.client.responses.cancel(queued.id);
    let final: ResponseStreamEvent | undefined;
    for await (const event of w.client.responses.events(queued.id)) final = event;
    expect(final).toMatchObject({ type: 'response.incomplete', response: { status: 'cancelled' } });
  });
});

describe('webhooks', () => {
  it('creates an endpoint, sends a test event that verifies, and reads events and deliveries', async () => {
    const endpoint = await w.client.webhooks.create({ url: receiver.url, events: ['skill_run.completed'] });
    receiver.secrets = [endpoint.secret];
    expect((await w.client.webhooks.get(endpoint.id)).url).toBe(receiver.url);
    expect((await w.client.webhooks.update(endpoint.id, { description: 'ops' })).description).toBe('ops');
    expect((await w.client.webhooks.list()).data.map((h) => h.id)).toContain(endpoint.id);

    await w.client.webhooks.test(endpoint.id);
    await expect.poll(() => receiver.received.length, { timeout: 15_000 }).toBeGreaterThan(0);
    const delivered = receiver.received[0]!;
    const payload = await verifyWebhook(delivered.body, delivered.headers as Record<string, string>, endpoint.secret);
    expect(payload).toEqual(delivered.verified);
    await expect(
      verifyWebhook(`${delivered.body} `, delivered.headers as Record<string, string>, endpoint.secret),
    ).rejects.toBeInstanceOf(WebhookVerificationError);

    const events = await w.client.webhookEvents.list().toArray();
    const event = events.find((e) => e.id === payload.id)!;
    expect((await w.client.webhookEvents.get(event.id)).type).toBe(event.type);
    const [delivery] = (await w.client.webhookEvents.deliveries(event.id)).data;
    expect((await w.client.webhookDeliveries.get(delivery!.id)).webhook_id).toBe(endpoint.id);
    expect((await w.client.webhooks.deliveries(endpoint.id)).data.map((d) => d.id)).toContain(delivery!.id);
    expect((await w.client.webhookDeliveries.redeliver(delivery!.id)).id).toBe(delivery!.id);
    await expect.poll(() => receiver.byId(payload.id).length, { timeout: 15_000 }).toBe(2);

    const rotated = await w.client.webhooks.rotateSecret(endpoint.id, { grace_period_seconds: 60 });
    expect(rotated.secret).not.toBe(endpoint.secret);
    await w.client.webhooks.delete(endpoint.id);
    expect((await apiError(w.client.webhooks.get(endpoint.id))).status).toBe(404);
  });

  it('verifies what standardwebhooks signs, during a rotation too, and refuses stale or forged ones', async () => {
    const secret = `whsec_${Buffer.from(randomUUID()).toString('base64')}`;
    const older = `whsec_${Buffer.from(randomUUID()).toString('base64')}`;
    const body = JSON.stringify({ id: 'evt_1', type: 'test', created_at: new Date().toISOString(), data: {} });
    const now = new Date();
    const headers = {
      'webhook-id': 'evt_1',
      'webhook-timestamp': String(Math.floor(now.getTime() / 1000)),
      'webhook-signature': `${new Webhook(older).sign('evt_1', now, body)} ${new Webhook(secret).sign('evt_1', now, body)}`,
    };
    expect(await verifyWebhook(body, headers, secret)).toMatchObject({ id: 'evt_1' });
    expect(await verifyWebhook(new TextEncoder().encode(body), new Headers(headers), [older])).toMatchObject({
      id: 'evt_1',
    });
    const other = `whsec_${Buffer.from(randomUUID()).toString('base64')}`;
    await expect(verifyWebhook(body, headers, other)).rejects.toThrow(/no webhook-signature/);
    await expect(verifyWebhook(body, headers, secret, { now: now.getTime() / 1000 + 600 })).rejects.toThrow(
      /tolerance/,
    );
  });
});
