/**
 * The model's streamed text as the worker reads it from an OpenAI-compatible provider (`src/models/
 * coalesce-chat-deltas.ts`): text chunks recognised from their bytes and taken out of the stream before the AI SDK,
 * everything else left to the SDK, driven through the public API (the official `openai` SDK as the client) by a
 * scripted provider that writes its frames in awkward pieces: split inside `data:`, between the two line feeds,
 * inside a JSON escape and inside a UTF-8 character.
 */
import { randomUUID } from 'node:crypto';
import OpenAI from 'openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkedFetch } from './support/contract.ts';
import type { FakeLlm, ScriptedReply } from './support/fake-llm.ts';
import { createApiKey, createWorkspace, signedInUser } from './support/identity.ts';
import type { TestApp } from './support/test-app.ts';
import { createTestAppWithModel } from './support/test-app-with-model.ts';

let t: TestApp;
let llm: FakeLlm;
let client: OpenAI;
let ws: string;

beforeAll(async () => {
  ({ t, llm } = await createTestAppWithModel({
    OPENAI_API_KEY: 'k',
    RATE_LIMIT_DEFAULT_PER_MINUTE: '100000',
  }));
  const owner = await signedInUser(t);
  ws = await createWorkspace(t, owner);
  const key = await createApiKey(t, owner, { workspace_id: ws });
  client = new OpenAI({ apiKey: key, baseURL: `${t.url}/api/v1`, fetch: checkedFetch, maxRetries: 0 });
});
afterAll(async () => {
  await t?.close();
});

const head = { id: 'chatcmpl-1', object: 'chat.completion.chunk', created: 1, model: 'm' };
/** One frame: `choice` is choice 0 (with `finish_reason: null` unless given); `rest` replaces top-level fields. */
const frame = (delta: object, choice: object = {}, rest: object = {}) =>
  `data: ${JSON.stringify({ ...head, choices: [{ index: 0, delta, finish_reason: null, ...choice }], ...rest })}\n\n`;
const text = (content: string) => frame({ content });
const role = frame({ role: 'assistant', content: '' });
const end = (outputTokens = 9) =>
  frame({}, { finish_reason: 'stop' }) +
  `data: ${JSON.stringify({ ...head, choices: [], usage: { prompt_tokens: 5, completion_tokens: outputTokens, total_tokens: 5 + outputTokens } })}\n\n` +
  'data: [DONE]\n\n';
/** The bytes of `stream` in pieces of `size`. */
const pieces = (stream: string, size: number) => {
  const bytes = new TextEncoder().encode(stream);
  const out: Uint8Array[] = [];
  for (let i = 0; i < bytes.length; i += size) out.push(bytes.slice(i, i + size));
  return out;
};

/** One streamed turn whose model step(s) answer `replies`: the deltas the client got, and the finished response. */
async function turn(replies: Array<ScriptedReply | ScriptedReply[]>) {
  const m = `split-${randomUUID()}`;
  llm.script(m, replies);
  // biome-ignore lint/suspicious/noExplicitAny: the SDK's params do not know our extra fields.
  const stream = client.responses.stream({ model: 'openai:m', input: m, workspace_id: ws } as any);
  let deltas = '';
  for await (const event of stream) if (event.type === 'response.output_text.delta') deltas += event.delta;
  const final = await stream.finalResponse();
  expect(final.status).toBe('completed');
  // What is stored is what was streamed.
  const stored = await client.responses.retrieve(final.id);
  expect(stored.output_text).toBe(final.output_text);
  expect(messages(stored.output)).toEqual(messages(final.output));
  return { deltas, final };
}

const messages = (output: Array<{ type: string }>) =>
  output.flatMap((o) =>
    o.type === 'message'
      ? [(o as unknown as { content: Array<{ text: string }> }).content.map((c) => c.text).join('')]
      : [],
  );

