/**
 * Raw artifact files: `serve` for callers with credentials (a project path), `view` for a signed URL's holder (a path
 * relative to the artifact's folder, so the entry's relative links resolve). Both send through `sendArtifactFile`,
 * which keeps the content sandboxed away from this origin.
 */
import type { OpenAPIHono } from '@hono/zod-openapi';
import {
  getApiV1ArtifactsServeProjectIdPathRoute,
  getApiV1ArtifactsViewTokenPathRoute,
} from '../../../generated/routes.ts';
import { ApiError } from '../../app/problem.ts';
import { mount, withRestParameter } from '../../app/router.ts';
import type { AppEnv } from '../../app/types.ts';
import { ArtifactPathError, canonicalPath } from '../../artifacts/artifact-paths.ts';
import { findArtifactFile } from '../../artifacts/artifacts.service.ts';
import { sendArtifactFile } from '../../artifacts/send-artifact-file.ts';
import { verifyViewToken } from '../../artifacts/view-token.ts';
import { loadProject } from '../../projects/projects.service.ts';

/** A path from the request in canonical form, or a 400 naming `field`. */
export function projectPath(raw: string, field: string): string {
  try {
    return canonicalPath(raw);
  } catch (err) {
    if (!(err instanceof ArtifactPathError)) throw err;
    throw ApiError.validation([{ field, message: `Path ${err.message}`, code: 'invalid_path' }]);
  }
}

export function registerServe(app: OpenAPIHono<AppEnv>): void {
  mount(app, withRestParameter(getApiV1ArtifactsServeProjectIdPathRoute, 'path'), async (c) => {
    const params = c.req.valid('param');
    const path = projectPath(params.path, 'path.path');
    const project = await loadProject(c, params.project_id);
    const found = await findArtifactFile(c.get('deps').prisma, project.id, path);
    if (!found) throw ApiError.notFound('artifact file');
    return sendArtifactFile(c, found.artifact.workspaceId, found.file, { shared: false });
  });

  mount(app, withRestParameter(getApiV1ArtifactsViewTokenPathRoute, 'path'), async (c) => {
    const params = c.req.valid('param');
    const path = projectPath(params.path, 'path.path');
    const { prisma, config } = c.get('deps');
    const artifactId = await verifyViewToken(config, params.token);
    if (!artifactId) throw new ApiError(404, 'NOT_FOUND', { detail: 'This view URL is invalid or has expired.' });
    const artifact = await prisma.artifact.findUnique({ where: { id: artifactId }, include: { files: true } });
    const file = artifact?.files.find((f) => f.path === path);
    if (!artifact || !file) throw ApiError.notFound('artifact file');
    return sendArtifactFile(c, artifact.workspaceId, file, { shared: true });
  });
}
