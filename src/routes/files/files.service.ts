/**
 * The files table: one row per file of a workspace tree, pointing at an immutable blob. Writes to a workspace's tree
 * take a transaction-scoped advisory lock, so checking "is this path free of file/folder clashes" and writing rows
 * cannot interleave with another upload, extraction or deletion of the same workspace. Blobs are written before the
 * transaction and replaced or deleted ones removed after it commits: a reader always finds a complete blob.
 */
import type { Context } from 'hono';
import type { File, PrismaClient } from '../../../generated/prisma/client.ts';
import type { WorkspaceFile as FileOut } from '../../../generated/routes.ts';
import { ApiError } from '../../app/problem.ts';
import type { AppEnv } from '../../app/types.ts';
import { authorizeWorkspace } from '../../auth/authorize.ts';
import { ancestors, baseName, checkPath } from '../../files/paths.ts';
import type { FileStorage, StoredBlob } from '../../files/storage.ts';
import { newId } from '../../lib/ids.ts';
import { emitFileEvents } from '../../webhooks/events.ts';
import { iso } from '../serializers.ts';

export function fileOut(f: File): FileOut {
  return {
    id: f.id,
    workspace_id: f.workspaceId,
    path: f.path,
    name: f.name,
    mime_type: f.mimeType,
    size: Number(f.size),
    sha256: f.sha256,
    project_id: f.projectId,
    conversation_id: f.conversationId,
    created_at: iso(f.createdAt),
    updated_at: iso(f.updatedAt),
  };
}

/** A client-sent path in canonical form, or a 400 naming `field`. */
export function requirePath(raw: string | undefined, field: string): string {
  const checked = checkPath(raw ?? '');
  if (!checked.ok) throw ApiError.validation([{ field, message: `Path ${checked.reason}`, code: 'invalid_path' }]);
  return checked.path;
}

export async function loadFile(c: Context<AppEnv>, fileId: string): Promise<File> {
  const file = await c.get('deps').prisma.file.findUnique({ where: { id: fileId } });
  if (!file) throw ApiError.notFound('file');
  await authorizeWorkspace(c, file.workspaceId, 'file');
  return file;
}

type Tx = Parameters<Parameters<PrismaClient['$transaction']>[0]>[0];

