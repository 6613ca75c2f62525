/**
 * The streaming multipart/form-data reader under both upload forms (one file: `multipart.ts`; an artifact's many
 * files: `src/artifacts/artifact-form.ts`), with busboy and the native boundary search. It owns what every form needs:
 * fields checked as they arrive (size, U+0000, empty = absent, no conflicting repeats), a client that stops sending
 * (`timeout`) or goes away (`aborted`), and one failure that stops the parser, the file part being read and the
 * source at once. What a file part becomes is the caller's (`onFile`).
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

export const NUL_MESSAGE = 'Must not contain the character U+0000';

/** A form being read: its fields so far, and the way to fail it. */
export interface FormReading {
  /** Every non-empty field so far (an empty field counts as absent). */
  readonly fields: Record<string, string>;
  /** Fails the form (the first failure wins): stops the parser, the file part being read and the source. */
  fail(err: unknown): void;
  /** The first failure, if any. */
  readonly failure: unknown;
}

export interface FormReaderOptions {
  limits: { files: number; fileSize: number; fields: number; fieldSize: number; parts: number };
  /** Keep a file part's whole filename (a path), not only its last segment. */
  preservePath?: boolean;
  /** Fail with a `timeout` error when the client sends nothing for this long (time spent waiting on our side, while
   * the source is paused for backpressure, does not count); 0: never. */
  idleTimeoutMs: number;
  /** A file part, to be read (or `resume()`d and the form failed); its errors reach whoever reads it. */
  onFile(name: string, stream: Readable, info: busboy.FileInfo, form: FormReading): void;
  /** More file parts than `limits.files`. */
  onFilesLimit(form: FormReading): void;
  /** The whole body was read and parsed (the caller may still fail the form, e.g. for a missing part). */
  onClose?(form: FormReading): void;
}

/**
 * Starts reading the form from `source`; the promise settles once the body is parsed (resolves) or the form failed
 * (rejects with the first failure). Throws at once for a body that is not multipart/form-data.
 */
export function readForm(source: Readable, headers: IncomingHttpHeaders, options: FormReaderOptions) {
  const { limits, idleTimeoutMs } = options;
  let parser: busboy.Busboy;
  try {
    parser = busboy({
      headers,
      // RFC 7578 file names are UTF-8; busboy's default (latin1) would turn `café.txt` into `cafÃ©.txt`.
      defParamCharset: 'utf8',
      preservePath: options.preservePath ?? false,
      limits,
    });
  } catch (err) {
    throw new UploadFormError(`Not a multipart/form-data body: ${(err as Error).message}`);
  }
  useFastBoundarySearch(parser);
  /** File parts not read to their end yet. */
  const open = new Set<Readable>();
  let idle: NodeJS.Timeout | undefined;
  let settle!: { resolve(): void; reject(err: unknown): void };
  const done = new Promise<void>((resolve, reject) => {
    settle = { resolve, reject };
  });
  const form = {
    fields: {} as Record<string, string>,
    failure: undefined as unknown,
    fail(err: unknown) {
      if (form.failure) return;
      form.failure = err;
      disarm();
      source.unpipe(parser);
      // The files' readers must stop too, and see an error rather than a short file.
      for (const stream of open) stream.destroy(err instanceof Error ? err : undefined);
      parser.destroy();
      settle.reject(err);
    },
  };
  const formError = (message: string, field?: string, code?: string) =>
    form.fail(new UploadFormError(message, field, code));

  parser.on('field', (name, value, info) => {
    if (info.valueTruncated) return formError(`At most ${limits.fieldSize} bytes`, `body.${name}`, 'too_big');
    if (name.includes('\0') || value.includes('\0')) return formError(NUL_MESSAGE, `body.${name}`, 'invalid_character');
    // HTML forms and generated clients send unset fields as empty strings.
    if (value === '') return;
    if (name in form.fields && form.fields[name] !== value)
      return formError('Sent twice with different values', `body.${name}`, 'conflicting_field');
    form.fields[name] = value;
  });
  parser.on('file', (name, stream, info) => {
    // Whoever reads the file sees its errors; this listener keeps a part nobody reads (the request is refused before
    // its content is stored) from turning busboy's "Unexpected end of form" into an uncaught exception.
    stream.on('error', () => {});
    open.add(stream);
    stream.once('end', () => open.delete(stream));
    options.onFile(name, stream, info, form);
  });
  parser.on('filesLimit', () => options.onFilesLimit(form));
  for (const event of ['fieldsLimit', 'partsLimit'] as const) parser.on(event, () => formError('Too many form fields'));
  parser.on('error', (err: Error) =>
    form.fail(err instanceof UploadFormError ? err : new UploadFormError(err.message)),
  );
  parser.on('close', () => {
    disarm();
    options.onClose?.(form);
    settle.resolve();
  });

  const armIdle = () => {
    if (idleTimeoutMs <= 0 || form.failure) return;
    clearTimeout(idle);
    idle = setTimeout(() => {
      if (source.readableFlowing === false && !source.readableEnded) return armIdle();
      formError(`No data received for ${idleTimeoutMs / 1000} s`, undefined, 'timeout');
    }, idleTimeoutMs);
  };
  function disarm() {
    clearTimeout(idle);
    source.off('data', armIdle);
  }
  let ended = false;
  source.on('data', armIdle);
  source.once('end', () => {
    ended = true;
    disarm();
  });
  source.on('error', (err) => formError(err.message));
  source.once('close', () => {
    disarm();
    if (!ended) formError('The request was aborted');
  });
  armIdle();
  source.pipe(parser);
  return { form: form as FormReading, done };
}
