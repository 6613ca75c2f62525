/**
 * A `fetch` for OpenAI-compatible providers that merges the text-only chunks of a streamed Chat Completion which
 * arrive together (in one read from the socket) into one chunk, before the AI SDK parses them.
 *
 * WHY: the SDK costs tens of microseconds per chunk (several web-stream stages and a schema check each), a plain
 * JSON.parse about one; a provider that sends tokens faster than that rate (a local model, a burst after a pause)
 * would be slowed to the SDK's pace, where merged it goes at the socket's. Only what has already arrived is merged,
 * so no text waits for more; any chunk that is not plain text (role, tool calls, reasoning, finish, usage, anything
 * unknown) passes through unchanged and in order, so the SDK sees the same stream with fewer, longer text deltas.
 */

const TEXT_CHUNK_KEYS = new Set(['id', 'object', 'created', 'model', 'system_fingerprint', 'service_tier', 'choices']);
const TEXT_CHOICE_KEYS = new Set(['index', 'delta', 'finish_reason', 'logprobs']);

interface TextChunk {
  id?: unknown;
  choices: [{ index: 0; delta: { content: string } }];
}

/** The chunk when it carries only text for choice 0 (nothing the SDK would read besides `delta.content`). */
function textChunk(data: string): TextChunk | undefined {
  if (!data.startsWith('{')) return undefined;
  let chunk: Record<string, unknown>;
  try {
    chunk = JSON.parse(data) as Record<string, unknown>;
  } catch {
    return undefined;
  }
  if (chunk === null || typeof chunk !== 'object' || Array.isArray(chunk)) return undefined;
  if (!Object.keys(chunk).every((k) => TEXT_CHUNK_KEYS.has(k))) return undefined;
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
 * Lets I/O callbacks run. A body the socket has already delivered in full is read through promises alone, which
 * would keep everything else in the process waiting until its end: the step's database writes of the text so far.
 */
const yieldToIo = () => new Promise<void>((resolve) => setImmediate(resolve));

/** The stream with each read's consecutive text chunks (of the same completion id) merged into one. */
export function coalesceChatDeltas(body: ReadableStream<Uint8Array>): ReadableStream<Uint8Array> {
  const decoder = new TextDecoder();
  const encoder = new TextEncoder();
  let buffer = '';
  let passThrough = false;
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
        const complete = buffer.slice(0, end);
        buffer = buffer.slice(end + 2);
        let out = '';
        let merged: TextChunk | undefined;
        let texts: string[] = [];
        const flush = () => {
          if (!merged) return;
          merged.choices[0].delta.content = texts.join('');
          out += `data: ${JSON.stringify(merged)}\n\n`;
          merged = undefined;
          texts = [];
        };
        for (const event of complete.split('\n\n')) {
          // One `data:` line and nothing else, as OpenAI-compatible servers send chunks; anything else passes as is.
          const chunk = event.startsWith('data: ') && !event.includes('\n') ? textChunk(event.slice(6)) : undefined;
          if (chunk && merged && chunk.id === merged.id) {
            texts.push(chunk.choices[0].delta.content);
            continue;
          }
          flush();
          if (chunk) {
            merged = chunk;
            texts = [chunk.choices[0].delta.content];
          } else {
            out += `${event}\n\n`;
          }
        }
        flush();
        controller.enqueue(encoder.encode(out));
        await yieldToIo();
      },
      flush(controller) {
        buffer += decoder.decode();
        if (buffer) controller.enqueue(encoder.encode(buffer));
      },
    }),
  );
}

/** `fetch` whose event-stream answers are coalesced (see above); other answers are passed through. */
export const coalescingFetch: typeof fetch = async (input, init) => {
  const res = await fetch(input, init);
  if (!res.body || !res.headers.get('content-type')?.includes('text/event-stream')) return res;
  return new Response(coalesceChatDeltas(res.body), {
    status: res.status,
    statusText: res.statusText,
    headers: res.headers,
  });
};
