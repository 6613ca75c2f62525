/** Artifacts: list, read, rename, delete, preview by path, and signed view URLs; files are served by serve.handlers. */
import type { OpenAPIHono } from '@hono/zod-openapi';
import {
  deleteApiV1ArtifactsArtifactIdRoute,
  getApiV1ArtifactsArtifactIdRoute,
  getApiV1ArtifactsPreviewRoute,
  getApiV1ArtifactsRoute,
  patchApiV1ArtifactsArtifactIdRoute,
  postApiV1ArtifactsOpenRoute,
} from '../../../generated/routes.ts';
import { ApiError } from '../../app/problem.ts';
import { mount } from '../../app/router.ts';
import type { AppEnv } from '../../app/types.ts';
import { artifactOut } from '../../artifacts/artifact-out.ts';
import { deleteArtifact, findArtifactFile, loadArtifact } from '../../artifacts/artifacts.service.ts';
import { readPreview } from '../../artifacts/preview.ts';
import { signViewToken } from '../../artifacts/view-token.ts';
import { authorizeWorkspace, requestedWorkspace } from '../../auth/authorize.ts';
import { pageArgs, timeRange, toPage } from '../../lib/pagination.ts';
import { loadProject } from '../../projects/projects.service.ts';
import { registerPublish } from './publish.handler.ts';
import { projectPath, registerServe } from './serve.handlers.ts';

const DEFAULT_VIEW_SECONDS = 900;

export function registerArtifacts(app: OpenAPIHono<AppEnv>): void {
  registerPublish(app);

  mount(app, getApiV1ArtifactsRoute, async (c) => {
    const query = c.req.valid('query');
    let workspaceId: string;
    if (query.project_id) {
      workspaceId = (await loadProject(c, query.project_id, 'query.project_id')).workspaceId;
      if (query.workspace_id && query.workspace_id !== workspaceId) throw ApiError.notFound('project');
    } else {
      workspaceId = requestedWorkspace(c, query.workspace_id, 'query.workspace_id');
      await authorizeWorkspace(c, workspaceId);
    }
    const page = pageArgs(query);
    const rows = await c.get('deps').prisma.artifact.findMany({
      where: {
        AND: [
          { workspaceId },
          query.project_id ? { projectId: query.project_id } : {},
          query.conversation_id ? { conversationId: query.conversation_id } : {},
          query.type ? { type: query.type } : {},
          timeRange(query),
          page.where,
        ],
      },
      include: { files: { orderBy: { path: 'asc' } } },
      orderBy: page.orderBy,
      take: page.take,
    });
    return c.json(toPage(rows, page.limit, artifactOut), 200);
  });

  mount(app, getApiV1ArtifactsPreviewRoute, async (c) => {
    const query = c.req.valid('query');
    const path = projectPath(query.path, 'query.path');
    const project = await loadProject(c, query.project_id, 'query.project_id');
    const found = await findArtifactFile(c.get('deps').prisma, project.id, path);
    if (!found) throw ApiError.notFound('artifact file');
    const preview = await readPreview(c.get('deps').storage, found.artifact.workspaceId, found.file);
    const file = found.file;
    return c.json(
      {
        artifact: artifactOut(found.artifact),
        file: { path: file.path, size: Number(file.size), mime_type: file.mimeType, sha256: file.sha256 },
        ...preview,
      },
      200,
    );
  });

  mount(app, postApiV1ArtifactsOpenRoute, async (c) => {
    const body = c.req.valid('json');
    const artifact = await loadArtifact(c, body.artifact_id, 'body.artifact_id');
    const { config } = c.get('deps');
    const expiresAt = new Date(Date.now() + (body.expires_in ?? DEFAULT_VIEW_SECONDS) * 1000);
    const token = await signViewToken(config, artifact.id, expiresAt);
    const base = (config.ARTIFACT_VIEW_BASE_URL ?? config.PUBLIC_URL ?? new URL(c.req.url).origin).replace(/\/+$/, '');
    const entry = artifact.path
      .slice(artifact.root.length + 1)
      .split('/')
      .map(encodeURIComponent)
      .join('/');
    const url = `${base}/api/v1/artifacts/view/${token}/${entry}`;
    return c.json({ artifact_id: artifact.id, url, expires_at: expiresAt.toISOString() }, 200);
  });

  registerServe(app);

  mount(app, getApiV1ArtifactsArtifactIdRoute, async (c) =>
    c.json(artifactOut(await loadArtifact(c, c.req.valid('param').artifact_id)), 200),
  );

  mount(app, patchApiV1ArtifactsArtifactIdRoute, async (c) => {
    const artifact = await loadArtifact(c, c.req.valid('param').artifact_id);
    const body = c.req.valid('json');
    const updated = await c.get('deps').prisma.artifact.update({
      where: { id: artifact.id },
      data: {
        ...(body.title !== undefined ? { title: body.title } : {}),
        ...(body.type !== undefined ? { type: body.type } : {}),
      },
      include: { files: { orderBy: { path: 'asc' } } },
    });
    return c.json(artifactOut(updated), 200);
  });

  mount(app, deleteApiV1ArtifactsArtifactIdRoute, async (c) => {
    const artifact = await loadArtifact(c, c.req.valid('param').artifact_id);
    await deleteArtifact(c.get('deps'), artifact);
    return c.body(null, 204);
  });
}
