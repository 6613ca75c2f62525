/**
 * A conversation turn through the `anthropic:` provider (Anthropic's Messages API wire format, served locally),
 * streamed to the official `openai` SDK: the provider does not change the Responses shape of the stream.
 */
import OpenAI from 'openai';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { checkedFetch } from './support/contract.ts';
import { startFakeAnthropic } from './support/fake-anthropic.ts';
import { createApiKey, createWorkspace, signedInUser } from './support/identity.ts';
import { createTestApp, type TestApp } from './support/test-app.ts';

let t: TestApp;
let anthropic: Awaited<ReturnType<typeof startFakeAnthropic>>;
beforeAll(async () => {
  anthropic = await startFakeAnthropic([
    { toolUse: { name: 'remember', input: { content: 'The user reports in EUR.' } } },
    { text: 'Noted: EUR from now on.' },
  ]);
  t = await createTestApp({
    ANTHROPIC_BASE_URL: anthropic.baseUrl,
    ANTHROPIC_API_KEY: 'sk-ant-test',
    RATE_LIMIT_DEFAULT_PER_MINUTE: '100000',
  });
});
afterAll(async () => {
  await t?.close();
  await anthropic?.close();
});

it('streams a turn with a tool use and text from the Messages API in the Responses shape', async () => {
  const owner = await signedInUser(t);
  const ws = await createWorkspace(t, owner);
  const key = await createApiKey(t, owner, { workspace_id: ws });
  const client = new OpenAI({ apiKey: key, baseURL: `${t.url}/api/v1`, fetch: checkedFetch, maxRetries: 0 });
  const stream = client.responses.stream({ model: 'anthropic:claude-haiku-4-5', input: 'I report in EUR.' });
  const types: string[] = [];
  for await (const event of stream) types.push(event.type);
  const final = await stream.finalResponse();
  expect(final.status).toBe('completed');
  expect(final.output_text).toBe('Noted: EUR from now on.');
  expect(final.output.map((o) => o.type)).toEqual(['function_call', 'function_call_output', 'message']);
  expect(final.usage?.input_tokens).toBe(100);
  expect(types).toContain('response.function_call_arguments.done');
  expect(anthropic.requests).toHaveLength(2);
  expect(JSON.stringify(anthropic.requests[0]!.body.tools)).toContain('remember');
  const memories = await t.deps.prisma.memory.findMany({ where: { workspaceId: ws } });
  expect(memories.map((m) => [m.content, m.source])).toEqual([['The user reports in EUR.', 'agent']]);
});
