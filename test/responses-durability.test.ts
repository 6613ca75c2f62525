/**
 * A worker process that really dies in the middle of a conversation turn (SKILLPLANE_TEST_CRASH_AT) is replaced, and
 * the turn completes once: its committed steps are not repeated or charged twice, its stream keeps gapless sequence
 * numbers with one final event, and its tool's effect (a memory) happens once.
 */
import { randomUUID } from 'node:crypto';
import { once } from 'node:events';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { FakeLlm } from './support/fake-llm.ts';
import { auth, createWorkspace, jsonBody, signedInUser, type TestUser } from './support/identity.ts';
import { spawnEntry } from './support/processes.ts';
import { json, type TestApp } from './support/test-app.ts';
import { createTestAppWithModel, workerProcessEnv } from './support/test-app-with-model.ts';

let t: TestApp;
let llm: FakeLlm;
let owner: TestUser;
let ws: string;
beforeAll(async () => {
  ({ t, llm } = await createTestAppWithModel(
    { OPENAI_API_KEY: 'k', RATE_LIMIT_DEFAULT_PER_MINUTE: '100000' },
    { worker: false },
  ));
  owner = await signedInUser(t);
  ws = await createWorkspace(t, owner);
});
afterAll(async () => {
  await t?.close();
});

const workerEnv = (extra: Record<string, string> = {}) => workerProcessEnv(t, llm, extra);

async function turnThroughCrash(point: string, m: string) {
  const conv = await json(await t.fetch('/api/v1/conversations', jsonBody({ workspace_id: ws }, auth(owner.session))));
  const crashing = spawnEntry('workflows/main.ts', workerEnv({ SKILLPLANE_TEST_CRASH_AT: point }));
  await crashing.waitFor(/worker polling/);
  const exited = once(crashing.child, 'exit');
  const started = await t.fetch(
    '/api/v1/responses',
    jsonBody({ conversation_id: conv.id, input: m, stream: false, background: true }, auth(owner.session)),
  );
  expect(started.status).toBe(200);
  const { id } = await json(started);
  const [code] = await exited;
  expect(code).toBe(86);
  const replacement = spawnEntry('workflows/main.ts', workerEnv());
  try {
    await replacement.waitFor(/worker polling/);
    const deadline = Date.now() + 60_000;
    for (;;) {
      const r = await json(await t.fetch(`/api/v1/responses/${id}`, { headers: auth(owner.session) }));
      if (['completed', 'failed', 'incomplete', 'cancelled'].includes(r.status)) return r;
      if (Date.now() > deadline) throw new Error(`turn ${id} is still ${r.status}`);
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  } finally {
    await replacement.kill('SIGTERM');
  }
}

const events = (responseId: string) =>
  t.deps.prisma.responseEvent.findMany({ where: { responseId }, orderBy: { seq: 'asc' } });

it('completes a turn once when the worker dies after a tool-calling model step committed', async () => {
  const m = `crash-committed-${randomUUID()}`;
  const script = llm.script(m, [
    { toolCalls: [{ name: 'remember', arguments: { content: `${m} fact` } }], inputTokens: 1000, outputTokens: 10 },
    { text: 'Saved it.', inputTokens: 1000, outputTokens: 20 },
  ]);
  const r = await turnThroughCrash('model-step-committed', m);
  expect(r.status).toBe('completed');
  expect(r.output_text).toBe('Saved it.');
  expect(script.calls[0]).toBe(1);
  expect(r.usage).toMatchObject({ input_tokens: 2000, output_tokens: 30 });
  expect(r.output.map((o: { type: string }) => o.type)).toEqual(['function_call', 'function_call_output', 'message']);
  const stream = await events(r.id);
  expect(stream.map((e) => e.seq)).toEqual(stream.map((_, i) => i));
  expect(stream.filter((e) => e.type === 'response.completed')).toHaveLength(1);
  expect(await t.deps.prisma.memory.count({ where: { content: `${m} fact` } })).toBe(1);
  // A global memory reaches every later turn, and the scripted model would answer those with this script.
  await t.deps.prisma.memory.deleteMany({ where: { workspaceId: ws } });
}, 120_000);

it('charges once and ends with the committed text when the worker dies after the model answered', async () => {
  const m = `crash-called-${randomUUID()}`;
  const script = llm.script(m, [{ text: 'The one true answer.', inputTokens: 500, outputTokens: 5 }]);
  const r = await turnThroughCrash('model-step-called', m);
  expect(r.status).toBe('completed');
  expect(script.calls[0]).toBe(2);
  expect(r.output_text).toBe('The one true answer.');
  expect(r.usage).toMatchObject({ input_tokens: 500, output_tokens: 5 });
  const stream = await events(r.id);
  expect(stream.map((e) => e.seq)).toEqual(stream.map((_, i) => i));
  const done = stream.filter((e) => e.type === 'response.output_text.done');
  expect(done.map((e) => (e.data as { text: string }).text)).toEqual(['The one true answer.']);
}, 120_000);
