/**
 * Secrets: API keys `spk_live_…` / `spk_test_…` and session tokens `sps_…`, each 32 random bytes in hex after a
 * prefix that secret scanners can match. Only their SHA-256 is stored; the secrets have 256 bits of entropy, so a
 * fast hash is enough (a slow one would only slow every request).
 */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

export type KeyMode = 'live' | 'test';

export const SESSION_PREFIX = 'sps_';
export const API_KEY_PREFIX = 'spk_';

export function newApiKey(mode: KeyMode): { key: string; prefix: string; hash: string } {
  const key = `${API_KEY_PREFIX}${mode}_${randomBytes(32).toString('hex')}`;
  return { key, prefix: key.slice(0, `${API_KEY_PREFIX}${mode}_`.length + 6), hash: hashSecret(key) };
}

export function newSessionToken(): { token: string; hash: string } {
  const token = `${SESSION_PREFIX}${randomBytes(32).toString('hex')}`;
  return { token, hash: hashSecret(token) };
}

export function hashSecret(secret: string): string {
  return createHash('sha256').update(secret).digest('hex');
}

/** Constant-time comparison of two hex digests. */
export function sameHash(a: string, b: string): boolean {
  const x = Buffer.from(a, 'hex');
  const y = Buffer.from(b, 'hex');
  return x.length === y.length && timingSafeEqual(x, y);
}
