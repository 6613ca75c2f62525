/**
 * One webhook HTTP request, to an address checked beforehand: the socket connects to that address whatever DNS says
 * now (TLS still verifies the URL's host name). Redirects are not followed (a 3xx is a failed attempt), and the
 * response body is read only up to a small cap. Errors come back as codes of ours, never as internal texts.
 */
import http from 'node:http';
import https from 'node:https';
import type { LookupFunction } from 'node:net';
import type { ResolvedAddress } from './destination.ts';

export type AttemptError =
  | 'timeout'
  | 'connection_failed'
  | 'tls_failed'
  | 'redirect_not_followed'
  | 'http_error'
  | 'destination_refused'
  | 'interrupted';

export interface SendResult {
  statusCode: number | null;
  latencyMs: number | null;
  excerpt: string | null;
  error: AttemptError | null;
  /** From `Retry-After` on a 429 or 503. */
  retryAfterMs: number | null;
}

export interface Request {
  url: URL;
  address: ResolvedAddress;
  headers: Record<string, string>;
  body: string;
  timeoutMs: number;
  /** Bytes of the response body read (the rest is discarded with the connection). */
  maxBodyBytes?: number;
}

export function postWebhook(req: Request): Promise<SendResult> {
  const { url, address, timeoutMs, maxBodyBytes = 4096 } = req;
  const started = performance.now();
  const elapsed = () => Math.round(performance.now() - started);
  const pinned: LookupFunction = (_host, options, callback) => {
    if ((options as { all?: boolean }).all) callback(null, [{ address: address.address, family: address.family }]);
    else callback(null, address.address, address.family);
  };
  return new Promise((resolve) => {
    let settled = false;
    const done = (result: Omit<SendResult, 'latencyMs'> & { latencyMs?: number }) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      resolve({ latencyMs: elapsed(), ...result });
    };
    const failed = (error: AttemptError) => done({ statusCode: null, excerpt: null, error, retryAfterMs: null });
    const client = url.protocol === 'https:' ? https : http;
    const request = client.request(url, {
      method: 'POST',
      headers: { ...req.headers, 'content-length': String(Buffer.byteLength(req.body)) },
      lookup: pinned,
      agent: false,
    });
    // Past the deadline: a timeout, or, once the status line arrived, whatever of the body came.
    let onTimeout = () => failed('timeout');
    const timer = setTimeout(() => {
      onTimeout();
      request.destroy();
    }, timeoutMs);
    request.on('error', (err: NodeJS.ErrnoException) => {
      failed(
        err.code?.startsWith('ERR_TLS') || /certificate|SSL/i.test(err.code ?? '') ? 'tls_failed' : 'connection_failed',
      );
    });
    request.on('response', (res) => {
      const latencyMs = elapsed();
      const status = res.statusCode ?? 0;
      const chunks: Buffer[] = [];
      let size = 0;
      const finish = () => {
        const excerpt = Buffer.concat(chunks).subarray(0, maxBodyBytes).toString('utf8');
        done({
          statusCode: status,
          latencyMs,
          excerpt: excerpt || null,
          error:
            status >= 200 && status < 300
              ? null
              : status >= 300 && status < 400
                ? 'redirect_not_followed'
                : 'http_error',
          retryAfterMs: status === 429 || status === 503 ? parseRetryAfter(res.headers['retry-after']) : null,
        });
        res.destroy();
      };
      onTimeout = finish;
      res.on('data', (chunk: Buffer) => {
        chunks.push(chunk);
        size += chunk.length;
        if (size >= maxBodyBytes) finish();
      });
      res.on('end', finish);
      res.on('error', finish);
      res.on('close', finish);
    });
    request.end(req.body);
  });
}

/** `Retry-After` as seconds or an HTTP date, in milliseconds; null when absent or unreadable. */
export function parseRetryAfter(value: string | undefined, now = Date.now()): number | null {
  if (!value) return null;
  if (/^\d+$/.test(value.trim())) return Number(value.trim()) * 1000;
  const at = Date.parse(value);
  return Number.isNaN(at) ? null : Math.max(0, at - now);
}
