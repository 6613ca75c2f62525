/**
 * A `fetch` for OpenAI-compatible providers that takes the text of a streamed Chat Completion out of the stream
 * before the AI SDK parses it, or at least merges the text-only chunks that arrive together (in one read).
 *
 * WHY: the SDK costs tens of microseconds per chunk (several web-stream stages, a schema check, a part for the
 * caller), where recognising a text chunk costs well under one (`text-chunk-template.ts`); a provider sending tokens
 * faster than the SDK's pace would be slowed to it. With `tap`, text-only chunks never reach the SDK: their text goes
 * to `tap` as each read's text, and the SDK reads what is left (role, tool calls, reasoning, finish, usage, errors,
 * anything unknown), unchanged and in order. That is exact only while no text goes through the SDK (its text would
 * reach the caller after text tapped later), so the first forwarded event that may carry text ends the tapping: from
 * there on, text-only chunks are merged per read and everything goes to the SDK, as without `tap`. Only what has
 * already arrived is merged or tapped, so no text waits for more.
 */
import { bodyIn, type ChunkTemplate, parseTextChunk, shapeOf, templateEvents } from './text-chunk-template.ts';

/** Templates read in a row that no later chunk matched, after which a stream stops reading them (each costs a parse). */
const TEMPLATE_MISSES = 3;

/**
 * Lets I/O callbacks run. A body the socket has already delivered in full is read through promises alone, which
 * would keep everything else in the process waiting until its end: the step's database writes of the text so far.
 */
const yieldToIo = () => new Promise<void>((resolve) => setImmediate(resolve));

/**
 * Whether the SDK could read text from this event. Only a comment, `[DONE]`, or one `data:` line of JSON whose
 * choices carry no content and no refusal is known not to; anything else might.
 */
function mayCarryText(event: string): boolean {
  if (event.split('\n').every((line) => line === '' || line.startsWith(':'))) return false;
  if (event.slice(0, 6) !== 'data: ' || event.includes('\n')) return true;
  const data = event.slice(6);
  if (data === '[DONE]') return false;
  let chunk: { choices?: unknown } | null;
  try {
    chunk = JSON.parse(data) as { choices?: unknown } | null;
  } catch {
    return true;
  }
  if (chunk === null || typeof chunk !== 'object' || Array.isArray(chunk)) return false;
  if (chunk.choices == null) return false;
  if (!Array.isArray(chunk.choices)) return true;
  // The SDK reads text from a choice's `content` and `refusal`.
  const some = (value: unknown) => value !== undefined && value !== null && value !== '';
  return chunk.choices.some(
    (c: { delta?: { content?: unknown; refusal?: unknown } } | null) =>
      some(c?.delta?.content) || some(c?.delta?.refusal),
  );
}

/** A JSON string body as the text it stands for (most have no escape and are the text already). */
const decodeBody = (body: string): string => (body.includes('\\') ? (JSON.parse(`"${body}"`) as string) : body);

/**
 * The stream with each read's consecutive text chunks (of the same completion id) merged into one; with `tap`, text
 * chunks go to `tap` instead while no text has gone to the SDK (see above).
 */
export function coalesceChatDeltas(
  body: ReadableStream<Uint8Array>,
  tap?: (text: string) => void,
): ReadableStream<Uint8Array> {
  const decoder = new TextDecoder();
  const encoder = new TextEncoder();
  let buffer = '';
  let passThrough = false;
  let tapping = tap !== undefined;
  let template: ChunkTemplate | undefined;
  let hits = 0;
  let misses = 0;
  let events: { template: ChunkTemplate; pattern: RegExp } | undefined;
  const eventsOf = (of: ChunkTemplate): RegExp => {
    if (events?.template !== of) events = { template: of, pattern: templateEvents(of) };
    return events.pattern;
  };
  /** The text chunk in `data` as a template and its content's JSON string body, or undefined if not a text chunk. */
  const textShape = (data: string): { template: ChunkTemplate; body: string } | undefined => {
    const body = template && misses < TEMPLATE_MISSES ? bodyIn(template, data) : undefined;
    if (body !== undefined) {
      hits++;
      return { template: template!, body };
    }
    // A template's ends and body hold no line break; anything else with one is more than a `data:` line.
    const chunk = data.includes('\n') ? undefined : parseTextChunk(data);
    if (!chunk) return undefined;
    const shape = shapeOf(data, chunk, misses < TEMPLATE_MISSES);
    misses = template && hits === 0 ? misses + 1 : 0;
    template = shape.template;
    hits = 0;
    return shape;
  };
  return body.pipeThrough(
    new TransformStream<Uint8Array, Uint8Array>({
      async transform(bytes, controller) {
        buffer += decoder.decode(bytes, { stream: true });
        // Events split by CR LF (allowed, if rare): left as they come, rather than taught to the merger.
        if (passThrough || buffer.includes('\r')) {
          passThrough = true;
          if (buffer) controller.enqueue(encoder.encode(buffer));
          buffer = '';
          return;
        }
        const end = buffer.lastIndexOf('\n\n');
        if (end < 0) return;
        const limit = end + 2;
        let out = '';
        let tapped: string[] = [];
        let merged: { template: ChunkTemplate; bodies: string[] } | undefined;
        const flush = () => {
          if (tapped.length > 0) tap!(decodeBody(tapped.join('')));
          tapped = [];
          if (!merged) return;
          out += `data: ${merged.template.head}${merged.bodies.join('')}${merged.template.tail}\n\n`;
          merged = undefined;
        };
        let at = 0;
        while (at < limit) {
          // The events of the current template in a row, one regular-expression match each (no split, no slices);
          // what a match takes is exactly what `bodyIn` accepts of a whole event.
          let shape: { template: ChunkTemplate; body: string } | undefined;
          const run = template && misses < TEMPLATE_MISSES ? eventsOf(template) : undefined;
          if (run) {
            run.lastIndex = at;
            const found = run.exec(buffer);
            if (found && run.lastIndex <= limit) {
              hits++;
              shape = { template: template!, body: found[1]! };
              at = run.lastIndex;
            }
          }
          let event = '';
          if (!shape) {
            const next = buffer.indexOf('\n\n', at);
            event = buffer.slice(at, next);
            at = next + 2;
            // One `data:` line and nothing else, as OpenAI-compatible servers send chunks; anything else passes as is.
            shape = event.slice(0, 6) === 'data: ' ? textShape(event.slice(6)) : undefined;
          }
          if (shape && tapping) {
            tapped.push(shape.body);
            continue;
          }
          if (shape && merged && shape.template.id === merged.template.id) {
            merged.bodies.push(shape.body);
            continue;
          }
          flush();
          if (shape) merged = { template: shape.template, bodies: [shape.body] };
          else {
            if (tapping && mayCarryText(event)) tapping = false;
            out += `${event}\n\n`;
          }
        }
        flush();
        buffer = buffer.slice(limit);
        if (out) controller.enqueue(encoder.encode(out));
        await yieldToIo();
      },
      flush(controller) {
        buffer += decoder.decode();
        if (buffer) controller.enqueue(encoder.encode(buffer));
      },
    }),
  );
}

/**
 * `fetch` whose event-stream answers are coalesced, their text going to `tap` when given (see above); other answers
 * are passed through.
 */
export function coalescingFetch(tap?: (text: string) => void): typeof fetch {
  return async (input, init) => {
    const res = await fetch(input, init);
    if (!res.body || !res.headers.get('content-type')?.includes('text/event-stream')) return res;
    return new Response(coalesceChatDeltas(res.body, tap), {
      status: res.status,
      statusText: res.statusText,
      headers: res.headers,
    });
  };
}
