/**
 * Streaming multipart/form-data for uploads of one file (read by `form-reader.ts`, with busboy). Clients send the
 * fields and the file in any order (curl users and generated clients put `file` first or in the middle), so the file
 * is handed to `store` the moment it starts, with the fields seen so far (enough, in the usual order, to refuse the
 * upload before storing a byte), and the form resolves only once every field has arrived and the content is stored.
 * Nothing is ever buffered whole. (Hono's `parseBody` reads the whole body into memory.)
 */
import type { IncomingHttpHeaders } from 'node:http';
import type { Readable } from 'node:stream';
import { NUL_MESSAGE, readForm, UploadFormError } from './form-reader.ts';

export interface FilePart {
  stream: Readable;
  filename: string;
  mimeType: string;
}

export interface UploadForm<T> {
  /** Every non-empty field of the form (an empty field counts as absent). */
  fields: Record<string, string>;
  file: { filename: string; mimeType: string };
  /** What `store` made of the content. */
  stored: T;
}

export interface UploadFormOptions<T> {
  /** The file part's field name. */
  fileField?: string;
  maxFileBytes: number;
  maxFields?: number;
  maxFieldBytes?: number;
  /** Fail with a `timeout` error when the client sends nothing for this long (time spent waiting on our side, while
   * the source is paused for backpressure, does not count). */
  idleTimeoutMs?: number;
  /** Consumes the file part; `fieldsSoFar` are the fields sent before it (more may follow). */
  store(file: FilePart, fieldsSoFar: Readonly<Record<string, string>>): Promise<T>;
  /** Undoes `store` when the form fails after the content was stored (a bad field after the file, an abort). */
  discard(stored: T): Promise<void>;
}

/**
 * Reads the whole form from `source`. On any failure nothing `store` made is left: it is discarded before this
 * rejects, with the first failure (a form error, or whatever `store` threw).
 *
 * @example
 * const form = await readUploadForm(incoming, incoming.headers, {
 *   maxFileBytes: 500 * 1024 * 1024,
 *   store: (file) => storage.write(workspaceId, file.stream, { maxBytes }),
 *   discard: (blob) => storage.remove(workspaceId, [blob.key]),
 * });
 */
export async function readUploadForm<T>(
  source: Readable,
  headers: IncomingHttpHeaders,
  {
    fileField = 'file',
    maxFileBytes,
    maxFields = 8,
    maxFieldBytes = 4096,
    idleTimeoutMs = 0,
    store,
    discard,
  }: UploadFormOptions<T>,
): Promise<UploadForm<T>> {
  let file: FilePart | undefined;
  let stored: Promise<T> | undefined;
  const unexpected = (name: string) =>
    new UploadFormError(`Send one file, as the field "${fileField}"`, `body.${name}`, 'unexpected_file');
  const { form, done } = readForm(source, headers, {
    // One byte over the limit lets the storage notice and refuse instead of busboy silently truncating.
    limits: { fileSize: maxFileBytes + 1, files: 1, fields: maxFields, fieldSize: maxFieldBytes, parts: maxFields + 1 },
    idleTimeoutMs,
    onFile(name, stream, info) {
      if (name !== fileField || file) {
        stream.resume();
        return form.fail(unexpected(name));
      }
      if (info.filename?.includes('\0')) {
        stream.resume();
        return form.fail(new UploadFormError(NUL_MESSAGE, `body.${fileField}`, 'invalid_character'));
      }
      file = { stream, filename: info.filename ?? '', mimeType: info.mimeType };
      stored = store(file, { ...form.fields });
      stored.catch((err) => form.fail(err));
    },
    onFilesLimit: () => form.fail(unexpected(fileField)),
    onClose() {
      if (!file) form.fail(new UploadFormError('Required', `body.${fileField}`, 'invalid_type'));
    },
  });

  try {
    await done;
    const value = await (stored as Promise<T>);
    // The form was read whole, but something may have failed while `store` was finishing: that still undoes it.
    if (form.failure) throw form.failure;
    return { fields: form.fields, file: { filename: file!.filename, mimeType: file!.mimeType }, stored: value };
  } catch (err) {
    form.fail(err);
    const value = await stored?.catch(() => undefined);
    if (value !== undefined) await discard(value);
    throw form.failure;
  }
}
