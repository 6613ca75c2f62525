/**
 * A run's outputs live in file storage, not on the worker that produced them: after every tool step the files under
 * the sandbox's `outputs/` are compared with the recorded ones (path + SHA-256) and what changed is uploaded, so a
 * download on any API process reads storage, and a worker that takes over a run restores them. Uploading is
 * idempotent: a retried step finds the same hashes and uploads nothing.
 */
import { createHash } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdir, readdir, stat } from 'node:fs/promises';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import type { PrismaClient } from '../../generated/prisma/client.ts';
import type { FileStorage } from '../files/storage.ts';
import { PRIVATE_DIR_MODE, PRIVATE_FILE_MODE } from '../lib/private-fs.ts';
import { confine } from '../sandbox/sandbox.ts';

export interface OutputOnDisk {
  path: string;
  size: bigint;
  sha256: string;
}

/** Regular files under `dir` (links and special files are not outputs), with size and SHA-256. */
export async function describeOutputs(dir: string, base = dir): Promise<OutputOnDisk[]> {
  const entries = await readdir(dir, { withFileTypes: true }).catch(() => []);
  const out: OutputOnDisk[] = [];
  for (const e of entries) {
    const full = path.join(dir, e.name);
    if (e.isDirectory()) out.push(...(await describeOutputs(full, base)));
    else if (e.isFile()) {
      const hash = createHash('sha256');
      for await (const chunk of createReadStream(full)) hash.update(chunk as Buffer);
      out.push({ path: path.relative(base, full), size: BigInt((await stat(full)).size), sha256: hash.digest('hex') });
    }
  }
  return out;
}

/** Uploads new and changed outputs, forgets removed ones; returns the run's outputs generation afterwards. */
export async function saveOutputs(
  prisma: PrismaClient,
  storage: FileStorage,
  run: { id: string; workspaceId: string },
  outputsDir: string,
): Promise<number> {
  const [onDisk, recorded] = await Promise.all([
    describeOutputs(outputsDir),
    prisma.skillRunOutput.findMany({ where: { runId: run.id } }),
  ]);
  const byPath = new Map(recorded.map((r) => [r.path, r]));
  let written = 0;
  for (const file of onDisk) {
    const known = byPath.get(file.path);
    byPath.delete(file.path);
    if (known?.storageKey && known.sha256 === file.sha256) continue;
    const blob = await storage.write(run.workspaceId, createReadStream(path.join(outputsDir, file.path)));
    written++;
    await prisma.skillRunOutput.upsert({
      where: { runId_path: { runId: run.id, path: file.path } },
      create: { runId: run.id, path: file.path, size: BigInt(blob.size), sha256: blob.sha256, storageKey: blob.key },
      update: { size: BigInt(blob.size), sha256: blob.sha256, storageKey: blob.key },
    });
    if (known?.storageKey) await storage.remove(run.workspaceId, [known.storageKey]);
  }
  const removed = [...byPath.values()];
  if (removed.length > 0) {
    await prisma.skillRunOutput.deleteMany({ where: { runId: run.id, path: { in: removed.map((r) => r.path) } } });
    await storage.remove(
      run.workspaceId,
      removed.flatMap((r) => (r.storageKey ? [r.storageKey] : [])),
    );
  }
  const changed = written > 0 || removed.length > 0;
  const updated = await prisma.skillRun.update({
    where: { id: run.id },
    data: changed ? { outputsGeneration: { increment: 1 } } : {},
    select: { outputsGeneration: true },
  });
  return updated.outputsGeneration;
}

/** Puts the recorded outputs back into a fresh sandbox (a worker taking over a run); returns how many. */
export async function restoreOutputs(
  prisma: PrismaClient,
  storage: FileStorage,
  run: { id: string; workspaceId: string },
  outputsDir: string,
): Promise<number> {
  const recorded = await prisma.skillRunOutput.findMany({ where: { runId: run.id, storageKey: { not: null } } });
  for (const output of recorded) {
    const target = confine(outputsDir, output.path);
    await mkdir(path.dirname(target), { recursive: true, mode: PRIVATE_DIR_MODE });
    await pipeline(
      await storage.read(run.workspaceId, output.storageKey!),
      createWriteStream(target, { mode: PRIVATE_FILE_MODE }),
    );
  }
  return recorded.length;
}
