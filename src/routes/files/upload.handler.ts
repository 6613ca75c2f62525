/**
 * `POST /api/v1/files`: a multipart upload streamed straight into storage. The fields (sent first) are validated
 * with the document's own schema and the caller authorized before any content is read; the content is hashed and
 * counted on its way to disk and becomes a file only once complete, in one transaction.
 */
import type { IncomingMessage } from 'node:http';
import type { OpenAPIHono } from '@hono/zod-openapi';
import type { Context } from 'hono';
import { postApiV1FilesRoute, UploadFileSchema } from '../../../generated/routes.ts';
import { ApiError } from '../../app/problem.ts';
import { mount } from '../../app/router.ts';
import type { AppEnv } from '../../app/types.ts';
import { toFieldErrors } from '../../app/validation-hook.ts';
import { authorizeWorkspace, requestedWorkspace } from '../../auth/authorize.ts';
import { mimeTypeFor } from '../../files/mime.ts';
import { readUploadForm, UploadFormError } from '../../files/multipart.ts';
import { checkPath, joinPath } from '../../files/paths.ts';
import { BlobTooLargeError, type StoredBlob } from '../../files/storage.ts';
import { assertPathFree, commitFiles, fileOut, requirePath } from './files.service.ts';

/**
 * The route minus its request body. Given a multipart body schema, @hono/zod-openapi attaches hono's form validator,
 * which reads the whole body into memory; this handler streams it instead. The document still describes the body
 * and `fieldsSchema` validates the fields with it.
 */
const uploadRoute = { ...postApiV1FilesRoute, request: {} };
const fieldsSchema = UploadFileSchema.unwrap().omit({ file: true });

/** Room for the form's fields and part headers on top of the file when judging `Content-Length`. */
const FORM_OVERHEAD_BYTES = 64 * 1024;

const tooLarge = (max: number, headers: Record<string, string> = {}) =>
  new ApiError(413, 'PAYLOAD_TOO_LARGE', { detail: `Uploads are limited to ${max} bytes.`, headers });

/** The Node request under @hono/node-server, which is what lets the body be streamed without web-stream copies. */
function incomingOf(c: Context<AppEnv>): IncomingMessage {
  const incoming = (c.env as { incoming?: IncomingMessage } | undefined)?.incoming;
  if (!incoming) throw new Error('uploads are served through @hono/node-server');
  return incoming;
}

function uploadError(err: unknown, maxBytes: number): unknown {
  if (err instanceof BlobTooLargeError) return tooLarge(maxBytes);
  if (!(err instanceof UploadFormError)) return err;
  if (err.code === 'timeout') {
    return new ApiError(408, 'REQUEST_TIMEOUT', { detail: err.message, headers: { Connection: 'close' } });
  }
  if (!err.field) return new ApiError(400, 'MALFORMED_REQUEST', { detail: err.message });
  return ApiError.validation([{ field: err.field, message: err.message, code: err.code }]);
}

function fileName(raw: string): string {
  const checked = checkPath(raw);
  if (checked.ok && checked.path) return checked.path;
  const message = checked.ok ? 'The file part needs a filename' : `Filename ${checked.reason}`;
  throw ApiError.validation([{ field: 'body.file', message, code: 'invalid_filename' }]);
}

export function registerUpload(app: OpenAPIHono<AppEnv>): void {
  mount(app, uploadRoute, async (c) => {
    const { config, prisma } = c.get('deps');
    const maxBytes = config.MAX_UPLOAD_BYTES;
    if (!/^multipart\/form-data\s*;/i.test(c.req.header('content-type') ?? '')) {
      throw new ApiError(415, 'UNSUPPORTED_MEDIA_TYPE', { detail: 'Send the file as multipart/form-data.' });
    }
    // Refused unread: the server will not take in what it would throw away.
    if (Number(c.req.header('content-length')) > maxBytes + FORM_OVERHEAD_BYTES) {
      throw tooLarge(maxBytes, { Connection: 'close' });
    }
    const incoming = incomingOf(c);
    const form = await readUploadForm(incoming, incoming.headers, {
      maxFileBytes: maxBytes,
      idleTimeoutMs: config.UPLOAD_IDLE_TIMEOUT_SECONDS * 1000,
    }).catch((err) => {
      throw uploadError(err, maxBytes);
    });
    const { storage } = c.get('deps');
    let written: { workspaceId: string; blob: StoredBlob } | undefined;
    try {
      const parsed = fieldsSchema.safeParse(form.fields);
      if (!parsed.success) throw ApiError.validation(toFieldErrors('form', parsed.error));
      const fields = parsed.data;
      const workspaceId = requestedWorkspace(c, fields.workspace_id, 'body.workspace_id');
      await authorizeWorkspace(c, workspaceId);
      const name = fileName(form.file.filename);
      const path = requirePath(joinPath(requirePath(fields.path, 'body.path'), name), 'body.path');
      await assertPathFree(prisma, workspaceId, path);
      const blob = await storage.write(workspaceId, form.file.stream, { maxBytes });
      written = { workspaceId, blob };
      await form.done;
      const [result] = await commitFiles(prisma, storage, workspaceId, path, [
        {
          path,
          blob,
          mimeType: mimeTypeFor(name, form.file.mimeType),
          projectId: fields.project_id,
          conversationId: fields.conversation_id,
        },
      ]);
      return c.json(fileOut(result!.file), result!.created ? 201 : 200);
    } catch (err) {
      form.stop();
      if (written) await storage.remove(written.workspaceId, [written.blob.key]);
      throw uploadError(
        err instanceof ApiError || err instanceof BlobTooLargeError ? err : (form.failure ?? err),
        maxBytes,
      );
    }
  });
}
