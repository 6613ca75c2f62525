/**
 * Conversation turns through the official `openai` SDK pointed at our API: streamed turns with text and a tool call,
 * resuming a stream, `stream: false`, background turns, cancelling, and a busy conversation under each
 * multitask strategy. The model is the scripted Chat Completions server.
 */
import { randomUUID } from 'node:crypto';
import OpenAI from 'openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startRunReconciler } from '../src/runs/reconciler.ts';
import { checkedFetch } from './support/contract.ts';
import type { FakeLlm } from './support/fake-llm.ts';
import { auth, createApiKey, createWorkspace, jsonBody, signedInUser, type TestUser } from './support/identity.ts';
import { json, type TestApp } from './support/test-app.ts';
import { createTestAppWithModel } from './support/test-app-with-model.ts';

let t: TestApp;
let llm: FakeLlm;
let owner: TestUser;
let ws: string;
let client: OpenAI;
const MODEL = 'openai:gpt-4o-mini';

beforeAll(async () => {
  ({ t, llm } = await createTestAppWithModel({
    OPENAI_API_KEY: 'k',
    RATE_LIMIT_DEFAULT_PER_MINUTE: '100000',
  }));
  owner = await signedInUser(t);
  ws = await createWorkspace(t, owner);
  const key = await createApiKey(t, owner, { workspace_id: ws });
  client = new OpenAI({ apiKey: key, baseURL: `${t.url}/api/v1`, fetch: checkedFetch, maxRetries: 0 });
});
afterAll(async () => {
  await t?.close();
});

async function conversation(body: Record<string, unknown> = {}): Promise<string> {
  const res = await t.fetch('/api/v1/conversations', jsonBody({ workspace_id: ws, ...body }, auth(owner.session)));
  expect(res.status).toBe(201);
  return (await json(res)).id;
}

const get = async (path: string) => json(await t.fetch(path, { headers: auth(owner.session) }));

// biome-ignore lint/suspicious/noExplicitAny: the SDK's params do not know our extra fields.
const params = (p: Record<string, unknown>): any => ({ model: MODEL, ...p });

