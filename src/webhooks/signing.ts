/**
 * Standard Webhooks signing (https://www.standardwebhooks.com): secrets are `whsec_` + base64 of the key bytes, and
 * `webhook-signature` carries `v1,<base64 HMAC-SHA256 of "<webhook-id>.<webhook-timestamp>.<body>">`, one per
 * secret, space-separated (two during a rotation).
 */
import { createHmac, randomBytes } from 'node:crypto';

const PREFIX = 'whsec_';

/** A new secret: 32 random bytes. */
export function generateSecret(): string {
  return PREFIX + randomBytes(32).toString('base64');
}

/** Why a supplied secret is unusable, or undefined if it is fine: `whsec_` + base64 of 24 to 64 bytes. */
export function secretProblem(secret: string): string | undefined {
  const body = secret.startsWith(PREFIX) ? secret.slice(PREFIX.length) : undefined;
  if (body === undefined || !/^[A-Za-z0-9+/]+={0,2}$/.test(body) || body.length % 4 !== 0) {
    return 'A secret is whsec_ followed by base64';
  }
  const bytes = Buffer.from(body, 'base64').length;
  if (bytes < 24 || bytes > 64) return 'A secret holds 24 to 64 bytes (base64 after whsec_)';
  return undefined;
}

export function signatureHeader(secrets: readonly string[], id: string, timestamp: number, body: string): string {
  return secrets
    .map((secret) => {
      const key = Buffer.from(secret.slice(PREFIX.length), 'base64');
      return `v1,${createHmac('sha256', key).update(`${id}.${timestamp}.${body}`).digest('base64')}`;
    })
    .join(' ');
}
