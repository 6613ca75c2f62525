/**
 * The conversation agent writes to the conversation's scratchpad as it reasons (`write_scratchpad_cell`): a note, and
 * code it runs at once in the sandbox, whose output comes back to the model and stays in the cell for the user.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { FakeLlm } from './support/fake-llm.ts';
import { createWorkspace, signedInUser } from './support/identity.ts';
import { scratchpadClient } from './support/scratchpads.ts';
import type { TestApp } from './support/test-app.ts';
import { createTestAppWithModel } from './support/test-app-with-model.ts';

let t: TestApp;
let llm: FakeLlm;
let api: ReturnType<typeof scratchpadClient>;
let ws: string;

beforeAll(async () => {
  ({ t, llm } = await createTestAppWithModel({
    OPENAI_API_KEY: 'k',
    RATE_LIMIT_DEFAULT_PER_MINUTE: '100000',
  }));
  const owner = await signedInUser(t);
  ws = await createWorkspace(t, owner);
  api = scratchpadClient(t, owner);
});
afterAll(async () => {
  await t?.close();
});

it('writes a note and runs code in the conversation’s scratchpad, and the model sees what it printed', async () => {
  const m = `scratch-${randomUUID()}`;
  const script = llm.script(m, [
    {
      toolCalls: [
        { name: 'write_scratchpad_cell', arguments: { type: 'markdown', content: '## Plan\nAdd the numbers.' } },
        {
          name: 'write_scratchpad_cell',
          arguments: { type: 'code', language: 'python', content: 'print(sum([12, 30]))', run: true },
        },
      ],
    },
    {
      toolCalls: [
        { name: 'write_scratchpad_cell', arguments: { type: 'code', content: 'import sys; sys.exit(2)', run: true } },
      ],
    },
    { text: 'The total is 42.' },
    { toolCalls: [{ name: 'write_scratchpad_cell', arguments: { type: 'markdown', content: 'Done.' } }] },
    { text: 'Noted.' },
  ]);
  const conv = (await api.ok('POST', '/api/v1/conversations', { workspace_id: ws }, 201)).id;
  const turn = await api.ok('POST', '/api/v1/responses', {
    conversation_id: conv,
    input: `Add 12 and 30. ${m}`,
    stream: false,
  });
  expect(turn.status).toBe('completed');
  expect(turn.output_text).toBe('The total is 42.');

  const list = await api.ok('GET', `/api/v1/scratchpads?conversation_id=${conv}`);
  expect(list.data).toHaveLength(1);
  const sp = await api.ok('GET', `/api/v1/scratchpads/${list.data[0].id}`);
  expect(sp.title).toBe('Agent scratchpad');
  expect(
    sp.cells.map((c: { index: number; type: string; status: string | null }) => [c.index, c.type, c.status]),
  ).toEqual([
    [0, 'markdown', null],
    [1, 'code', 'success'],
    [2, 'code', 'error'],
  ]);
  expect(sp.cells[1].outputs).toEqual([{ mime_type: 'text/plain', stream: 'stdout', data: '42\n' }]);
  expect(sp.cells[2].error).toBe('Exited with code 2');

  // The tool results the model was given.
  const toolResults = script.requests[1]!.messages.filter((msg) => msg.role === 'tool').map((msg) =>
    String(msg.content),
  );
  expect(toolResults[0]).toContain('Wrote cell');
  expect(toolResults[1]).toContain('success');
  expect(toolResults[1]).toContain('42');
  const last = script.requests[2]!.messages.filter((msg) => msg.role === 'tool').at(-1);
  expect(String(last?.content)).toContain('Exited with code 2');

  // A later turn (the script's next steps: the fake model reads the whole conversation) writes into the same
  // scratchpad; the user can run the agent's cells again.
  await api.ok('POST', '/api/v1/responses', { conversation_id: conv, input: 'Note that you are done.', stream: false });
  expect((await api.ok('GET', `/api/v1/scratchpads/${sp.id}`)).cells).toHaveLength(4);
  expect((await api.start(sp.id, sp.cells[1].id)).status).toBe(202);
  expect(await api.settle(sp.id, sp.cells[1].id)).toMatchObject({ status: 'success', execution_count: 2 });
});