async function waitFor(id: string, statuses: string[]) {
  const deadline = Date.now() + 30_000;
  for (;;) {
    const r = await get(`/api/v1/responses/${id}`);
    if (statuses.includes(r.status)) return r;
    if (Date.now() > deadline) throw new Error(`response ${id} is ${r.status}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** Reads a raw SSE body into events (type, sequence number, data). */
async function readSse(res: Response) {
  const text = await res.text();
  return text
    .split('\n\n')
    .filter((block) => block.includes('data:'))
    .map((block) => {
      const data = block
        .split('\n')
        .filter((l) => l.startsWith('data:'))
        .map((l) => l.slice(5).trim())
        .join('\n');
      const id = block.split('\n').find((l) => l.startsWith('id:'));
      return { id: id ? Number(id.slice(3).trim()) : undefined, ...JSON.parse(data) };
    });
}

describe('POST /responses with the openai SDK', () => {
  it('streams a turn with a tool call and text, and the conversation keeps its items', async () => {
    const m = `tea-${randomUUID()}`;
    const script = llm.script(m, [
      { toolCalls: [{ name: 'remember', arguments: { content: `${m} prefers green tea` } }], inputTokens: 50 },
      { text: 'Noted: you prefer green tea, and I will remember it.', inputTokens: 70, outputTokens: 30 },
    ]);
    // In a project, so the memory it saves is the project's and later tests' conversations do not see it.
    const project = await t.fetch('/api/v1/projects', jsonBody({ workspace_id: ws, name: 'Tea' }, auth(owner.session)));
    const conv = await conversation({ project_id: (await json(project)).id });
    const stream = client.responses.stream(params({ input: `Remember: I prefer green tea. ${m}`, conversation: conv }));
    const events: Array<{ type: string; sequence_number: number }> = [];
    for await (const event of stream) events.push(event);
    const final = await stream.finalResponse();

    expect(final.status).toBe('completed');
    expect(final.output_text).toBe('Noted: you prefer green tea, and I will remember it.');
    expect(final.usage).toMatchObject({ input_tokens: 120, output_tokens: 50, total_tokens: 170 });
    expect(final.output.map((o) => o.type)).toEqual(['function_call', 'function_call_output', 'message']);
    const call = final.output[0] as { name: string; arguments: string };
    expect(call.name).toBe('remember');
    expect(JSON.parse(call.arguments)).toEqual({ content: `${m} prefers green tea` });

    const types = events.map((e) => e.type);
    expect(types[0]).toBe('response.created');
    expect(types.at(-1)).toBe('response.completed');
    for (const type of [
      'response.in_progress',
      'response.output_item.added',
      'response.function_call_arguments.delta',
      'response.function_call_arguments.done',
      'response.content_part.added',
      'response.output_text.delta',
      'response.output_text.done',
      'response.content_part.done',
      'response.output_item.done',
    ]) {
      expect(types).toContain(type);
    }
    expect(events.map((e) => e.sequence_number)).toEqual(events.map((_, i) => i));

    // The tool really ran: the memory exists, saved by the agent.
    const { project_id } = await get(`/api/v1/conversations/${conv}`);
    const memories = await get(`/api/v1/memories?project_id=${project_id}&source=agent`);
    expect(memories.data.map((x: { content: string }) => x.content)).toContain(`${m} prefers green tea`);
    // The second model call saw the tool's result.
    expect(JSON.stringify(script.requests[1]?.messages)).toContain('Remembered');

    const items = await get(`/api/v1/conversations/${conv}/items`);
    expect(items.data.map((i: { type: string; role?: string }) => `${i.type}:${i.role ?? ''}`)).toEqual([
      'message:user',
      'function_call:',
      'function_call_output:',
      'message:assistant',
    ]);
    const c = await get(`/api/v1/conversations/${conv}`);
    expect(c.title).toBe(`Remember: I prefer green tea. ${m}`.slice(0, 80));
  });

  it('resumes a stream after sequence N with exactly the remaining events (SDK and Last-Event-ID)', async () => {
    const m = `resume-${randomUUID()}`;
    llm.script(m, [{ text: 'A fairly long answer, split into several deltas by the fake provider.' }]);
    const conv = await conversation();
    const first = await client.responses.create(params({ input: m, conversation: conv, stream: false }));
    expect(first.status).toBe('completed');
    const all = await readSse(
      await t.fetch(`/api/v1/responses/${first.id}?stream=true`, { headers: auth(owner.session) }),
    );
    expect(all[0].type).toBe('response.created');
    expect(all.at(-1).type).toBe('response.completed');
    const n = 3;

    const resumed = client.responses.stream({ response_id: first.id, starting_after: n });
    const seen: number[] = [];
    for await (const event of resumed) seen.push(event.sequence_number);
    expect(seen).toEqual(all.filter((e) => e.sequence_number > n).map((e) => e.sequence_number));
    expect((await resumed.finalResponse()).output_text).toBe(first.output_text);

    const byHeader = await readSse(
      await t.fetch(`/api/v1/responses/${first.id}?stream=true`, {
        headers: { ...auth(owner.session), 'Last-Event-ID': String(n) },
      }),
    );
    expect(byHeader.map((e) => e.id)).toEqual(all.slice(n + 1).map((e) => e.sequence_number));
    const byQuery = await readSse(
      await t.fetch(`/api/v1/responses/${first.id}?stream=true&starting_after=${n}`, { headers: auth(owner.session) }),
    );
    expect(byQuery).toEqual(byHeader);
  });

  it('streams with responses.create({stream: true}) and answers stream: false with the finished object', async () => {
    const m = `create-${randomUUID()}`;
    llm.script(m, [{ text: 'First answer.' }, { text: 'Second answer.' }]);
    const conv = await conversation();
    const stream = await client.responses.create({
      ...params({ input: m, conversation: conv }),
      stream: true,
    } as OpenAI.Responses.ResponseCreateParamsStreaming);
    let text = '';
    let completed: OpenAI.Responses.Response | undefined;
    for await (const event of stream) {
      if (event.type === 'response.output_text.delta') text += event.delta;
      if (event.type === 'response.completed') completed = event.response;
    }
    expect(text).toBe('First answer.');
    expect(completed?.status).toBe('completed');

    // The second turn sees the first (the scripted model answers by how many assistant turns it is shown). Without
    // `stream` the SDK (Accept: application/json) gets JSON, as from OpenAI; curl's `*/*` gets the seed's stream.
    const second = await client.responses.create(params({ input: 'And again?', conversation: conv }));
    expect(second.output_text).toBe('Second answer.');
    expect(second.status).toBe('completed');
  });

  it('streams by default to clients that accept anything, and replays an Idempotency-Key as the created object', async () => {
    const m = `default-${randomUUID()}`;
    llm.script(m, [{ text: 'Streamed by default.' }]);
    const conv = await conversation();
    const res = await t.fetch(
      '/api/v1/responses',
      jsonBody({ conversation_id: conv, input: m }, { ...auth(owner.session), Accept: '*/*', 'Idempotency-Key': m }),
    );
    expect(res.headers.get('content-type')).toContain('text/event-stream');
    const events = await readSse(res);
    expect(events.at(-1).type).toBe('response.completed');
    const again = await t.fetch(
      '/api/v1/responses',
      jsonBody({ conversation_id: conv, input: m }, { ...auth(owner.session), Accept: '*/*', 'Idempotency-Key': m }),
    );
    expect(again.status).toBe(200);
    expect(again.headers.get('idempotent-replayed')).toBe('true');
    expect((await json(again)).id).toBe(events[0].response.id);
    expect(await t.deps.prisma.response.count({ where: { conversationId: conv } })).toBe(1);
  });

  it('runs a background turn that can be polled', async () => {
    const m = `bg-${randomUUID()}`;
    llm.script(m, [{ text: 'Done in the background.', delayMs: 300 }]);
    const conv = await conversation();
    const started = await client.responses.create(
      params({ input: m, conversation: conv, stream: false, background: true }),
    );
    expect(['queued', 'in_progress']).toContain(started.status);
    const done = await waitFor(started.id, ['completed']);
    expect(done.output_text).toBe('Done in the background.');
    const fetched = await client.responses.retrieve(started.id);
    expect(fetched.output_text).toBe('Done in the background.');
  });

  it('creates a conversation when none is named', async () => {
    const m = `new-conv-${randomUUID()}`;
    llm.script(m, [{ text: 'Hello.' }]);
    const r = await client.responses.create(params({ input: m, stream: false }));
    expect(r.status).toBe('completed');
    const conv = await get(`/api/v1/conversations/${(r as unknown as { conversation_id: string }).conversation_id}`);
    expect(conv.workspace_id).toBe(ws);
  });
});

