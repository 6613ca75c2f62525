/**
 * Chat Completions chunks that arrive together are merged before the AI SDK parses them: text-only chunks of one
 * read become one, everything else passes unchanged and in order, and the SDK reads the same answer.
 */
import { createOpenAICompatible } from '@ai-sdk/openai-compatible';
import { jsonSchema, streamText } from 'ai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { coalesceChatDeltas, coalescingFetch } from '../src/models/coalesce-chat-deltas.ts';
import { parseTextChunk } from '../src/models/text-chunk-template.ts';
import { type FakeLlm, startFakeLlm } from './support/fake-llm.ts';

const head = { id: 'c1', object: 'chat.completion.chunk', created: 1, model: 'm' };
const frame = (rest: object) => `data: ${JSON.stringify({ ...head, ...rest })}\n\n`;
const text = (content: string) => frame({ choices: [{ index: 0, delta: { content }, finish_reason: null }] });

async function through(chunks: string[]): Promise<string[]> {
  const encoder = new TextEncoder();
  const body = new ReadableStream<Uint8Array>({
    start(controller) {
      for (const c of chunks) controller.enqueue(encoder.encode(c));
      controller.close();
    },
  });
  const out: string[] = [];
  const decoder = new TextDecoder();
  for await (const bytes of coalesceChatDeltas(body)) out.push(decoder.decode(bytes, { stream: true }));
  return out;
}

describe('coalesceChatDeltas', () => {
  it("merges one read's text chunks and passes every other chunk as it came, in order", async () => {
    const role = frame({ choices: [{ index: 0, delta: { role: 'assistant', content: '' }, finish_reason: null }] });
    const tool = frame({
      choices: [
        {
          index: 0,
          delta: {
            tool_calls: [{ index: 0, id: 'call_1', type: 'function', function: { name: 'f', arguments: '{}' } }],
          },
          finish_reason: null,
        },
      ],
    });
    const reasoning = frame({ choices: [{ index: 0, delta: { reasoning_content: 'hm' }, finish_reason: null }] });
    const finish = frame({ choices: [{ index: 0, delta: {}, finish_reason: 'stop' }] });
    const usage = frame({ choices: [], usage: { prompt_tokens: 1, completion_tokens: 2, total_tokens: 3 } });
    const other = `data: ${JSON.stringify({ ...head, id: 'c2', choices: [{ index: 0, delta: { content: 'X' }, finish_reason: null }] })}\n\n`;
    const split = text('Dé');
    const out = await through([
      role + text('He') + text('llo') + text(', ') + split.slice(0, 20),
      split.slice(20) + text('jà') + other + reasoning + text('vu') + tool + finish + usage,
      ': comment\n\ndata: [DONE]\n\n',
    ]);
    expect(out).toEqual([
      role + text('Hello, '),
      text('Déjà') + other + reasoning + text('vu') + tool + finish + usage,
      ': comment\n\ndata: [DONE]\n\n',
    ]);
  });

  it('passes a stream whose events end in CR LF through unchanged', async () => {
    const chunks = [text('a').replaceAll('\n', '\r\n'), text('b').replaceAll('\n', '\r\n'), 'data: [DONE]\r\n\r\n'];
    expect((await through(chunks)).join('')).toBe(chunks.join(''));
  });
});

