/** Files: the workspace tree by path, file objects by id, streamed uploads and downloads, ZIP extraction. */
import type { OpenAPIHono } from '@hono/zod-openapi';
import {
  deleteApiV1FilesFileIdRoute,
  deleteApiV1FilesTreeRoute,
  getApiV1FilesContentRoute,
  getApiV1FilesFileIdContentRoute,
  getApiV1FilesFileIdRoute,
  getApiV1FilesRoute,
  getApiV1FilesTreeRoute,
  postApiV1FilesExtractRoute,
} from '../../../generated/routes.ts';
import { ApiError } from '../../app/problem.ts';
import { mount } from '../../app/router.ts';
import type { AppEnv } from '../../app/types.ts';
import { authorizeWorkspace, requestedWorkspace } from '../../auth/authorize.ts';
import { mimeTypeFor } from '../../files/mime.ts';
import { extractZip, ZipRefusedError } from '../../files/zip.ts';
import { pageArgs, timeRange, toPage } from '../../lib/pagination.ts';
import { commitFiles, deleteFile, deleteTree, fileOut, loadFile, requirePath } from './files.service.ts';
import { listFolder } from './folder-listing.ts';
import { sendFile } from './send-file.ts';
import { registerUpload } from './upload.handler.ts';

/** `data.zip` extracts into `data`; an archive without the extension into `<name>_extracted`. */
const defaultDestination = (path: string) => (/\.zip$/i.test(path) ? path.slice(0, -4) : `${path}_extracted`);

export function registerFiles(app: OpenAPIHono<AppEnv>): void {
  registerUpload(app);

  mount(app, getApiV1FilesRoute, async (c) => {
    const query = c.req.valid('query');
    const workspaceId = requestedWorkspace(c, query.workspace_id, 'query.workspace_id');
    await authorizeWorkspace(c, workspaceId);
    const page = pageArgs(query);
    const rows = await c.get('deps').prisma.file.findMany({
      where: {
        AND: [
          { workspaceId },
          query.project_id ? { projectId: query.project_id } : {},
          query.conversation_id ? { conversationId: query.conversation_id } : {},
          page.where,
          timeRange(query),
        ],
      },
      orderBy: page.orderBy,
      take: page.take,
    });
    return c.json(toPage(rows, page.limit, fileOut), 200);
  });

  mount(app, getApiV1FilesTreeRoute, async (c) => {
    const query = c.req.valid('query');
    const workspaceId = requestedWorkspace(c, query.workspace_id, 'query.workspace_id');
    await authorizeWorkspace(c, workspaceId);
    const { prisma } = c.get('deps');
    const path = requirePath(query.path, 'query.path');
    const listing = await listFolder(prisma, workspaceId, path, query);
    if (listing) return c.json(listing, 200);
    const file = path && (await prisma.file.findUnique({ where: { workspaceId_path: { workspaceId, path } } }));
    // One operation, one media type: a file is downloaded by its own operation, which the detail names.
    const detail = file
      ? `"${path}" is a file, not a folder; download it with GET /api/v1/files/content?path=${encodeURIComponent(path)}.`
      : `No folder at "${path}".`;
    throw new ApiError(404, 'NOT_FOUND', { detail });
  });

  mount(app, getApiV1FilesContentRoute, async (c) => {
    const query = c.req.valid('query');
    const workspaceId = requestedWorkspace(c, query.workspace_id, 'query.workspace_id');
    await authorizeWorkspace(c, workspaceId);
    const { prisma, storage } = c.get('deps');
    const path = requirePath(query.path, 'query.path');
    const file = path ? await prisma.file.findUnique({ where: { workspaceId_path: { workspaceId, path } } }) : null;
    if (!file) throw new ApiError(404, 'NOT_FOUND', { detail: `No file at "${path}".` });
    return sendFile(c, storage, file);
  });

  mount(app, deleteApiV1FilesTreeRoute, async (c) => {
    const query = c.req.valid('query');
    const workspaceId = requestedWorkspace(c, query.workspace_id, 'query.workspace_id');
    await authorizeWorkspace(c, workspaceId);
    const path = requirePath(query.path, 'query.path');
    if (!path) {
      throw ApiError.validation([
        { field: 'query.path', message: 'Name a file or folder; the root cannot be deleted', code: 'invalid_path' },
      ]);
    }
    const { prisma, storage } = c.get('deps');
    const deleted = await deleteTree(prisma, storage, workspaceId, path);
    if (deleted === 0) throw new ApiError(404, 'NOT_FOUND', { detail: `No file or folder at "${path}".` });
    return c.body(null, 204);
  });

  mount(app, postApiV1FilesExtractRoute, async (c) => {
    const body = c.req.valid('json');
    const workspaceId = requestedWorkspace(c, body.workspace_id, 'body.workspace_id');
    await authorizeWorkspace(c, workspaceId);
    const { prisma, config, storage } = c.get('deps');
    const path = requirePath(body.path, 'body.path');
    const destination =
      body.destination === undefined ? defaultDestination(path) : requirePath(body.destination, 'body.destination');
    const archive = path
      ? await prisma.file.findUnique({ where: { workspaceId_path: { workspaceId, path } } })
      : undefined;
    if (!archive) throw new ApiError(404, 'NOT_FOUND', { detail: `No file at "${path}".` });
    const entries = await extractZip(storage, workspaceId, archive.storageKey, Number(archive.size), {
      destination,
      maxEntries: config.ZIP_MAX_ENTRIES,
      maxUncompressedBytes: config.ZIP_MAX_UNCOMPRESSED_BYTES,
      maxRatio: config.ZIP_MAX_RATIO,
    }).catch((err) => {
      throw err instanceof ZipRefusedError ? new ApiError(422, err.problem, { detail: err.message }) : err;
    });
    await commitFiles(
      prisma,
      storage,
      workspaceId,
      destination,
      entries.map((e) => ({ path: e.path, blob: e.blob, mimeType: mimeTypeFor(e.path) })),
    );
    const size = entries.reduce((sum, e) => sum + e.blob.size, 0);
    return c.json({ extracted_to: destination, file_count: entries.length, size }, 201);
  });

  // After /tree, /content and /extract, which the `{file_id}` routes would otherwise capture.
  mount(app, getApiV1FilesFileIdRoute, async (c) => {
    return c.json(fileOut(await loadFile(c, c.req.valid('param').file_id)), 200);
  });

  mount(app, getApiV1FilesFileIdContentRoute, async (c) => {
    const file = await loadFile(c, c.req.valid('param').file_id);
    return sendFile(c, c.get('deps').storage, file);
  });

  mount(app, deleteApiV1FilesFileIdRoute, async (c) => {
    const file = await loadFile(c, c.req.valid('param').file_id);
    const { prisma, storage } = c.get('deps');
    await deleteFile(prisma, storage, file);
    return c.body(null, 204);
  });
}