const lockTree = (tx: Tx, workspaceId: string) =>
  tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtextextended(${`files:${workspaceId}`}, 0))`;

export interface NewContent {
  path: string;
  blob: StoredBlob;
  mimeType: string;
  /** Left unchanged on a replaced file when undefined. */
  projectId?: string | null;
  conversationId?: string | null;
}

const conflict = (detail: string) => new ApiError(409, 'FILE_PATH_CONFLICT', { detail });

/** Refuses paths that run through an existing file or name an existing folder. */
function assertNoClash(existing: ReadonlySet<string>, items: ReadonlyArray<{ path: string }>) {
  const folders = new Set([...existing].flatMap(ancestors));
  for (const { path } of items) {
    const file = ancestors(path).find((a) => existing.has(a));
    if (file) throw conflict(`"${file}" is a file, so "${path}" cannot be created under it.`);
    if (folders.has(path)) throw conflict(`"${path}" is a folder; delete it first or choose another name.`);
  }
}

/** The rows a write at or under `root` can clash with: `root`, the folders above it and everything under it. */
const rowsAround = (db: Tx | PrismaClient, workspaceId: string, root: string) =>
  db.$queryRaw<Array<{ id: string; path: string; storage_key: string }>>`
    SELECT id, path, storage_key FROM files
    WHERE workspace_id = ${workspaceId}
      AND (path = ANY(${[root, ...ancestors(root)]}) OR starts_with(path, ${root ? `${root}/` : ''}))`;

/** The clash check ahead of a long upload, so it fails before the content is sent; `commitFiles` checks again. */
export async function assertPathFree(prisma: PrismaClient, workspaceId: string, path: string) {
  const near = await rowsAround(prisma, workspaceId, path);
  assertNoClash(new Set(near.map((r) => r.path)), [{ path }]);
}

/**
 * Records new content for `items`, all at or under `root`: existing files at those paths get the new blob and keep
 * their ids; others are created. On failure the new blobs are removed; after success the replaced ones are.
 */
export async function commitFiles(
  prisma: PrismaClient,
  storage: FileStorage,
  workspaceId: string,
  root: string,
  items: readonly NewContent[],
): Promise<Array<{ file: File; created: boolean }>> {
  const replaced: string[] = [];
  try {
    const result = await prisma.$transaction(
      async (tx) => {
        await lockTree(tx, workspaceId);
        const near = await rowsAround(tx, workspaceId, root);
        assertNoClash(new Set(near.map((r) => r.path)), items);
        const current = new Map(near.map((r) => [r.path, r]));
        const out: Array<{ file: File; created: boolean }> = [];
        const fresh: NewContent[] = [];
        for (const item of items) {
          const row = current.get(item.path);
          if (!row) {
            fresh.push(item);
            continue;
          }
          replaced.push(row.storage_key);
          const file = await tx.file.update({
            where: { id: row.id },
            data: {
              storageKey: item.blob.key,
              size: BigInt(item.blob.size),
              sha256: item.blob.sha256,
              mimeType: item.mimeType,
              ...(item.projectId === undefined ? {} : { projectId: item.projectId }),
              ...(item.conversationId === undefined ? {} : { conversationId: item.conversationId }),
            },
          });
          out.push({ file, created: false });
        }
        const created = await tx.file.createManyAndReturn({
          data: fresh.map((item) => ({
            id: newId('file'),
            workspaceId,
            path: item.path,
            name: baseName(item.path),
            size: BigInt(item.blob.size),
            sha256: item.blob.sha256,
            mimeType: item.mimeType,
            projectId: item.projectId ?? null,
            conversationId: item.conversationId ?? null,
            storageKey: item.blob.key,
          })),
        });
        await emitFileEvents(tx, 'file.created', created);
        return [...out, ...created.map((file) => ({ file, created: true }))];
      },
      { maxWait: 10_000, timeout: 120_000 },
    );
    await storage.remove(workspaceId, replaced);
    return result;
  } catch (err) {
    await storage.remove(
      workspaceId,
      items.map((i) => i.blob.key),
    );
    throw err;
  }
}

/** Deletes the file at `path` or every file under the folder `path`; returns how many. */
export async function deleteTree(prisma: PrismaClient, storage: FileStorage, workspaceId: string, path: string) {
  const rows = await prisma.$transaction(async (tx) => {
    await lockTree(tx, workspaceId);
    const deleted = await tx.$queryRaw<Array<{ id: string; path: string; storage_key: string }>>`
      DELETE FROM files
      WHERE workspace_id = ${workspaceId} AND (path = ${path} OR starts_with(path, ${`${path}/`}))
      RETURNING id, path, storage_key`;
    await emitFileEvents(
      tx,
      'file.deleted',
      deleted.map((f) => ({ ...f, workspaceId })),
    );
    return deleted;
  });
  await storage.remove(
    workspaceId,
    rows.map((r) => r.storage_key),
  );
  return rows.length;
}

export async function deleteFile(prisma: PrismaClient, storage: FileStorage, file: File) {
  const rows = await prisma.$transaction(async (tx) => {
    await lockTree(tx, file.workspaceId);
    const deleted = await tx.$queryRaw<
      Array<{ storage_key: string }>
    >`DELETE FROM files WHERE id = ${file.id} RETURNING storage_key`;
    if (deleted.length > 0) await emitFileEvents(tx, 'file.deleted', [file]);
    return deleted;
  });
  await storage.remove(
    file.workspaceId,
    rows.map((r) => r.storage_key),
  );
}
