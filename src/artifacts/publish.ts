/**
 * Publishing an artifact: the rows of a new artifact, or of a new version of the one rooted in the same folder, in
 * one transaction. The blobs are written before (by the caller); the transaction only swaps which blobs the artifact's
 * files point at, so readers see the old files or the new ones, never a mix. Publishes to one project are serialised
 * by an advisory lock, which is what keeps roots from nesting: a unique index alone cannot refuse `a` next to `a/b`.
 */
import type { Artifact, ArtifactFile, ArtifactSource, ArtifactType, Prisma } from '../../generated/prisma/client.ts';
import type { StoredBlob } from '../files/storage.ts';
import { newId } from '../lib/ids.ts';

export type ArtifactWithFiles = Artifact & { files: ArtifactFile[] };

export interface PublishFile {
  /** Relative to the root. */
  path: string;
  blob: StoredBlob;
  mimeType: string;
}

export interface PublishInput {
  workspaceId: string;
  projectId: string;
  entry: { path: string; root: string };
  title?: string;
  type?: ArtifactType;
  source: ArtifactSource;
  conversationId?: string | null;
  responseId?: string | null;
  createdById?: string | null;
  files: PublishFile[];
}

export interface Published {
  artifact: ArtifactWithFiles;
  created: boolean;
  /** Blobs of the files the publish replaced: the caller removes them once the transaction has committed. */
  replacedKeys: string[];
}

/** Why a publish was refused: the folder overlaps another artifact's, or the project is gone. */
export class PublishRefused extends Error {
  readonly reason: 'conflict' | 'project_gone';
  constructor(reason: 'conflict' | 'project_gone', message: string) {
    super(message);
    this.reason = reason;
  }
}

const defaultType = (entry: string): ArtifactType => (/\.html?$/i.test(entry) ? 'app' : 'doc');
const defaultTitle = (root: string): string => root.slice(root.lastIndexOf('/') + 1);

/** Serialises publishes to one project until the transaction ends (taking it again in one transaction is free). */
export async function lockProjectRoots(tx: Prisma.TransactionClient, projectId: string): Promise<void> {
  await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtextextended(${`artifact-roots:${projectId}`}, 0))`;
}

export async function publishArtifactRows(tx: Prisma.TransactionClient, input: PublishInput): Promise<Published> {
  const { projectId, entry } = input;
  await lockProjectRoots(tx, projectId);
  const project = await tx.project.findUnique({ where: { id: projectId }, select: { workspaceId: true } });
  if (project?.workspaceId !== input.workspaceId) throw new PublishRefused('project_gone', 'The project is gone.');
  const overlapping = await tx.$queryRaw<Array<{ root: string }>>`
    SELECT root FROM artifacts WHERE project_id = ${projectId} AND root <> ${entry.root}
      AND (starts_with(root, ${`${entry.root}/`}) OR starts_with(${entry.root}, root || '/')) LIMIT 1`;
  if (overlapping[0]) {
    throw new PublishRefused(
      'conflict',
      `The folder ${entry.root} overlaps the folder ${overlapping[0].root} of another artifact of this project.`,
    );
  }
  const existing = await tx.artifact.findUnique({
    where: { projectId_root: { projectId, root: entry.root } },
    include: { files: true },
  });
  const size = input.files.reduce((sum, f) => sum + f.blob.size, 0);
  const files = input.files.map((f) => ({
    path: f.path,
    size: f.blob.size,
    sha256: f.blob.sha256,
    mimeType: f.mimeType,
    storageKey: f.blob.key,
  }));
  const provenance = {
    source: input.source,
    ...(input.conversationId !== undefined ? { conversationId: input.conversationId } : {}),
    ...(input.responseId !== undefined ? { responseId: input.responseId } : {}),
  };
  if (existing) {
    await tx.artifactFile.deleteMany({ where: { artifactId: existing.id } });
    const artifact = await tx.artifact.update({
      where: { id: existing.id },
      data: {
        path: entry.path,
        ...(input.title !== undefined ? { title: input.title } : {}),
        ...(input.type !== undefined ? { type: input.type } : {}),
        ...provenance,
        version: { increment: 1 },
        size,
        fileCount: files.length,
        files: { create: files },
      },
      include: { files: { orderBy: { path: 'asc' } } },
    });
    return { artifact, created: false, replacedKeys: existing.files.map((f) => f.storageKey) };
  }
  const artifact = await tx.artifact.create({
    data: {
      id: newId('art'),
      workspaceId: input.workspaceId,
      projectId,
      title: input.title ?? defaultTitle(entry.root),
      type: input.type ?? defaultType(entry.path),
      path: entry.path,
      root: entry.root,
      ...provenance,
      createdById: input.createdById ?? null,
      size,
      fileCount: files.length,
      files: { create: files },
    },
    include: { files: { orderBy: { path: 'asc' } } },
  });
  return { artifact, created: true, replacedKeys: [] };
}
