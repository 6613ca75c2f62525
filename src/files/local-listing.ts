/**
 * The blobs under a `LocalDiskStorage` root, a page at a time in `<workspace>/<key>` order, for the storage sweeper.
 * Names starting with `.` (the `.tmp/` of unfinished writes) are no workspace's.
 */
import { lstat, readdir } from 'node:fs/promises';
import path from 'node:path';
import type { BlobInfo, BlobPage } from './storage.ts';

async function names(dir: string): Promise<string[]> {
  try {
    return (await readdir(dir)).filter((n) => !n.startsWith('.')).sort();
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT' || (err as NodeJS.ErrnoException).code === 'ENOTDIR')
      return [];
    throw err;
  }
}

export async function listLocalBlobs(root: string, after: string | undefined, limit: number): Promise<BlobPage> {
  const [afterWorkspace = '', afterKey = ''] = (after ?? '').split('/');
  const blobs: BlobInfo[] = [];
  for (const workspaceId of await names(root)) {
    if (workspaceId < afterWorkspace) continue;
    for (const key of await names(path.join(root, workspaceId))) {
      if (workspaceId === afterWorkspace && key <= afterKey) continue;
      // Gone since the listing (removed by its owner): nothing to sweep.
      const info = await lstat(path.join(root, workspaceId, key)).catch(() => undefined);
      if (!info?.isFile()) continue;
      blobs.push({ workspaceId, key, size: info.size, modifiedAt: info.mtime });
      if (blobs.length === limit) return { blobs, next: `${workspaceId}/${key}` };
    }
  }
  return { blobs, next: undefined };
}
