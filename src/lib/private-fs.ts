/**
 * Data at rest belongs to the service's own user: directories 0700, files 0600. Modes are set explicitly where things
 * are created, because the process umask is not ours to rely on (the API may be started by anything).
 */
import { chmod, mkdir, stat } from 'node:fs/promises';
import path from 'node:path';

export const PRIVATE_DIR_MODE = 0o700;
export const PRIVATE_FILE_MODE = 0o600;

/**
 * Creates `dir` (and missing parents) 0700, or takes group and other permissions away from an existing one. A group
 * search bit is kept when the directory's group is not ours: that is how the embedded PostgreSQL's system user is let
 * through to its own data directory below (see src/dev/embedded-postgres-access.ts), and it lists nothing.
 */
export async function makePrivateDir(dir: string): Promise<void> {
  await mkdir(dir, { recursive: true, mode: PRIVATE_DIR_MODE });
  const { mode, gid } = await stat(dir);
  const keep = gid !== process.getgid?.() ? mode & 0o010 : 0;
  const wanted = PRIVATE_DIR_MODE | keep;
  if ((mode & 0o7777) !== wanted) await chmod(dir, wanted);
}

/**
 * Makes the data directory (`SKILLPLANE_DATA_DIR`) and the trees the service writes into it (`files/` for blobs,
 * `runs/` for run sandboxes) private, including ones created by earlier versions with looser modes: whatever sits
 * below a private directory is out of other users' reach even where its own mode is looser.
 */
export async function preparePrivateDataDir(dataDir: string): Promise<void> {
  const root = path.resolve(dataDir);
  await makePrivateDir(root);
  await Promise.all([makePrivateDir(path.join(root, 'files')), makePrivateDir(path.join(root, 'runs'))]);
}
