/**
 * Recognising the text-only chunks of a streamed Chat Completion without parsing each one. A provider sends the same
 * bytes around every text delta of a completion (`{"id":"…","object":"chat.completion.chunk",…,"delta":{"content":"`
 * … `"},"finish_reason":null}]}`); once one chunk has been parsed and found to carry only text, later chunks with the
 * same bytes before and after a valid JSON string body are the same chunk with other text. Checking that is a
 * comparison of both ends and one regular-expression test of the body, where parsing costs a JSON.parse, an object
 * and a key check per chunk: at a fast provider's pace, most of the worker's time.
 */

/** What a chunk carrying only text for choice 0 is, as far as the merger (and the AI SDK) reads it. */
export interface TextChunk {
  id?: unknown;
  choices: [{ index: 0; delta: { content: string } }];
}

/** A text chunk as the bytes around its content's JSON string body (`head` ends with the opening quote). */
export interface ChunkTemplate {
  head: string;
  tail: string;
  id: unknown;
}

const TEXT_CHUNK_KEYS = new Set(['id', 'object', 'created', 'model', 'system_fingerprint', 'service_tier', 'choices']);
const TEXT_CHOICE_KEYS = new Set(['index', 'delta', 'finish_reason', 'logprobs']);
/** The body of a JSON string literal (RFC 8259): no raw quote, backslash or control character outside an escape. */
// biome-ignore lint/suspicious/noControlCharactersInRegex: raw control characters are what JSON strings may not hold.
const STRING_BODY = /^(?:[^"\\\u0000-\u001f]|\\["\\/bfnrt]|\\u[0-9a-fA-F]{4})*$/;
// biome-ignore lint/suspicious/noControlCharactersInRegex: as above.
const STRING_BODY_AT = /(?:[^"\\\u0000-\u001f]|\\["\\/bfnrt]|\\u[0-9a-fA-F]{4})*/y;
const CONTENT_KEY = '"content":"';

const nullishOf = (value: unknown, type: 'string' | 'number') =>
  value === undefined || value === null || typeof value === type;

/** The chunk when it carries only text for choice 0 (nothing the SDK would read besides `delta.content`). */
export function parseTextChunk(data: string): TextChunk | undefined {
  if (!data.startsWith('{')) return undefined;
  let chunk: Record<string, unknown>;
  try {
    chunk = JSON.parse(data) as Record<string, unknown>;
  } catch {
    return undefined;
  }
  if (chunk === null || typeof chunk !== 'object' || Array.isArray(chunk)) return undefined;
  if (!Object.keys(chunk).every((k) => TEXT_CHUNK_KEYS.has(k))) return undefined;
  // Typed as the SDK's chunk schema types them: a chunk it would refuse is left to it (and its error).
  if (!nullishOf(chunk.id, 'string') || !nullishOf(chunk.model, 'string') || !nullishOf(chunk.created, 'number')) {
    return undefined;
  }
  const choices = chunk.choices;
  if (!Array.isArray(choices) || choices.length !== 1) return undefined;
  const choice = choices[0] as Record<string, unknown> | null;
  if (!choice || typeof choice !== 'object' || choice.index !== 0) return undefined;
  if (!Object.keys(choice).every((k) => TEXT_CHOICE_KEYS.has(k))) return undefined;
  if (choice.finish_reason != null || choice.logprobs != null) return undefined;
  const delta = choice.delta as Record<string, unknown> | null;
  if (!delta || typeof delta !== 'object') return undefined;
  const keys = Object.keys(delta);
  if (keys.length !== 1 || keys[0] !== 'content' || typeof delta.content !== 'string') return undefined;
  return chunk as unknown as TextChunk;
}

/**
 * The template of `data`, a text chunk that parsed as `chunk`; undefined when its content's string cannot be told
 * from its bytes (spaces around the colon, the key written with escapes, or duplicate keys making the first
 * `"content":"` not the one the parse kept: a probe with one more character must parse to one more character).
 */
export function templateOf(data: string, chunk: TextChunk): ChunkTemplate | undefined {
  const at = data.indexOf(CONTENT_KEY);
  if (at < 0) return undefined;
  const start = at + CONTENT_KEY.length;
  STRING_BODY_AT.lastIndex = start;
  const end = start + (STRING_BODY_AT.exec(data)?.[0].length ?? 0);
  if (data[end] !== '"') return undefined;
  const head = data.slice(0, start);
  const tail = data.slice(end);
  const probe = parseTextChunk(`${head}${data.slice(start, end)}x${tail}`);
  if (!probe || probe.id !== chunk.id || probe.choices[0].delta.content !== `${chunk.choices[0].delta.content}x`) {
    return undefined;
  }
  return { head, tail, id: chunk.id };
}

/** The JSON string body of `data`'s content when `data` is `template`'s chunk with other text; else undefined. */
export function bodyIn(template: ChunkTemplate, data: string): string | undefined {
  const { head, tail } = template;
  const end = data.length - tail.length;
  // Compared as slices: V8's startsWith/endsWith cost several times more here.
  if (end < head.length || data.slice(0, head.length) !== head || data.slice(end) !== tail) return undefined;
  const body = data.slice(head.length, end);
  return STRING_BODY.test(body) ? body : undefined;
}

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');

/**
 * A sticky expression matching one whole event of `template`'s chunk (`data: `, the chunk, the blank line), its body
 * captured: what `bodyIn` accepts of the event's data, found without cutting the event out first.
 */
export function templateEvents(template: ChunkTemplate): RegExp {
  return new RegExp(
    `data: ${escapeRegExp(template.head)}(${STRING_BODY.source.slice(1, -1)})${escapeRegExp(template.tail)}\n\n`,
    'y',
  );
}

/**
 * The template and body a parsed text chunk is written with: its own bytes when a template can be read from them
 * (and `own`: reading one costs another parse), else the chunk written anew, its fields but `choices` first, then the one choice with only the text.
 */
export function shapeOf(data: string, chunk: TextChunk, own = true): { template: ChunkTemplate; body: string } {
  const read = own ? templateOf(data, chunk) : undefined;
  if (read) return { template: read, body: data.slice(read.head.length, data.length - read.tail.length) };
  const { choices, ...fields } = chunk;
  const before = JSON.stringify(fields).slice(1, -1);
  return {
    template: {
      head: `{${before}${before ? ',' : ''}"choices":[{"index":0,"delta":{${CONTENT_KEY}`,
      tail: '"},"finish_reason":null}]}',
      id: chunk.id,
    },
    body: JSON.stringify(choices[0].delta.content).slice(1, -1),
  };
}
