/**
 * Secrets kept at rest (webhook signing secrets) are encrypted with AES-256-GCM. They must stay usable for signing,
 * so they cannot be hashed like API keys. The key comes from `SKILLPLANE_SECRET_KEY`, or, for the embedded default,
 * from `<data dir>/secret-key`, generated (0600) on first use. Each ciphertext is bound to its row (associated data),
 * so a ciphertext copied into another row does not decrypt.
 */
import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from 'node:crypto';
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Config } from '../config.ts';

export type SecretKey = Buffer;

const keys = new Map<string, Promise<SecretKey>>();

/** The key for `config`, derived once per process. */
export function secretKey(config: Pick<Config, 'SKILLPLANE_SECRET_KEY' | 'SKILLPLANE_DATA_DIR'>): Promise<SecretKey> {
  const cacheKey = config.SKILLPLANE_SECRET_KEY ?? `file:${config.SKILLPLANE_DATA_DIR}`;
  let key = keys.get(cacheKey);
  if (!key) {
    key = (async () => derive(config.SKILLPLANE_SECRET_KEY ?? (await keyFile(config.SKILLPLANE_DATA_DIR))))();
    key.catch(() => keys.delete(cacheKey));
    keys.set(cacheKey, key);
  }
  return key;
}

const derive = (material: string): SecretKey =>
  Buffer.from(hkdfSync('sha256', material, 'skillplane', 'secrets at rest v1', 32));

/** Reads the data directory's key, creating it exclusively (two processes starting at once agree on one). */
async function keyFile(dataDir: string): Promise<string> {
  const file = path.join(dataDir, 'secret-key');
  try {
    await writeFile(file, randomBytes(32).toString('base64'), { flag: 'wx', mode: 0o600 });
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
  }
  return (await readFile(file, 'utf8')).trim();
}

export function encrypt(key: SecretKey, plaintext: string, boundTo: string): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  cipher.setAAD(Buffer.from(boundTo));
  const body = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
  return ['v1', iv.toString('base64'), cipher.getAuthTag().toString('base64'), body.toString('base64')].join(':');
}

export function decrypt(key: SecretKey, sealed: string, boundTo: string): string {
  const [version, iv, tag, body] = sealed.split(':');
  if (version !== 'v1' || !iv || !tag || body === undefined) throw new Error('unknown secret format');
  const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(iv, 'base64'));
  decipher.setAAD(Buffer.from(boundTo));
  decipher.setAuthTag(Buffer.from(tag, 'base64'));
  return Buffer.concat([decipher.update(Buffer.from(body, 'base64')), decipher.final()]).toString('utf8');
}
