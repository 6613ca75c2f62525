/**
 * The storage sweeper: removes what a process killed at the wrong moment leaves in storage, which no row points to
 * and so nothing else would ever remove. The retention job (src/purge/retention.ts) runs it every hour.
 *
 * - blobs no row refers to (`files`, `artifact_files`, `skill_run_outputs`): written before a commit that never
 *   happened (an upload, a publish, a run's outputs), or replaced or deleted by a commit whose removal after it
 *   never ran;
 * - multipart uploads a killed process left unfinished on S3 (aborted; their parts are no object);
 * - files under `<data>/files/.tmp/`: local writes never renamed into place, and staged uploads never copied or
 *   removed (staging is on local disk whatever the backend);
 * - the working directories of scratchpads whose row is gone (deleted with their conversation or workspace, or a
 *   crash between the row's deletion and the directory's).
 *
 * Only what is older than the grace period (`STORAGE_SWEEP_GRACE_SECONDS`) is touched. Why that never removes a blob
 * a row points to: every writer writes the blob first and commits the row after, within seconds (and a row, once
 * committed, only ever points at a blob written for it). The sweeper lists a blob, then asks the database; if the
 * row's commit had not happened by then, the write finished (local mtime, S3 LastModified of a single PUT) more than
 * the grace period before the commit, which the grace period rules out. S3 dates a multipart object by its upload's
 * start, not its end: so every upload still open is listed before the objects, and their keys are kept this pass;
 * an upload open for longer than the grace period is only aborted once no part has arrived for that long either.
 */
import { lstat, readdir, rm } from 'node:fs/promises';
import path from 'node:path';
import type { PrismaClient } from '../../generated/prisma/client.ts';
import type { FileStorage } from '../files/storage.ts';
import { scratchpadsDataDir } from '../scratchpads/paths.ts';

const PAGE = 1000;

export interface SweepCounts {
  count: number;
  bytes: number;
}

/** The keys among `keys` that some row points to, read in one statement (one snapshot of the three tables). */
async function referenced(prisma: PrismaClient, keys: string[]): Promise<Set<string>> {
  const rows = await prisma.$queryRaw<Array<{ key: string }>>`
    SELECT k AS key FROM unnest(${keys}::text[]) AS k
    WHERE EXISTS (SELECT 1 FROM files WHERE storage_key = k)
       OR EXISTS (SELECT 1 FROM artifact_files WHERE storage_key = k)
       OR EXISTS (SELECT 1 FROM skill_run_outputs WHERE storage_key = k)`;
  return new Set(rows.map((r) => r.key));
}

/**
 * Aborts stale unfinished writes, then removes unreferenced blobs older than `cutoff`, `maxPages` pages at most from
 * `after` on; `next` is where a further call resumes (undefined: the whole storage was seen).
 */
export async function sweepBlobs(
  prisma: PrismaClient,
  storage: FileStorage,
  {
    cutoff,
    after,
    maxPages,
    progress = () => {},
  }: { cutoff: Date; after?: string; maxPages: number; progress?: () => void },
) {
  const uploads = await storage.abortStaleWrites(cutoff);
  const blobs: SweepCounts = { count: 0, bytes: 0 };
  let next = after;
  for (let pages = 0; pages < maxPages; pages++) {
    const page = await storage.listBlobs(next, PAGE);
    const old = page.blobs.filter((b) => b.modifiedAt < cutoff && !uploads.open.has(`${b.workspaceId}/${b.key}`));
    const kept =
      old.length > 0
        ? await referenced(
            prisma,
            old.map((b) => b.key),
          )
        : new Set<string>();
    const orphans = old.filter((b) => !kept.has(b.key));
    for (const workspaceId of new Set(orphans.map((b) => b.workspaceId))) {
      const keys = orphans.filter((b) => b.workspaceId === workspaceId).map((b) => b.key);
      await storage.remove(workspaceId, keys);
    }
    blobs.count += orphans.length;
    blobs.bytes += orphans.reduce((sum, b) => sum + b.size, 0);
    progress();
    next = page.next;
    if (!next) break;
  }
  return { blobs, uploads: { count: uploads.aborted, bytes: uploads.bytes }, next };
}

/** Removes the files under `dir` (recursively) last written before `cutoff`; folders stay, they are reused. */
export async function sweepTempFiles(dir: string, cutoff: Date): Promise<SweepCounts> {
  const swept: SweepCounts = { count: 0, bytes: 0 };
  const walk = async (current: string): Promise<void> => {
    const entries = await readdir(current, { withFileTypes: true }).catch((err: NodeJS.ErrnoException) => {
      if (err.code === 'ENOENT') return [];
      throw err;
    });
    for (const e of entries) {
      const full = path.join(current, e.name);
      if (e.isDirectory()) await walk(full);
      else {
        const info = await lstat(full).catch(() => undefined);
        if (!info || info.mtime >= cutoff) continue;
        await rm(full, { force: true });
        swept.count++;
        swept.bytes += info.size;
      }
    }
  };
  await walk(dir);
  return swept;
}

/** Removes scratchpads' working directories whose scratchpad is gone and that were not touched since `cutoff`. */
export async function sweepScratchpadDirs(prisma: PrismaClient, dataDir: string, cutoff: Date): Promise<number> {
  const root = path.join(scratchpadsDataDir({ SKILLPLANE_DATA_DIR: dataDir }), 'runs');
  const names = await readdir(root).catch((err: NodeJS.ErrnoException) => {
    if (err.code === 'ENOENT') return [];
    throw err;
  });
  let removed = 0;
  for (let i = 0; i < names.length; i += PAGE) {
    const ids = names.slice(i, i + PAGE);
    const rows = await prisma.scratchpad.findMany({ where: { id: { in: ids } }, select: { id: true } });
    const alive = new Set(rows.map((r) => r.id));
    for (const id of ids) {
      if (alive.has(id)) continue;
      const info = await lstat(path.join(root, id)).catch(() => undefined);
      if (!info || info.mtime >= cutoff) continue;
      await rm(path.join(root, id), { recursive: true, force: true });
      removed++;
    }
  }
  return removed;
}
