/**
 * Streaming multipart/form-data for uploads, with busboy: the form's fields come first and the file part is handed
 * over as a stream the moment it starts, so the caller can authorize and check the target before a byte of content
 * is stored, and nothing is ever buffered whole. (Hono's `parseBody` reads the whole body into memory.)
 */
import type { IncomingHttpHeaders } from 'node:http';
import type { Readable } from 'node:stream';
import busboy from 'busboy';

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

export interface UploadForm {
  /** The fields sent before the file. */
  fields: Record<string, string>;
  file: { stream: Readable; filename: string; mimeType: string };
  /** Settles once the whole form is read; rejects on anything after the file, a malformed ending or an abort. */
  done: Promise<void>;
  /** Stops reading the request; the server discards (or drops) the rest. */
  stop(): void;
  /** Why the form failed, once it has (the file stream then fails with a less telling error). */
  readonly failure: Error | undefined;
}

export interface UploadFormOptions {
  /** The file part's field name. */
  fileField?: string;
  maxFileBytes: number;
  maxFields?: number;
  maxFieldBytes?: number;
  /** Fail with a `timeout` error when the client sends nothing for this long (time spent waiting on our side, while
   * the source is paused for backpressure, does not count). */
  idleTimeoutMs?: number;
}

const NUL_MESSAGE = 'Must not contain the character U+0000';

/**
 * Starts parsing `source` and resolves when the file part begins.
 *
 * @example
 * const form = await readUploadForm(incoming, incoming.headers, { maxFileBytes: 500 * 1024 * 1024 });
 * await storage.write(ws, form.file.stream);
 * await form.done;
 */
export function readUploadForm(
  source: Readable,
  headers: IncomingHttpHeaders,
  { fileField = 'file', maxFileBytes, maxFields = 8, maxFieldBytes = 4096, idleTimeoutMs = 0 }: UploadFormOptions,
): Promise<UploadForm> {
  return new Promise((resolve, reject) => {
    let parser: busboy.Busboy;
    try {
      parser = busboy({
        headers,
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
      reject(new UploadFormError(`Not a multipart/form-data body: ${(err as Error).message}`));
      return;
    }
    const fields: Record<string, string> = {};
    let file: UploadForm['file'] | undefined;
    let settle: { resolve(): void; reject(err: Error): void } | undefined;
    let failure: Error | undefined;
    let idle: NodeJS.Timeout | undefined;
    const done = new Promise<void>((res, rej) => {
      settle = { resolve: res, reject: rej };
    });
    done.catch(() => {});
    const fail = (err: Error) => {
      disarm();
      failure ??= err;
      if (!file) reject(err);
      settle?.reject(err);
      parser.destroy();
    };

    parser.on('field', (name, value, info) => {
      if (file)
        return fail(new UploadFormError('Send form fields before the file', `body.${name}`, 'field_after_file'));
      if (info.valueTruncated) {
        return fail(new UploadFormError(`At most ${maxFieldBytes} bytes`, `body.${name}`, 'too_big'));
      }
      if (name.includes('\0') || value.includes('\0')) {
        return fail(new UploadFormError(NUL_MESSAGE, `body.${name}`, 'invalid_character'));
      }
      fields[name] = value;
    });
    parser.on('file', (name, stream, info) => {
      // Whoever reads the file sees its errors; this listener keeps a part nobody reads yet (the request is refused
      // before its content is stored) from turning busboy's "Unexpected end of form" into an uncaught exception.
      stream.on('error', () => {});
      if (name !== fileField || file) {
        stream.resume();
        return fail(
          new UploadFormError(`Send one file, as the field "${fileField}"`, `body.${name}`, 'unexpected_file'),
        );
      }
      if (info.filename?.includes('\0')) {
        stream.resume();
        return fail(new UploadFormError(NUL_MESSAGE, `body.${fileField}`, 'invalid_character'));
      }
      file = { stream, filename: info.filename ?? '', mimeType: info.mimeType };
      resolve({
        fields,
        file,
        done,
        stop,
        get failure() {
          return failure;
        },
      });
    });
    for (const event of ['fieldsLimit', 'partsLimit', 'filesLimit'] as const) {
      parser.on(event, () => fail(new UploadFormError('Too many form fields or files')));
    }
    parser.on('error', (err: Error) => fail(err instanceof UploadFormError ? err : new UploadFormError(err.message)));
    parser.on('close', () => {
      disarm();
      if (!file) fail(new UploadFormError('Required', `body.${fileField}`, 'invalid_type'));
      else settle?.resolve();
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
    source.on('error', (err) => parser.destroy(err));
    source.once('close', () => {
      disarm();
      if (!ended) parser.destroy(new UploadFormError('The request was aborted'));
    });
    armIdle();
    source.pipe(parser);

    function disarm() {
      clearTimeout(idle);
      source.off('data', armIdle);
    }

    function stop() {
      disarm();
      source.unpipe(parser);
      parser.destroy();
    }
  });
}