describe('streamed text from an OpenAI-compatible provider', () => {
  // Escapes of every kind, a surrogate pair written as two escapes in two chunks, and characters of 2 to 4 bytes.
  const escaped =
    role +
    text('Déjà vu, ') +
    text('"quoted" \\ back/slash, ') +
    text('line\nbreak\ttab, ') +
    text('\u2028 and \u0001, ') +
    frame({ content: 'x' }).replace('"x"', '"\\ud83d"') +
    frame({ content: 'x' }).replace('"x"', '"\\ude00"') +
    text(' 漢字 🎉, ') +
    frame({ content: 'x' }).replace('"x"', '"\\u00e9\\/\\b\\f\\r"') +
    text('.') +
    end(23);
  const escapedText = 'Déjà vu, "quoted" \\ back/slash, line\nbreak\ttab, \u2028 and \u0001, 😀 漢字 🎉, é/\b\f\r.';

  it('reads every character once, in order, however the frames are split (7-byte pieces, one piece, 1-byte pieces)', async () => {
    for (const raw of [
      pieces(escaped, 7),
      [escaped],
      pieces(escaped.slice(0, 400), 1).concat(pieces(escaped.slice(400), 64)),
    ]) {
      const { deltas, final } = await turn([{ raw, pauseMs: 1 }]);
      expect(deltas).toBe(escapedText);
      expect(final.output_text).toBe(escapedText);
      expect(final.usage?.output_tokens).toBe(23);
    }
  });

  it('keeps the order when a chunk the parser leaves to the SDK carries text between tapped ones', async () => {
    // Text with logprobs, two choices (the SDK reads the first), a refusal: each hands the rest of the stream over.
    const cases: Array<[string[], string]> = [
      [[text('Hello'), frame({ content: ' wide' }, { logprobs: { content: [] } }), text(' world')], 'Hello wide world'],
      [
        [
          text('Hi'),
          `data: ${JSON.stringify({
            ...head,
            choices: [
              { index: 0, delta: { content: ' x' } },
              { index: 1, delta: { content: ' y' } },
            ],
          })}\n\n`,
          text('!'),
        ],
        'Hi x!',
      ],
      [[text('I '), frame({ refusal: 'cannot' }), text(' help')], 'I cannot help'],
      // A reasoning chunk carries no text: the tap goes on.
      [[text('a'), frame({ reasoning_content: 'thinking' }), text('b')], 'ab'],
    ];
    for (const [frames, expected] of cases) {
      for (const raw of [[role + frames.join('') + end()], [role, ...frames, end()]]) {
        const { deltas, final } = await turn([{ raw }]);
        expect(deltas).toBe(expected);
        expect(final.output_text).toBe(expected);
      }
    }
  });

  it('reads chunks that differ in more than their text, spaced JSON, comments and CR LF line ends', async () => {
    const spaced = (content: string, n: number) =>
      `data: { "id": "c-${n}", "created": ${n}, "choices": [ { "index": 0, "delta": { "content": ${JSON.stringify(content)} } } ] }\n\n`;
    const mixed = [role, text('one '), spaced('two ', 2), ': keep-alive\n\n', spaced('three ', 3), text('four'), end()];
    expect((await turn([{ raw: mixed }])).deltas).toBe('one two three four');
    expect((await turn([{ raw: [mixed.join('')] }])).deltas).toBe('one two three four');
    const crlf = [role, text('cr '), text('lf'), end()].map((f) => f.replaceAll('\n', '\r\n'));
    expect((await turn([{ raw: pieces(crlf.join(''), 5), pauseMs: 1 }])).final.output_text).toBe('cr lf');
  });

  it('takes the tool call after tapped text from the SDK, and the next step answers', async () => {
    const call = frame({
      tool_calls: [
        { index: 0, id: 'call_t1', type: 'function', function: { name: 'remember', arguments: '{"content":"tea"}' } },
      ],
    });
    const { final } = await turn([
      {
        raw: [
          role,
          text('Let me '),
          text('note that.'),
          call,
          frame({}, { finish_reason: 'tool_calls' }),
          'data: [DONE]\n\n',
        ],
      },
      { text: 'Noted.' },
    ]);
    expect(final.output.map((o) => o.type)).toEqual(['message', 'function_call', 'function_call_output', 'message']);
    expect(messages(final.output)).toEqual(['Let me note that.', 'Noted.']);
    expect(final.output[1]).toMatchObject({ name: 'remember', arguments: '{"content":"tea"}' });
  });

  it('retries a model call cut mid-stream and ends with the text of the attempt that finished', async () => {
    const { deltas, final } = await turn([
      [
        { raw: [role, text('Lost '), text('half'), 'data: {"id":"chatcmpl-1","obj'], cut: true },
        { raw: [role, text('Whole '), text('answer.'), end()] },
      ],
    ]);
    expect(final.output_text).toBe('Whole answer.');
    // What the lost attempt wrote stays in the stream (see the README; text it had not written yet is dropped), and
    // the finished message is the second attempt's.
    expect(deltas.endsWith('Whole answer.')).toBe(true);
    expect('Lost half'.startsWith(deltas.slice(0, -'Whole answer.'.length))).toBe(true);
  });
});
