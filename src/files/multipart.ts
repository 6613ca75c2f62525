/**
 * Streaming multipart/form-data for uploads, with busboy. Clients send the fields and the file in any order (curl
 * users and generated clients put `file` first or in the middle), so the file is handed to `store` the moment it
 * starts, with the fields seen so far (enough, in the usual order, to refuse the upload before storing a byte), and
 * the form resolves only once every field has arrived and the content is stored. Nothing is ever buffered whole.
 * (Hono's `parseBody` reads the whole body into memory.)
 */
import type { IncomingHttpHeaders } from 'node:http';
import type { Readable } from 'node:stream';
import busboy from 'busboy';
import { useFastBoundarySearch } from './boundary-search.ts';

/**
 * A problem with the form: `field` names the offending field (a 400 naming it); without one the body is malformed,
 * or, with the code `timeout`, the client stopped sending.
 */
export class UploadFormError extends Error {
  readonly field: string | undefined;
  readonly code: string;
  constructor(message: string, field?: string, code = 'invalid_form') {
    super(message);
    this.name = 'UploadFormError';
    this.field = field;
    this.code = code;
  }
}

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

const NUL_MESSAGE = 'Must not contain the character U+0000';

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
  let parser: busboy.Busboy;
  try {
    parser = busboy({
      headers,
      // RFC 7578 file names are UTF-8; busboy's default (latin1) would turn `café.txt` into `cafÃ©.txt`.
      defParamCharset: 'utf8',
      // One byte over the limit lets the storage notice and refuse instead of busboy silently truncating.
      limits: {
        fileSize: maxFileBytes + 1,
        files: 1,
        fields: maxFields,
        fieldSize: maxFieldBytes,
        parts: maxFields + 1,
      },
    });
  } catch (err) {
    throw new UploadFormError(`Not a multipart/form-data body: ${(err as Error).message}`);
  }
  useFastBoundarySearch(parser);
  const fields: Record<string, string> = {};
  let file: FilePart | undefined;
  let stored: Promise<T> | undefined;
  let failure: unknown;
  let idle: NodeJS.Timeout | undefined;
  let settle!: { resolve(): void; reject(err: unknown): void };
  const read = new Promise<void>((resolve, reject) => {
    settle = { resolve, reject };
  });

  const fail = (err: unknown) => {
    if (failure) return;
    failure = err;
    disarm();
    source.unpipe(parser);
    // The file's reader (`store`) must stop too, and see an error rather than a short file.
    if (file && !file.stream.readableEnded) file.stream.destroy(err instanceof Error ? err : undefined);
    parser.destroy();
    settle.reject(err);
  };

  parser.on('field', (name, value, info) => {
    if (info.valueTruncated)
      return fail(new UploadFormError(`At most ${maxFieldBytes} bytes`, `body.${name}`, 'too_big'));
    if (name.includes('\0') || value.includes('\0')) {
      return fail(new UploadFormError(NUL_MESSAGE, `body.${name}`, 'invalid_character'));
    }
    // HTML forms and generated clients send unset fields as empty strings.
    if (value === '') return;
    if (name in fields && fields[name] !== value) {
      return fail(new UploadFormError('Sent twice with different values', `body.${name}`, 'conflicting_field'));
    }
    fields[name] = value;
  });
  parser.on('file', (name, stream, info) => {
    // Whoever reads the file sees its errors; this listener keeps a part nobody reads (the request is refused before
    // its content is stored) from turning busboy's "Unexpected end of form" into an uncaught exception.
    stream.on('error', () => {});
    if (name !== fileField || file) {
      stream.resume();
      return fail(new UploadFormError(`Send one file, as the field "${fileField}"`, `body.${name}`, 'unexpected_file'));
    }
    if (info.filename?.includes('\0')) {
      stream.resume();
      return fail(new UploadFormError(NUL_MESSAGE, `body.${fileField}`, 'invalid_character'));
    }
    file = { stream, filename: info.filename ?? '', mimeType: info.mimeType };
    stored = store(file, { ...fields });
    stored.catch(fail);
  });
  for (const event of ['fieldsLimit', 'partsLimit'] as const) {
    parser.on(event, () => fail(new UploadFormError('Too many form fields')));
  }
  parser.on('filesLimit', () =>
    fail(new UploadFormError(`Send one file, as the field "${fileField}"`, `body.${fileField}`, 'unexpected_file')),
  );
  parser.on('error', (err: Error) => fail(err instanceof UploadFormError ? err : new UploadFormError(err.message)));
  parser.on('close', () => {
    disarm();
    if (!file) fail(new UploadFormError('Required', `body.${fileField}`, 'invalid_type'));
    else settle.resolve();
  });

  const armIdle = () => {
    if (idleTimeoutMs <= 0 || failure) return;
    clearTimeout(idle);
    idle = setTimeout(() => {
      if (source.readableFlowing === false && !source.readableEnded) return armIdle();
      fail(new UploadFormError(`No data received for ${idleTimeoutMs / 1000} s`, undefined, 'timeout'));
    }, idleTimeoutMs);
  };
  let ended = false;
  source.on('data', armIdle);
  source.once('end', () => {
    ended = true;
    disarm();
  });
  source.on('error', (err) => fail(new UploadFormError(err.message)));
  source.once('close', () => {
    disarm();
    if (!ended) fail(new UploadFormError('The request was aborted'));
  });
  armIdle();
  source.pipe(parser);

  function disarm() {
    clearTimeout(idle);
    source.off('data', armIdle);
  }

  try {
    await read;
    const value = await (stored as Promise<T>);
    // The form was read whole, but something may have failed while `store` was finishing: that still undoes it.
    if (failure) throw failure;
    return { fields, file: { filename: file!.filename, mimeType: file!.mimeType }, stored: value };
  } catch (err) {
    fail(err);
    const value = await stored?.catch(() => undefined);
    if (value !== undefined) await discard(value);
    throw failure;
  }
}
