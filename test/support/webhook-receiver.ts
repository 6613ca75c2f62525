/**
 * A real HTTP receiver for webhook tests, on 127.0.0.1. Each request is recorded and verified with the official
 * `standardwebhooks` library (the receiver's side, not ours) against the secrets the test gives it; `respond` decides
 * each answer (status, body, headers, a delay, or no answer at all).
 */
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Webhook } from 'standardwebhooks';

export interface Received {
  headers: IncomingHttpHeaders;
  body: string;
  /** Payload as verified by `standardwebhooks` with the first secret that accepted it; null if none did. */
  verified: unknown;
  /** Which of `secrets` verified it on its own. */
  verifiedBy: string[];
}

export interface Answer {
  status?: number;
  body?: string;
  headers?: Record<string, string>;
  delayMs?: number;
  /** Never answer (the connection stays open until the receiver closes). */
  hang?: boolean;
}

export interface Receiver {
  url: string;
  received: Received[];
  secrets: string[];
  respond: (r: Received, n: number) => Answer;
  /** Requests whose `webhook-id` is `id`. */
  byId(id: string): Received[];
  close(): Promise<void>;
}

export async function startReceiver(path = '/hook'): Promise<Receiver> {
  const receiver: Receiver = {
    url: '',
    received: [],
    secrets: [],
    respond: () => ({ status: 200, body: 'ok' }),
    byId: (id) => receiver.received.filter((r) => r.headers['webhook-id'] === id),
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      const headers = {
        'webhook-id': String(req.headers['webhook-id'] ?? ''),
        'webhook-timestamp': String(req.headers['webhook-timestamp'] ?? ''),
        'webhook-signature': String(req.headers['webhook-signature'] ?? ''),
      };
      let verified: unknown = null;
      const verifiedBy: string[] = [];
      for (const secret of receiver.secrets) {
        try {
          const payload = new Webhook(secret).verify(body, headers);
          verified ??= payload;
          verifiedBy.push(secret);
        } catch {}
      }
      const r: Received = { headers: req.headers, body, verified, verifiedBy };
      receiver.received.push(r);
      const answer = receiver.respond(r, receiver.received.length);
      if (answer.hang) return;
      setTimeout(() => {
        res.writeHead(answer.status ?? 200, answer.headers ?? {});
        res.end(answer.body ?? '');
      }, answer.delayMs ?? 0);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  receiver.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}${path}`;
  return receiver;
}
