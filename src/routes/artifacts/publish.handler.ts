/**
 * `POST /api/v1/artifacts`: a multipart upload of an artifact's files. The files wait in a local staging area while
 * the form is read (its project, hence its workspace, may come last); once every field is checked and the caller
 * authorized they are copied into the storage, the artifact's rows are switched to them in one transaction, and the
 * blobs they replaced are removed. Any failure removes what this request wrote and leaves the artifact as it was.
 */
import type { IncomingMessage } from 'node:http';
import path from 'node:path';
import type { OpenAPIHono } from '@hono/zod-openapi';
import type { Context } from 'hono';
import { PublishArtifactSchema, postApiV1ArtifactsRoute } from '../../../generated/routes.ts';
import { ApiError } from '../../app/problem.ts';
import { mount } from '../../app/router.ts';
import type { AppEnv } from '../../app/types.ts';
import { toFieldErrors } from '../../app/validation-hook.ts';
import { FormLimitError, readArtifactForm } from '../../artifacts/artifact-form.ts';
import { artifactOut } from '../../artifacts/artifact-out.ts';
import { ArtifactPathError, entryOf } from '../../artifacts/artifact-paths.ts';
import { mimeTypeOf } from '../../artifacts/content-types.ts';
import { type PublishFile, PublishRefused, publishArtifactRows } from '../../artifacts/publish.ts';
import { UploadFormError } from '../../files/form-reader.ts';
import { BlobTooLargeError, LocalDiskStorage, type StoredBlob } from '../../files/storage.ts';
import { loadProject } from '../../projects/projects.service.ts';

/** The route minus its body: @hono/zod-openapi would read a multipart body whole; this handler streams it. */
const publishRoute = { ...postApiV1ArtifactsRoute, request: {} };
const fieldsSchema = PublishArtifactSchema.unwrap().omit({ file: true });
const FORM_OVERHEAD_BYTES = 64 * 1024;
const STAGED = 'artifact-uploads';

const tooLarge = (detail: string, headers: Record<string, string> = {}) =>
  new ApiError(413, 'PAYLOAD_TOO_LARGE', { detail, headers });

function formError(err: unknown, maxBytes: number): unknown {
  if (err instanceof BlobTooLargeError) return tooLarge(`An artifact's files are limited to ${maxBytes} bytes.`);
  if (err instanceof FormLimitError) return tooLarge(err.message);
  if (!(err instanceof UploadFormError)) return err;
  if (err.code === 'timeout')
    return new ApiError(408, 'REQUEST_TIMEOUT', { detail: err.message, headers: { Connection: 'close' } });
  if (!err.field) return new ApiError(400, 'MALFORMED_REQUEST', { detail: err.message });
  return ApiError.validation([{ field: err.field, message: err.message, code: err.code }]);
}

function incomingOf(c: Context<AppEnv>): IncomingMessage {
  const incoming = (c.env as { incoming?: IncomingMessage } | undefined)?.incoming;
  if (!incoming) throw new Error('uploads are served through @hono/node-server');
  return incoming;
}

export function registerPublish(app: OpenAPIHono<AppEnv>): void {
  mount(app, publishRoute, async (c) => {
    const deps = c.get('deps');
    const { config, prisma, storage } = deps;
    const maxBytes = config.ARTIFACT_MAX_BYTES;
    if (!/^multipart\/form-data\s*;/i.test(c.req.header('content-type') ?? ''))
      throw new ApiError(415, 'UNSUPPORTED_MEDIA_TYPE', { detail: 'Send the files as multipart/form-data.' });
    if (Number(c.req.header('content-length')) > maxBytes + FORM_OVERHEAD_BYTES)
      throw tooLarge(`An artifact's files are limited to ${maxBytes} bytes.`, { Connection: 'close' });
    const staging = new LocalDiskStorage(
      path.join(path.resolve(config.SKILLPLANE_DATA_DIR), 'files', '.tmp', 'staging'),
    );
    const incoming = incomingOf(c);
    const form = await readArtifactForm(incoming, incoming.headers, {
      maxFiles: config.ARTIFACT_MAX_FILES,
      maxBytes,
      idleTimeoutMs: config.UPLOAD_IDLE_TIMEOUT_SECONDS * 1000,
      store: (stream, budget) => staging.write(STAGED, stream, { maxBytes: budget }),
      discard: (blobs) =>
        staging.remove(
          STAGED,
          blobs.map((b) => b.key),
        ),
    }).catch((err) => {
      throw formError(err, maxBytes);
    });
    const copies: StoredBlob[] = [];
    let workspaceId: string | undefined;
    try {
      const parsed = fieldsSchema.safeParse(form.fields);
      if (!parsed.success) throw ApiError.validation(toFieldErrors('form', parsed.error));
      const fields = parsed.data;
      const project = await loadProject(c, fields.project_id, 'body.project_id');
      workspaceId = project.workspaceId;
      const entry = checkedEntry(fields.path);
      if (!form.files.some((f) => f.path === entry.name)) {
        throw ApiError.validation([
          { field: 'body.file', message: `The entry ${entry.name} is not among the files`, code: 'entry_missing' },
        ]);
      }
      const files: PublishFile[] = [];
      for (const f of form.files) {
        const blob = await storage.write(project.workspaceId, await staging.read(STAGED, f.blob.key), { maxBytes });
        copies.push(blob);
        files.push({ path: f.path, blob, mimeType: mimeTypeOf(f.path) });
      }
      const published = await prisma.$transaction((tx) =>
        publishArtifactRows(tx, {
          workspaceId: project.workspaceId,
          projectId: project.id,
          entry,
          ...(fields.title !== undefined ? { title: fields.title } : {}),
          ...(fields.type !== undefined ? { type: fields.type } : {}),
          source: 'user',
          conversationId: null,
          responseId: null,
          createdById: c.get('principal').userId,
          files,
        }),
      );
      await storage.remove(project.workspaceId, published.replacedKeys);
      return c.json(artifactOut(published.artifact), published.created ? 201 : 200);
    } catch (err) {
      if (workspaceId && copies.length > 0)
        await storage.remove(
          workspaceId,
          copies.map((b) => b.key),
        );
      if (err instanceof PublishRefused) {
        if (err.reason === 'project_gone') throw ApiError.notFound('project');
        throw new ApiError(409, 'CONFLICT', {
          detail: err.message,
          errors: [{ field: 'body.path', message: err.message, code: 'folder_conflict' }],
        });
      }
      throw err;
    } finally {
      await staging.remove(
        STAGED,
        form.files.map((f) => f.blob.key),
      );
    }
  });
}

function checkedEntry(raw: string) {
  try {
    return entryOf(raw);
  } catch (err) {
    if (!(err instanceof ArtifactPathError)) throw err;
    throw ApiError.validation([{ field: 'body.path', message: `Path ${err.message}`, code: 'invalid_path' }]);
  }
}