describe('coalesceChatDeltas on random streams', () => {
  /** A small seeded generator (mulberry32), so a failure names a case that can be run again. */
  const generator = (seed: number) => () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const pieces = ['w', 'ord ', '"', '\\', '\n', 'é', '漢', '😀', '\t', '/', '{"x":1}', '\u2028', ' '];

  /** Events of one stream: text chunks of two completions (one written with spaces), and chunks that are not text. */
  function stream(random: () => number): string[] {
    const events: string[] = [];
    const pick = <T>(xs: T[]) => xs[Math.floor(random() * xs.length)]!;
    const content = () => Array.from({ length: 1 + Math.floor(random() * 4) }, () => pick(pieces)).join('');
    for (let i = 0, n = 1 + Math.floor(random() * 120); i < n; i++) {
      const kind = random();
      if (kind < 0.7) events.push(text(content()));
      else if (kind < 0.78)
        events.push(
          `data: ${JSON.stringify({ ...head, id: 'c2', choices: [{ index: 0, delta: { content: content() }, finish_reason: null }] })}\n\n`,
        );
      else if (kind < 0.82)
        events.push(
          `data: ${JSON.stringify({ ...head, choices: [{ index: 0, delta: { content: content() }, finish_reason: null }] }, null, 1).replaceAll('\n', '')}\n\n`,
        );
      else if (kind < 0.88)
        events.push(frame({ choices: [{ index: 0, delta: { role: 'assistant', content: '' }, finish_reason: null }] }));
      else if (kind < 0.92)
        events.push(frame({ choices: [{ index: 0, delta: { reasoning_content: content() }, finish_reason: null }] }));
      else if (kind < 0.96) events.push(': keep-alive\n\n');
      else events.push(frame({ choices: [{ index: 0, delta: {}, finish_reason: 'stop' }] }));
    }
    events.push('data: [DONE]\n\n');
    return events;
  }

  /** The text a reader of the events gets, and the events that are not text-only chunks, in order. */
  function read(events: string[]): { text: string; others: string[] } {
    let all = '';
    const others: string[] = [];
    for (const event of events) {
      const data = event.startsWith('data: ') ? event.slice(6, -2) : '';
      const chunk = parseTextChunk(data);
      if (chunk) all += chunk.choices[0].delta.content;
      else others.push(event);
    }
    return { text: all, others };
  }

  it.each([false, true])(
    'keeps every character and every other event in order (tap: %s), 300 streams',
    async (withTap) => {
      const encoder = new TextEncoder();
      for (let seed = 1; seed <= 300; seed++) {
        const random = generator(seed);
        const events = stream(random);
        const bytes = encoder.encode(events.join(''));
        const reads: Uint8Array[] = [];
        for (let at = 0; at < bytes.length; ) {
          const size = random() < 0.3 ? 1 + Math.floor(random() * 8) : 1 + Math.floor(random() * 3000);
          reads.push(bytes.slice(at, at + size));
          at += size;
        }
        let tapped = '';
        const body = new ReadableStream<Uint8Array>({
          start(controller) {
            for (const r of reads) controller.enqueue(r);
            controller.close();
          },
        });
        const decoder = new TextDecoder();
        let out = '';
        const tap = withTap ? (t: string) => (tapped += t) : undefined;
        for await (const b of coalesceChatDeltas(body, tap)) out += decoder.decode(b, { stream: true });
        const expected = read(events);
        const forwarded = read(out.split(/(?<=\n\n)/));
        expect(tapped + forwarded.text, `seed ${seed}`).toBe(expected.text);
        expect(forwarded.others, `seed ${seed}`).toEqual(expected.others);
      }
    },
  );
});

describe('the AI SDK over coalesced chunks', () => {
  let llm: FakeLlm;
  beforeAll(async () => {
    llm = await startFakeLlm();
  });
  afterAll(() => llm?.close());

  it('reads the same text, tool calls and usage as without', async () => {
    const answer = 'A long answer that the scripted server sends in twelve-character pieces, all at once. '.repeat(20);
    llm.script('coalesce-text', [{ text: answer, outputTokens: 7 }]);
    llm.script('coalesce-tool', [{ toolCalls: [{ name: 'lookup', arguments: { q: 'tea' } }] }]);
    const read = async (marker: string, coalesce: boolean) => {
      const model = createOpenAICompatible({
        name: 'openai',
        baseURL: llm.baseUrl,
        apiKey: 'k',
        includeUsage: true,
        ...(coalesce ? { fetch: coalescingFetch() } : {}),
      }).chatModel('m');
      const result = streamText({
        model,
        messages: [{ role: 'user', content: marker }],
        tools: { lookup: { inputSchema: jsonSchema({ type: 'object' }) } },
        maxRetries: 0,
      });
      let text = '';
      let deltas = 0;
      const calls: unknown[] = [];
      for await (const part of result.fullStream) {
        if (part.type === 'text-delta') {
          text += part.text;
          deltas++;
        }
        if (part.type === 'tool-call') calls.push({ name: part.toolName, input: part.input });
        if (part.type === 'error') throw part.error;
      }
      return { text, deltas, calls, usage: (await result.totalUsage).outputTokens };
    };
    const plain = await read('coalesce-text', false);
    const merged = await read('coalesce-text', true);
    expect(merged.text).toBe(answer);
    expect(merged.text).toBe(plain.text);
    expect(merged.usage).toBe(7);
    expect(merged.deltas).toBeLessThanOrEqual(plain.deltas);
    expect(await read('coalesce-tool', true)).toEqual(await read('coalesce-tool', false));
    expect((await read('coalesce-tool', true)).calls).toEqual([{ name: 'lookup', input: { q: 'tea' } }]);
  });
});
