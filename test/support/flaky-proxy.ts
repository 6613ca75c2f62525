/**
 * A real HTTP proxy in front of the test app that misbehaves on purpose, request by request: it answers an error
 * itself, drops the connection before or after the app has handled the request, hangs, or cuts a server-sent-events
 * stream after some events. Clients under test talk to it over real sockets.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';

export type Behaviour =
  | { forward: true }
  /** Answer this without asking the app. */
  | { status: number; headers?: Record<string, string>; body?: string }
  /** Close the connection without an answer, before the app sees the request. */
  | { drop: 'before' }
  /** Let the app handle the request, then close the connection instead of passing the answer on. */
  | { drop: 'after' }
  /** Never answer. */
  | { hang: true }
  /** Forward, but cut the connection after this many server-sent events of the answer (events split across chunks
   * are not expected: the app writes each in one). */
  | { cutAfterEvents: number };

export interface Seen {
  method: string;
  url: string;
  headers: http.IncomingHttpHeaders;
}

export interface FlakyProxy {
  url: string;
  seen: Seen[];
  /** Decides what happens to each request (`n` counts from 1 over all requests). */
  behave: (request: Seen, n: number) => Behaviour;
  close(): Promise<void>;
}

export async function startFlakyProxy(upstream: string): Promise<FlakyProxy> {
  const target = new URL(upstream);
  const proxy: FlakyProxy = {
    url: '',
    seen: [],
    behave: () => ({ forward: true }),
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
  const server = http.createServer((req, res) => {
    const seen = { method: req.method ?? 'GET', url: req.url ?? '/', headers: req.headers };
    proxy.seen.push(seen);
    const behaviour = proxy.behave(seen, proxy.seen.length);
    if ('hang' in behaviour) return;
    if ('drop' in behaviour && behaviour.drop === 'before') {
      req.socket.destroy();
      return;
    }
    if ('status' in behaviour) {
      req.resume();
      res.writeHead(behaviour.status, { 'content-type': 'application/problem+json', ...behaviour.headers });
      res.end(
        behaviour.body ??
          JSON.stringify({
            type: 'SERVICE_UNAVAILABLE',
            title: 'From the proxy',
            status: behaviour.status,
            request_id: 'proxy',
          }),
      );
      return;
    }
    const forwarded = http.request(
      {
        host: target.hostname,
        port: target.port,
        method: req.method,
        path: req.url,
        headers: { ...req.headers, host: target.host },
      },
      (answer) => {
        if ('drop' in behaviour) {
          answer.resume();
          answer.on('end', () => req.socket.destroy());
          return;
        }
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        if (!('cutAfterEvents' in behaviour)) {
          answer.pipe(res);
          return;
        }
        let left = behaviour.cutAfterEvents;
        answer.on('data', (chunk: Buffer) => {
          if (left === 0) return;
          let text = chunk.toString('utf8');
          // Count events (blocks with data), not comments such as keep-alives.
          let from = 0;
          let at = text.indexOf('\n\n');
          while (at >= 0 && left > 0) {
            if (/(^|\n)data:/.test(text.slice(from, at))) left--;
            if (left === 0) {
              text = text.slice(0, at + 2);
              break;
            }
            from = at + 2;
            at = text.indexOf('\n\n', from);
          }
          if (left > 0) {
            res.write(text);
            return;
          }
          answer.destroy();
          // The chunked body never gets its last chunk, so the client sees the connection end mid-stream. Closed a
          // moment after the write: a stream that errors drops the chunks its reader has not taken yet, and the test
          // wants to know which events got through (the client is right either way: it resumes after the last one
          // it read).
          res.write(text);
          setTimeout(() => res.socket?.end(), 200);
        });
        answer.on('end', () => res.end());
      },
    );
    forwarded.on('error', () => res.socket?.destroy());
    req.pipe(forwarded);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  proxy.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return proxy;
}