describe('cancelling and busy conversations', () => {
  it('cancels a turn mid-stream; the stream ends and a second cancel is a no-op', async () => {
    const m = `cancel-${randomUUID()}`;
    llm.script(m, [{ text: 'Too late.', delayMs: 20_000 }]);
    const conv = await conversation();
    const stream = client.responses.stream(params({ input: m, conversation: conv }));
    const types: string[] = [];
    let id = '';
    for await (const event of stream) {
      types.push(event.type);
      if (event.type === 'response.in_progress') {
        id = event.response.id;
        const res = await t.fetch(`/api/v1/responses/${id}/cancel`, { method: 'POST', headers: auth(owner.session) });
        expect(res.status).toBe(200);
      }
    }
    expect(types.at(-1)).toBe('response.incomplete');
    const final = await stream.finalResponse();
    expect(final.status).toBe('cancelled');
    const again = await t.fetch(`/api/v1/responses/${id}/cancel`, { method: 'POST', headers: auth(owner.session) });
    expect(again.status).toBe(200);
    expect((await json(again)).status).toBe('cancelled');
    const inFlight = await t.fetch(`/api/v1/responses/in-flight?conversation_id=${conv}`, {
      headers: auth(owner.session),
    });
    expect(inFlight.status).toBe(404);
  });

  it('keeps the partial text of a turn cancelled while the model writes', async () => {
    const m = `partial-${randomUUID()}`;
    const full = 'This answer arrives slowly, twelve characters at a time, over several seconds.';
    llm.script(m, [{ text: full, chunkDelayMs: 400 }]);
    const conv = await conversation();
    const stream = client.responses.stream(params({ input: m, conversation: conv }));
    let id = '';
    let streamed = '';
    for await (const event of stream) {
      if (event.type === 'response.created') id = event.response.id;
      if (event.type === 'response.output_text.delta') {
        streamed += event.delta;
        if (streamed.length >= 12 && streamed.length < 24) {
          await t.fetch(`/api/v1/responses/${id}/cancel`, { method: 'POST', headers: auth(owner.session) });
        }
      }
    }
    const final = await stream.finalResponse();
    expect(final.status).toBe('cancelled');
    expect(final.output_text.length).toBeGreaterThanOrEqual(12);
    expect(final.output_text.length).toBeLessThan(full.length);
    expect(full.startsWith(final.output_text)).toBe(true);
    expect(final.output).toEqual([expect.objectContaining({ type: 'message', status: 'incomplete' })]);
    // The conversation keeps it, and the next turn sees it.
    const items = await get(`/api/v1/conversations/${conv}/items`);
    expect(items.data.at(-1)).toMatchObject({ role: 'assistant', status: 'incomplete' });
    expect(items.data.at(-1).content[0].text).toBe(final.output_text);
  });

  it('lists several streaming turns at once, each with the text it has so far', async () => {
    const texts = ['First slow answer, in twelve-character pieces.', 'Second slow answer, also arriving piecemeal.'];
    const ids: string[] = [];
    for (const text of texts) {
      const m = `listed-${randomUUID()}`;
      llm.script(m, [{ text, chunkDelayMs: 300 }]);
      const conv = await conversation();
      ids.push(
        (await client.responses.create(params({ input: m, conversation: conv, stream: false, background: true }))).id,
      );
    }
    // Until both have written at least two pieces, which the list folds from their pending deltas.
    let listed: Array<{ id: string; output_text: string }> = [];
    await expect
      .poll(
        async () => {
          listed = (await get(`/api/v1/responses/in-flight-list?workspace_id=${ws}`)).data;
          return ids.every((id) => (listed.find((r) => r.id === id)?.output_text.length ?? 0) >= 24);
        },
        { timeout: 20_000 },
      )
      .toBe(true);
    for (const [i, id] of ids.entries()) {
      const shown = listed.find((r) => r.id === id)!.output_text;
      expect(texts[i]!.startsWith(shown)).toBe(true);
      // Read alone a moment later, the same response has at least that text.
      expect((await get(`/api/v1/responses/${id}`)).output_text.startsWith(shown)).toBe(true);
      await t.fetch(`/api/v1/responses/${id}/cancel`, { method: 'POST', headers: auth(owner.session) });
    }
  });

  it('rejects, enqueues or interrupts a message sent while a turn runs', async () => {
    const m = `busy-${randomUUID()}`;
    llm.script(m, [{ text: 'Slow first answer.', delayMs: 1500 }, { text: 'Queued answer.' }]);
    const conv = await conversation();
    const first = await client.responses.create(
      params({ input: m, conversation: conv, stream: false, background: true }),
    );

    const rejected = await t.fetch(
      '/api/v1/responses',
      jsonBody({ conversation_id: conv, input: 'again', stream: false }, auth(owner.session)),
    );
    expect(rejected.status).toBe(409);
    expect((await json(rejected)).type).toBe('CONVERSATION_BUSY');

    const inFlight = await get(`/api/v1/responses/in-flight-list?conversation_id=${conv}`);
    expect(inFlight.data.map((r: { id: string }) => r.id)).toEqual([first.id]);

    const queued = await client.responses.create(
      params({ input: 'next', conversation: conv, stream: false, multitask_strategy: 'enqueue' }),
    );
    expect(queued.status).toBe('completed');
    expect(queued.output_text).toBe('Queued answer.');
    expect((await get(`/api/v1/responses/${first.id}`)).status).toBe('completed');

    // interrupt: the running turn is cancelled and keeps what it had; the new one runs.
    const n = `interrupt-${randomUUID()}`;
    const n2 = `interrupting-${randomUUID()}`;
    // Registered first, so the second turn (whose history also holds n) gets this script.
    llm.script(n2, [{ text: 'Interrupting answer.' }]);
    llm.script(n, [{ text: 'never', delayMs: 20_000 }]);
    const conv2 = await conversation();
    const slow = await client.responses.create(
      params({ input: n, conversation: conv2, stream: false, background: true }),
    );
    await waitFor(slow.id, ['in_progress']);
    const interrupting = await client.responses.create(
      params({ input: `stop, do this ${n2}`, conversation: conv2, stream: false, multitask_strategy: 'interrupt' }),
    );
    expect((await get(`/api/v1/responses/${slow.id}`)).status).toBe('cancelled');
    expect(interrupting.status).toBe('completed');
    expect(interrupting.output_text).toBe('Interrupting answer.');
  });
});

