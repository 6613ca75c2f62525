/**
 * Verifying a webhook per Standard Webhooks (https://www.standardwebhooks.com), with crypto.subtle so it runs
 * wherever the client does: `webhook-signature` holds one or more `v1,<base64 HMAC-SHA256 of
 * "<webhook-id>.<webhook-timestamp>.<body>">` (several during a secret rotation); the key is the base64 after `whsec_`.
 */
import type { Readable, webhooks } from '../generated/api.ts';
import { WebhookVerificationError } from './errors.ts';

type Payload<E extends keyof webhooks> = webhooks[E]['post'] extends {
  requestBody?: { content: { 'application/json': infer P } };
}
  ? Readable<P>
  : never;
/** A delivered event (`{id, type, created_at, data, …}`), one of the document's webhook payloads. */
export type WebhookPayload = { [E in keyof webhooks]: Payload<E> }[keyof webhooks];

export interface VerifyOptions {
  /** Seconds the timestamp may differ from now (default 300, as Standard Webhooks suggests; replays are refused). */
  tolerance?: number;
  /** The current time in seconds, for tests. */
  now?: number;
}

type HeaderSource = Headers | Record<string, string | string[] | undefined>;

/**
 * Checks a delivery and returns its parsed payload; throws WebhookVerificationError if no signature matches any of
 * `secrets` or the timestamp is outside the tolerance. `body` must be the raw request body, byte for byte.
 */
export async function verifyWebhook(
  body: string | Uint8Array,
  headers: HeaderSource,
  secrets: string | readonly string[],
  { tolerance = 300, now = Date.now() / 1000 }: VerifyOptions = {},
): Promise<WebhookPayload> {
  const text = typeof body === 'string' ? body : new TextDecoder().decode(body);
  const id = header(headers, 'webhook-id');
  const timestamp = header(headers, 'webhook-timestamp');
  const signatures = header(headers, 'webhook-signature');
  if (!id || !timestamp || !signatures)
    throw new WebhookVerificationError('missing webhook-id, -timestamp or -signature');
  const sentAt = Number(timestamp);
  if (!/^\d+$/.test(timestamp) || Math.abs(now - sentAt) > tolerance) {
    throw new WebhookVerificationError('webhook-timestamp is outside the tolerance');
  }
  const given = signatures
    .split(' ')
    .filter((s) => s.startsWith('v1,'))
    .map((s) => s.slice(3));
  const signed = new TextEncoder().encode(`${id}.${timestamp}.${text}`);
  for (const secret of typeof secrets === 'string' ? [secrets] : secrets) {
    const expected = await sign(secret, signed);
    if (given.some((signature) => constantTimeEqual(signature, expected))) return JSON.parse(text) as WebhookPayload;
  }
  throw new WebhookVerificationError('no webhook-signature matches the secret');
}

async function sign(secret: string, data: Uint8Array<ArrayBuffer>): Promise<string> {
  const raw = secret.startsWith('whsec_') ? secret.slice('whsec_'.length) : secret;
  const key = await globalThis.crypto.subtle.importKey(
    'raw',
    Uint8Array.from(atob(raw), (c) => c.charCodeAt(0)),
    { name: 'HMAC', hash: 'SHA-256' },
    false,
    ['sign'],
  );
  const mac = new Uint8Array(await globalThis.crypto.subtle.sign('HMAC', key, data));
  return btoa(String.fromCharCode(...mac));
}

function header(headers: HeaderSource, name: string): string | undefined {
  if (headers instanceof Headers) return headers.get(name) ?? undefined;
  const key = Object.keys(headers).find((k) => k.toLowerCase() === name);
  const value = key === undefined ? undefined : headers[key];
  return Array.isArray(value) ? value.join(' ') : value;
}

function constantTimeEqual(a: string, b: string): boolean {
  if (a.length !== b.length) return false;
  let difference = 0;
  for (let i = 0; i < a.length; i++) difference |= a.charCodeAt(i) ^ b.charCodeAt(i);
  return difference === 0;
}
