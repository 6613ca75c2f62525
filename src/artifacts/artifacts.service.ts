/**
 * Artifacts as the API reads them: one the caller may act on, the artifact file at a project path, and deleting
 * artifacts (rows first, then blobs: a reader never finds a row whose blob was removed on purpose).
 */
import type { Context } from 'hono';
import type { ArtifactFile } from '../../generated/prisma/client.ts';
import { ApiError } from '../app/problem.ts';
import type { AppEnv, Deps } from '../app/types.ts';
import { authorizeWorkspace } from '../auth/authorize.ts';
import { candidateRoots } from './artifact-paths.ts';
import type { ArtifactWithFiles } from './publish.ts';

const withFiles = { files: { orderBy: { path: 'asc' as const } } };

/** An artifact of a workspace the caller may act on with the operation's permission (404 for other workspaces'). */
export async function loadArtifact(c: Context<AppEnv>, id: string, field?: string): Promise<ArtifactWithFiles> {
  const artifact = await c.get('deps').prisma.artifact.findUnique({ where: { id }, include: withFiles });
  const notFound = () =>
    field
      ? new ApiError(404, 'NOT_FOUND', {
          detail: 'No such artifact.',
          errors: [{ field, message: 'No such artifact', code: 'not_found' }],
        })
      : ApiError.notFound('artifact');
  if (!artifact) throw notFound();
  try {
    await authorizeWorkspace(c, artifact.workspaceId, 'artifact');
  } catch (err) {
    if (err instanceof ApiError && err.status === 404) throw notFound();
    throw err;
  }
  return artifact;
}

/**
 * The artifact whose folder holds `path` (canonical, relative to the project) and that file, or undefined. Roots of
 * a project never nest, so at most one artifact can be rooted in one of the path's folders.
 */
export async function findArtifactFile(
  prisma: Deps['prisma'],
  projectId: string,
  path: string,
): Promise<{ artifact: ArtifactWithFiles; file: ArtifactFile } | undefined> {
  const roots = candidateRoots(path);
  if (roots.length === 0) return undefined;
  const artifact = await prisma.artifact.findFirst({
    where: { projectId, root: { in: roots } },
    include: withFiles,
  });
  const file = artifact?.files.find((f) => f.path === path.slice(artifact.root.length + 1));
  return artifact && file ? { artifact, file } : undefined;
}

/** Deletes an artifact, then its blobs. */
export async function deleteArtifact(deps: Pick<Deps, 'prisma' | 'storage'>, artifact: ArtifactWithFiles) {
  await deps.prisma.artifact.deleteMany({ where: { id: artifact.id } });
  await deps.storage.remove(
    artifact.workspaceId,
    artifact.files.map((f) => f.storageKey),
  );
}

/** Deletes every artifact of a project (the project itself is being deleted). */
export async function deleteProjectArtifacts(deps: Pick<Deps, 'prisma' | 'storage'>, projectId: string) {
  const artifacts = await deps.prisma.artifact.findMany({ where: { projectId }, include: { files: true } });
  for (const artifact of artifacts) await deleteArtifact(deps, artifact);
}
