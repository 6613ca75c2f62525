/**
 * The embedded PostgreSQL's superuser password: random, created with the data directory and kept inside it in a file
 * only our own user can read. Data directories from before this existed have the fixed password `postgres`; they get a
 * random one on their next start (`ALTER USER`), and a start interrupted half-way repeats the change next time.
 */
import { randomBytes } from 'node:crypto';
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import pg from 'pg';
import { PRIVATE_FILE_MODE } from '../lib/private-fs.ts';

export const SUPERUSER = 'postgres';
/** What every data directory created before random passwords used. */
const LEGACY_PASSWORD = 'postgres';
export const PASSWORD_FILE = 'skillplane-password';

export function newPassword(): string {
  return randomBytes(32).toString('base64url');
}

export function passwordFile(databaseDir: string): string {
  return path.join(databaseDir, PASSWORD_FILE);
}

/** The stored password of a data directory, or undefined when it has none yet. */
export async function readPassword(databaseDir: string): Promise<string | undefined> {
  try {
    const text = (await readFile(passwordFile(databaseDir), 'utf8')).trim();
    return text || undefined;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw err;
  }
}

/** Writes the password file 0600; `wx` so an existing one is never silently replaced. */
export async function storePassword(databaseDir: string, password: string): Promise<void> {
  await writeFile(passwordFile(databaseDir), `${password}\n`, { mode: PRIVATE_FILE_MODE, flag: 'wx' });
}

/**
 * Makes sure the running server accepts `password`: when it does not but still accepts the legacy one, the
 * superuser's password is changed to `password`. Throws when it accepts neither.
 */
export async function settlePassword(
  port: number,
  password: string,
  log: (line: string) => void,
): Promise<'current' | 'rotated'> {
  if (await accepts(port, password)) return 'current';
  const legacy = await connect(port, LEGACY_PASSWORD).catch((err: unknown) => {
    if (isAuthFailure(err)) return undefined;
    throw err;
  });
  if (!legacy) {
    throw new Error(
      `the embedded PostgreSQL on port ${port} accepts neither the password in its ${PASSWORD_FILE} file nor the old ` +
        'default: restore the file, or (if the data directory holds nothing you need) delete the directory',
    );
  }
  try {
    await legacy.query(`ALTER USER ${SUPERUSER} PASSWORD ${legacy.escapeLiteral(password)}`);
  } finally {
    await legacy.end();
  }
  log('replaced the embedded PostgreSQL superuser password `postgres` with a random one');
  return 'rotated';
}

async function accepts(port: number, password: string): Promise<boolean> {
  try {
    await (await connect(port, password)).end();
    return true;
  } catch (err) {
    if (isAuthFailure(err)) return false;
    throw err;
  }
}

async function connect(port: number, password: string): Promise<pg.Client> {
  const client = new pg.Client({ host: '127.0.0.1', port, user: SUPERUSER, password, database: 'postgres' });
  try {
    await client.connect();
  } catch (err) {
    await client.end().catch(() => {});
    throw err;
  }
  return client;
}

/** 28P01 invalid_password; 28000 invalid_authorization_specification (e.g. no pg_hba line matches). */
function isAuthFailure(err: unknown): boolean {
  const code = (err as { code?: string }).code;
  return code === '28P01' || code === '28000';
}
