/**
 * PostgreSQL refuses to run as root, so as root the embedded server runs as a `postgres` system user that owns its
 * data directory. That user must be able to reach the directory without the directories above it becoming readable
 * by everyone: a private directory of ours (no group bits) gets the `postgres` group and only its search bit, so no
 * other user gains anything; other directories keep working through the search bit for others, as before.
 */
import { execFile } from 'node:child_process';
import { chmod, chown, mkdir, stat } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

export interface SystemUser {
  uid: number;
  gid: number;
}

/** The `postgres` system user, created (no home, no login shell) when missing. */
export async function ensurePostgresUser(log: (line: string) => void): Promise<SystemUser> {
  const found = await postgresUser();
  if (found) return found;
  await run('groupadd', ['--system', '--force', 'postgres']);
  await run('useradd', [
    '--system',
    '--gid',
    'postgres',
    '--no-create-home',
    '--shell',
    '/usr/sbin/nologin',
    'postgres',
  ]);
  log('created the postgres system user that runs the embedded PostgreSQL');
  const created = await postgresUser();
  if (!created) throw new Error('could not create the postgres system user');
  return created;
}

async function postgresUser(): Promise<SystemUser | undefined> {
  try {
    const [uid, gid] = await Promise.all([run('id', ['-u', 'postgres']), run('id', ['-g', 'postgres'])]);
    return { uid: Number.parseInt(uid.stdout, 10), gid: Number.parseInt(gid.stdout, 10) };
  } catch {
    return undefined;
  }
}

/** Lets `user` traverse `dir` and every directory above it, granting as little as each directory allows. */
export async function letUserTraverse(dir: string, user: SystemUser, log: (line: string) => void): Promise<void> {
  // Directories created here are private; the loop below then lets the postgres group (only) through them.
  await mkdir(dir, { recursive: true, mode: 0o700 });
  for (let d = path.resolve(dir); ; d = path.dirname(d)) {
    const st = await stat(d);
    const mode = st.mode & 0o7777;
    const reachable =
      (mode & 0o001) !== 0 ||
      (st.gid === user.gid && (mode & 0o010) !== 0) ||
      (st.uid === user.uid && (mode & 0o100) !== 0);
    if (!reachable) {
      if ((mode & 0o070) === 0 && st.uid === process.getuid?.()) {
        await chown(d, st.uid, user.gid);
        await chmod(d, mode | 0o010);
        log(`let the postgres group (only) traverse ${d}`);
      } else {
        await chmod(d, mode | 0o001);
        log(`let others traverse ${d}`);
      }
    }
    if (path.dirname(d) === d) break;
  }
}
