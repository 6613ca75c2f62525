/**
 * Signed view URLs (`POST /api/v1/artifacts/open`): a token `<artifact id>.<expiry, unix seconds>.<signature>`, the
 * signature an HMAC-SHA256 of the first two parts with a key derived from the server's secret key (so every process
 * that shares `SKILLPLANE_SECRET_KEY`, or the data directory's key, accepts the others' tokens). Nothing is stored:
 * deleting the artifact is what revokes its URLs before they expire.
 */
import { createHmac, hkdfSync, timingSafeEqual } from 'node:crypto';
import type { Config } from '../config.ts';
import { secretKey } from '../webhooks/secret-box.ts';

type KeyConfig = Pick<Config, 'SKILLPLANE_SECRET_KEY' | 'SKILLPLANE_DATA_DIR'>;

async function signingKey(config: KeyConfig): Promise<Buffer> {
  return Buffer.from(hkdfSync('sha256', await secretKey(config), 'skillplane', 'artifact view urls v1', 32));
}

const sign = (key: Buffer, body: string) => createHmac('sha256', key).update(body).digest('base64url');

/**
 * @example
 * const token = await signViewToken(config, 'art_01J…', new Date(Date.now() + 900_000));
 * await verifyViewToken(config, token) // 'art_01J…' (undefined once expired or if tampered with)
 */
export async function signViewToken(config: KeyConfig, artifactId: string, expiresAt: Date): Promise<string> {
  const body = `${artifactId}.${Math.floor(expiresAt.getTime() / 1000)}`;
  return `${body}.${sign(await signingKey(config), body)}`;
}

/** The artifact id a valid, unexpired token grants, else undefined. */
export async function verifyViewToken(config: KeyConfig, token: string, now = Date.now()): Promise<string | undefined> {
  const [artifactId, expiry, signature, ...rest] = token.split('.');
  if (!artifactId || !expiry || !signature || rest.length > 0 || !/^\d{1,12}$/.test(expiry)) return undefined;
  const expected = Buffer.from(sign(await signingKey(config), `${artifactId}.${expiry}`));
  const given = Buffer.from(signature);
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return undefined;
  return Number(expiry) * 1000 > now ? artifactId : undefined;
}