describe('turns whose workflow is gone', () => {
  it('ends a turn whose workflow was terminated, and the conversation takes new turns', async () => {
    const reconciler = startRunReconciler(t.deps, { intervalMs: 1000 });
    try {
      const m = `terminated-${randomUUID()}`;
      const n = `after-${randomUUID()}`;
      llm.script(n, [{ text: 'Back to normal.' }]);
      llm.script(m, [{ text: 'never', delayMs: 20_000 }]);
      const conv = await conversation();
      const turn = await client.responses.create(
        params({ input: m, conversation: conv, stream: false, background: true }),
      );
      await waitFor(turn.id, ['in_progress']);
      await t.deps.temporal.workflow.getHandle(turn.id).terminate('operator says stop');
      const ended = await waitFor(turn.id, ['failed']);
      expect(ended.error).toMatchObject({ code: 'WORKFLOW_TERMINATED' });
      expect(ended.error.message).toContain('operator says stop');
      const next = await client.responses.create(params({ input: n, conversation: conv, stream: false }));
      expect(next.output_text).toBe('Back to normal.');
    } finally {
      reconciler.stop();
    }
  });
});

describe('hostile input', () => {
  it('answers 400 or 404 naming the field, never 500', async () => {
    const conv = await conversation();
    const post = (body: unknown) => t.fetch('/api/v1/responses', jsonBody(body, auth(owner.session)));
    const cases: Array<[unknown, number, string]> = [
      [{ conversation_id: conv, input: '' }, 400, 'body.input'],
      [{ conversation_id: conv, input: 'x\u0000y' }, 400, 'body.input'],
      [{ conversation_id: conv, input: 'x', evil: true }, 400, 'body'],
      [{ conversation_id: 'conv_nope', input: 'x' }, 404, 'body.conversation_id'],
      [{ conversation_id: conv, input: 'x', skill_ids: ['skill_nope'] }, 404, 'body.skill_ids[0]'],
      [{ conversation_id: conv, input: 'x', multitask_strategy: 'yolo' }, 400, 'body.multitask_strategy'],
      [{ conversation_id: conv, input: [{ role: 'system', content: 'x' }] }, 400, 'body.input'],
      [{ conversation_id: conv, input: 'x', model: 'nope:model' }, 400, 'body.model'],
    ];
    for (const [body, status, field] of cases) {
      const res = await post(body);
      expect(res.status, JSON.stringify(body)).toBe(status);
      const problem = await json(res);
      if (status === 400 || field !== 'body') {
        expect(JSON.stringify(problem.errors ?? []), JSON.stringify(body)).toContain(field);
      }
    }
    // A refused turn that would have started a conversation leaves none behind.
    const before = await t.deps.prisma.conversation.count({ where: { workspaceId: ws } });
    expect((await post({ input: 'x', model: 'nope:model', workspace_id: ws })).status).toBe(400);
    expect(await t.deps.prisma.conversation.count({ where: { workspaceId: ws } })).toBe(before);
    const bad = await t.fetch('/api/v1/responses/resp_nope?stream=true&starting_after=-5', {
      headers: auth(owner.session),
    });
    expect(bad.status).toBe(400);
    const missing = await t.fetch('/api/v1/responses/resp_nope', { headers: auth(owner.session) });
    expect(missing.status).toBe(404);
  });
});
