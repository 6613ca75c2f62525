/**
 * Large response bodies written straight to Node's `ServerResponse`. Handing @hono/node-server a web stream made from
 * a Node stream costs a web-stream adapter per chunk on the way out; for a 500 MB download that (and the garbage it
 * leaves) made downloads several times slower than the disk. A handler answers with `directBody(c, stream)`, an
 * ordinary web stream of the content that the app's middleware and any other server see as usual; `serveDirectBodies`
 * wraps the app's `fetch` and, once the app has answered (every middleware's headers set), writes the head itself and
 * sends the Node stream without the adapter, through the stream's `sendTo` when it has one.
 */
import { ServerResponse } from 'node:http';
import type { Readable, Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { RESPONSE_ALREADY_SENT } from '@hono/node-server/utils/response';
import type { Context } from 'hono';
import { noteStreamedBytes } from '../lib/young-gc.ts';

type Sendable = Readable & { sendTo?(out: Writable): Promise<void> };

/** Requests whose answer has a directly sendable body, and the body they answered with. */
const pending = new WeakMap<Request, { body: ReadableStream<Uint8Array>; stream: Sendable }>();

/** A response body for `stream` that `serveDirectBodies` sends without web streams. */
export function directBody(c: Context, stream: Sendable): ReadableStream<Uint8Array> {
  let chunks: AsyncIterator<Buffer> | undefined;
  // Read only if it is read (by another server, or through `app.request` in a test): then it is an ordinary body.
  const body = new ReadableStream<Uint8Array>(
    {
      async pull(controller) {
        chunks ??= stream[Symbol.asyncIterator]();
        const { done, value } = await chunks.next();
        if (done) controller.close();
        else controller.enqueue(value);
      },
      cancel: () => {
        stream.destroy();
      },
    },
    { highWaterMark: 0 },
  );
  pending.set(c.req.raw, { body, stream });
  return body;
}

function headersOf(res: Response): Record<string, string | string[]> {
  const head: Record<string, string | string[]> = {};
  for (const [name, value] of res.headers) if (name !== 'set-cookie') head[name] = value;
  const cookies = res.headers.getSetCookie();
  if (cookies.length > 0) head['set-cookie'] = cookies;
  return head;
}

async function send(stream: Sendable, out: ServerResponse): Promise<void> {
  if (stream.sendTo) return stream.sendTo(out);
  stream.on('data', (chunk: Buffer) => noteStreamedBytes(chunk.length));
  await pipeline(stream, out, { end: false });
}

/**
 * Wraps an app's `fetch` for @hono/node-server so that bodies made with `directBody` are sent directly.
 *
 * @example
 * serve({ fetch: serveDirectBodies(app.fetch), port });
 */
export function serveDirectBodies<E>(
  fetch: (req: Request, env: E) => Response | Promise<Response>,
  { onError = () => {} }: { onError?: (err: unknown) => void } = {},
): (req: Request, env: E) => Promise<Response> {
  return async (req, env) => {
    const res = await fetch(req, env);
    const direct = pending.get(req);
    const outgoing = (env as { outgoing?: unknown } | undefined)?.outgoing;
    // A middleware may have replaced the answer (an error after the handler): then it is served as it is.
    if (!direct || !(outgoing instanceof ServerResponse) || res.body !== direct.body) return res;
    outgoing.writeHead(res.status, headersOf(res));
    try {
      await send(direct.stream, outgoing);
      outgoing.end();
    } catch (err) {
      // The head promised the whole content: a client must see a broken transfer, never a short file.
      direct.stream.destroy();
      outgoing.destroy();
      if (!outgoing.errored && !req.signal.aborted) onError(err);
    }
    return RESPONSE_ALREADY_SENT;
  };
}
