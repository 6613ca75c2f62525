/**
 * Context files of a run: `context_paths` name files or folders of the workspace tree. Checked when the run is
 * created (a missing path is a 400 naming it) and copied into the sandbox's `context/` when it starts.
 */
import { createWriteStream } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import type { PrismaClient } from '../../generated/prisma/client.ts';
import { ApiError } from '../app/problem.ts';
import type { FileStorage } from '../files/storage.ts';
import { PRIVATE_DIR_MODE, PRIVATE_FILE_MODE } from '../lib/private-fs.ts';
import { confine } from '../sandbox/sandbox.ts';

const normalise = (p: string) => p.replace(/^\/+|\/+$/g, '');

async function filesUnder(prisma: PrismaClient, workspaceId: string, contextPath: string) {
  const p = normalise(contextPath);
  return prisma.file.findMany({
    where: { workspaceId, ...(p ? { OR: [{ path: p }, { path: { startsWith: `${p}/` } }] } : {}) },
    select: { path: true, storageKey: true },
  });
}

/** The entries of `paths` that name no file or folder of the workspace. */
export async function missingContextPaths(prisma: PrismaClient, workspaceId: string, paths: readonly string[]) {
  const missing: string[] = [];
  for (const p of paths) if ((await filesUnder(prisma, workspaceId, p)).length === 0) missing.push(p);
  return missing;
}

/** A 400 naming each `body.context_paths[i]` that names no file or folder (for runs and schedules alike). */
export async function assertContextPaths(prisma: PrismaClient, workspaceId: string, paths: readonly string[]) {
  const missing = await missingContextPaths(prisma, workspaceId, paths);
  if (missing.length === 0) return;
  throw new ApiError(400, 'CONTEXT_PATH_NOT_FOUND', {
    detail: `No such file or folder in the workspace: ${missing.join(', ')}`,
    errors: missing.map((p) => ({
      field: `body.context_paths[${paths.indexOf(p)}]`,
      message: `No such file or folder: ${p}`,
      code: 'CONTEXT_PATH_NOT_FOUND',
    })),
  });
}

/** Copies the files under `paths` into `dest`, keeping their workspace paths; returns those paths. */
export async function stageContext(
  prisma: PrismaClient,
  storage: FileStorage,
  workspaceId: string,
  paths: readonly string[],
  dest: string,
): Promise<string[]> {
  const staged = new Set<string>();
  for (const p of paths) {
    for (const file of await filesUnder(prisma, workspaceId, p)) {
      if (staged.has(file.path)) continue;
      const target = confine(dest, file.path);
      await mkdir(path.dirname(target), { recursive: true, mode: PRIVATE_DIR_MODE });
      const copy = createWriteStream(target, { mode: PRIVATE_FILE_MODE });
      await pipeline(await storage.read(workspaceId, file.storageKey), copy);
      staged.add(file.path);
    }
  }
  return [...staged].sort();
}
