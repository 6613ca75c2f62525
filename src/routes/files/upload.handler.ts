/**
 * `POST /api/v1/files`: a multipart upload streamed straight into storage. Fields may come before or after the
 * file: those sent first are validated with the document's own schema and the caller authorized before any content
 * is read; the content is hashed and counted on its way to storage (or to a local staging blob while its workspace is
 * unknown), and becomes a file (in one transaction) only once the form is complete and every field checked. Every
 * failure removes what was written.
 */
import type { IncomingMessage } from 'node:http';
import path from 'node:path';
import type { OpenAPIHono } from '@hono/zod-openapi';
import type { Context } from 'hono';
import type { z } from 'zod';
import { postApiV1FilesRoute, UploadFileSchema } from '../../../generated/routes.ts';
import { ApiError } from '../../app/problem.ts';
import { mount } from '../../app/router.ts';
import type { AppEnv } from '../../app/types.ts';
import { toFieldErrors } from '../../app/validation-hook.ts';
import { authorizeWorkspace, requestedWorkspace } from '../../auth/authorize.ts';
import { UploadFormError } from '../../files/form-reader.ts';
import { mimeTypeFor } from '../../files/mime.ts';
import { readUploadForm } from '../../files/multipart.ts';
import { checkPath, joinPath } from '../../files/paths.ts';
import { BlobTooLargeError, LocalDiskStorage, type StoredBlob } from '../../files/storage.ts';
import { assertReferences } from '../../projects/projects.service.ts';
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

interface Target {
  workspaceId: string;
  path: string;
  name: string;
  fields: z.infer<typeof fieldsSchema>;
}

/**
 * Validates the fields and authorizes the upload. With `partial`, `fields` are those sent before the file: whatever
 * they settle (a bad value, a foreign workspace, a taken path) is refused before the content is read, and what they
 * leave open (the workspace or folder of a field still to come) is checked once the form is complete.
 */
async function checkTarget(
  c: Context<AppEnv>,
  raw: Record<string, string>,
  filename: string,
  partial: boolean,
): Promise<Partial<Target>> {
  const parsed = fieldsSchema.safeParse(raw);
  if (!parsed.success) throw ApiError.validation(toFieldErrors('form', parsed.error));
  const fields = parsed.data;
  const name = fileName(filename);
  if (partial && !fields.workspace_id && !c.get('principal').workspaceId) return {};
  const workspaceId = requestedWorkspace(c, fields.workspace_id, 'body.workspace_id');
  await authorizeWorkspace(c, workspaceId);
  if (partial && fields.path === undefined) return { workspaceId };
  const path = requirePath(joinPath(requirePath(fields.path, 'body.path'), name), 'body.path');
  await assertPathFree(c.get('deps').prisma, workspaceId, path);
  if (!partial) {
    const refs = { projectId: fields.project_id, conversationId: fields.conversation_id };
    await assertReferences(c.get('deps').prisma, workspaceId, refs, 'body');
  }
  return { workspaceId, path, name, fields };
}

/**
 * A file whose workspace is not known when it starts (its fields follow it) waits on local disk, whatever the storage
 * backend, and is copied into the storage once every field is checked. A file whose workspace is known goes straight
 * into the storage: a later field cannot move it (a second, different `workspace_id` is refused, and a key bound to
 * one workspace gets 404 for another).
 */
const STAGED = 'uploads';
const stagingFor = (dataDir: string) =>
  new LocalDiskStorage(path.join(path.resolve(dataDir), 'files', '.tmp', 'staging'));

type Stored = { workspaceId: string | undefined; blob: StoredBlob };

export function registerUpload(app: OpenAPIHono<AppEnv>): void {
  mount(app, uploadRoute, async (c) => {
    const { config, prisma, storage } = c.get('deps');
    const maxBytes = config.MAX_UPLOAD_BYTES;
    if (!/^multipart\/form-data\s*;/i.test(c.req.header('content-type') ?? '')) {
      throw new ApiError(415, 'UNSUPPORTED_MEDIA_TYPE', { detail: 'Send the file as multipart/form-data.' });
    }
    // Refused unread: the server will not take in what it would throw away.
    if (Number(c.req.header('content-length')) > maxBytes + FORM_OVERHEAD_BYTES) {
      throw tooLarge(maxBytes, { Connection: 'close' });
    }
    const incoming = incomingOf(c);
    const staging = stagingFor(config.SKILLPLANE_DATA_DIR);
    const remove = ({ workspaceId, blob }: Stored) =>
      workspaceId ? storage.remove(workspaceId, [blob.key]) : staging.remove(STAGED, [blob.key]);
    const form = await readUploadForm<Stored>(incoming, incoming.headers, {
      maxFileBytes: maxBytes,
      idleTimeoutMs: config.UPLOAD_IDLE_TIMEOUT_SECONDS * 1000,
      store: async (file, fieldsSoFar) => {
        const { workspaceId } = await checkTarget(c, fieldsSoFar, file.filename, true);
        if (workspaceId) return { workspaceId, blob: await storage.write(workspaceId, file.stream, { maxBytes }) };
        return { workspaceId, blob: await staging.write(STAGED, file.stream, { maxBytes }) };
      },
      discard: remove,
    }).catch((err) => {
      throw uploadError(err, maxBytes);
    });
    const staged = form.stored.workspaceId === undefined;
    let copy: Stored | undefined;
    try {
      const target = (await checkTarget(c, form.fields, form.file.filename, false)) as Target;
      if (staged) {
        const content = await staging.read(STAGED, form.stored.blob.key);
        copy = {
          workspaceId: target.workspaceId,
          blob: await storage.write(target.workspaceId, content, { maxBytes }),
        };
      } else if (form.stored.workspaceId !== target.workspaceId) {
        throw new Error('An upload changed workspace after its file started');
      }
      const [result] = await commitFiles(prisma, storage, target.workspaceId, target.path, [
        {
          path: target.path,
          blob: (copy ?? form.stored).blob,
          mimeType: mimeTypeFor(target.name, form.file.mimeType),
          projectId: target.fields.project_id,
          conversationId: target.fields.conversation_id,
        },
      ]);
      return c.json(fileOut(result!.file), result!.created ? 201 : 200);
    } catch (err) {
      if (copy) await remove(copy);
      if (!staged) await remove(form.stored);
      throw uploadError(err, maxBytes);
    } finally {
      if (staged) await remove(form.stored);
    }
  });
}
