/**
 * A whole-body deadline for requests other than streamed uploads. Node's own `requestTimeout` is one value for every
 * request, and uploads may legitimately take an hour, so the server keeps that as an outer bound and this cuts a
 * client that trickles a small body much sooner. Uploads get an idle timer between chunks instead (multipart.ts).
 *
 * It works on the Node server, beside Hono: a handler waiting for the body cannot answer itself, so the 408 is written
 * straight to the socket (as Node does for its own request timeout) and the connection closed, which also ends the
 * handler's wait.
 */
import { randomUUID } from 'node:crypto';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { Logger } from '../logger.ts';

export interface BodyTimeoutOptions {
  timeoutMs: number;
  /** Requests that keep their own timing (streamed uploads). */
  skip(method: string, path: string): boolean;
  logger: Logger;
}

const hasBody = (req: IncomingMessage) =>
  req.headers['transfer-encoding'] !== undefined || Number(req.headers['content-length'] ?? 0) > 0;

function timeoutResponse(path: string, timeoutMs: number): string {
  const body = JSON.stringify({
    type: 'REQUEST_TIMEOUT',
    title: 'Request timeout',
    status: 408,
    detail: `The request body did not arrive within ${timeoutMs / 1000} s.`,
    instance: path,
    request_id: `req_${randomUUID().replaceAll('-', '')}`,
  });
  return [
    'HTTP/1.1 408 Request Timeout',
    'Content-Type: application/problem+json',
    `Content-Length: ${Buffer.byteLength(body)}`,
    'Connection: close',
    '',
    body,
  ].join('\r\n');
}

/**
 * Cuts requests whose body is not complete `timeoutMs` after it started.
 *
 * @example
 * limitBodyTime(server, { timeoutMs: 60_000, skip: isStreamedUpload, logger });
 */
export function limitBodyTime(server: Server, { timeoutMs, skip, logger }: BodyTimeoutOptions): void {
  server.on('request', (req: IncomingMessage, res: ServerResponse) => {
    const path = (req.url ?? '/').split('?')[0] ?? '/';
    if (req.complete || !hasBody(req) || skip(req.method ?? '', path)) return;
    const timer = setTimeout(() => {
      if (req.complete) return;
      logger.warn('request body timed out', { method: req.method, path, timeout_ms: timeoutMs });
      const socket = req.socket;
      // `res.socket` is unset while an earlier response on this connection is still going out: then only close.
      if (!res.headersSent && res.socket === socket && socket.writable) {
        socket.write(timeoutResponse(path, timeoutMs), () => socket.destroy());
      } else {
        socket.destroy();
      }
    }, timeoutMs);
    const clear = () => clearTimeout(timer);
    req.once('end', clear);
    res.once('close', clear);
  });
}
