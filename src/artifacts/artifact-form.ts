/**
 * Streaming multipart/form-data with several files (busboy), for artifact uploads: each `file` part is stored as it
 * arrives (busboy hands over the next part only once the previous one is consumed), under a budget for the form's
 * files together, and named by its filename, a path relative to the artifact's folder. Fields may come before,
 * between or after the files. On any failure every stored blob is discarded before the promise rejects.
 */
import type { IncomingHttpHeaders } from 'node:http';
import type { Readable } from 'node:stream';
import busboy from 'busboy';
import { UploadFormError } from '../files/multipart.ts';
import type { StoredBlob } from '../files/storage.ts';
import { ArtifactPathError, canonicalPath } from './artifact-paths.ts';

/** More files, or more bytes, than an artifact may have. */
export class FormLimitError extends Error {}

export interface FormFile {
  /** Canonical, relative to the artifact's folder. */
  path: string;
  blob: StoredBlob;
}

export interface FormOptions {
  maxFiles: number;
  maxBytes: number;
  idleTimeoutMs: number;
  /** Stores one file's content, refusing more than `maxBytes` (BlobTooLargeError). */
  store(stream: Readable, maxBytes: number): Promise<StoredBlob>;
  discard(blobs: StoredBlob[]): Promise<void>;
}

const FIELD = 'file';

export async function readArtifactForm(
  source: Readable,
  headers: IncomingHttpHeaders,
  { maxFiles, maxBytes, idleTimeoutMs, store, discard }: FormOptions,
): Promise<{ fields: Record<string, string>; files: FormFile[] }> {
  let parser: busboy.Busboy;
  try {
    parser = busboy({
      headers,
      defParamCharset: 'utf8',
      // Filenames are paths (`assets/chart.js`); busboy would otherwise keep only the last segment.
      preservePath: true,
      limits: { files: maxFiles, fileSize: maxBytes + 1, fields: 8, fieldSize: 4096, parts: maxFiles + 8 },
    });
  } catch (err) {
    throw new UploadFormError(`Not a multipart/form-data body: ${(err as Error).message}`);
  }
  const fields: Record<string, string> = {};
  const files: FormFile[] = [];
  // Names as parts arrive: a part may arrive while the one before it is still being stored.
  const names = new Set<string>();
  let used = 0;
  let chain: Promise<void> = Promise.resolve();
  let current: Readable | undefined;
  let failure: unknown;
  let idle: NodeJS.Timeout | undefined;
  let settle!: { resolve(): void; reject(err: unknown): void };
  const read = new Promise<void>((resolve, reject) => {
    settle = { resolve, reject };
  });
  const fail = (err: unknown) => {
    if (failure) return;
    failure = err;
    clearTimeout(idle);
    source.unpipe(parser);
    current?.destroy(err instanceof Error ? err : undefined);
    parser.destroy();
    settle.reject(err);
  };
  const formError = (message: string, field?: string, code?: string) => fail(new UploadFormError(message, field, code));

  parser.on('field', (name, value, info) => {
    if (info.valueTruncated) return formError('At most 4096 bytes', `body.${name}`, 'too_big');
    if (name.includes('\0') || value.includes('\0'))
      return formError('Must not contain the character U+0000', `body.${name}`, 'invalid_character');
    if (value === '') return;
    if (name in fields && fields[name] !== value)
      return formError('Sent twice with different values', `body.${name}`, 'conflicting_field');
    fields[name] = value;
  });
  parser.on('file', (name, stream, info) => {
    stream.on('error', () => {});
    if (name !== FIELD) {
      stream.resume();
      return formError(`Send files as "${FIELD}" parts`, `body.${name}`, 'unexpected_file');
    }
    let path: string;
    try {
      path = canonicalPath(info.filename ?? '');
    } catch (err) {
      stream.resume();
      const reason = err instanceof ArtifactPathError ? err.message : 'is invalid';
      return formError(`Filename ${reason}`, `body.${FIELD}`, 'invalid_filename');
    }
    if (names.has(path)) {
      stream.resume();
      return formError(`Two files are named ${path}`, `body.${FIELD}`, 'duplicate_filename');
    }
    names.add(path);
    current = stream;
    chain = chain.then(async () => {
      const blob = await store(stream, maxBytes - used);
      used += blob.size;
      files.push({ path, blob });
    });
    chain.catch(fail);
  });
  parser.on('filesLimit', () => fail(new FormLimitError(`An artifact has at most ${maxFiles} files.`)));
  for (const event of ['fieldsLimit', 'partsLimit'] as const) parser.on(event, () => formError('Too many form fields'));
  parser.on('error', (err: Error) => fail(err instanceof UploadFormError ? err : new UploadFormError(err.message)));
  parser.on('close', () => {
    clearTimeout(idle);
    settle.resolve();
  });
  const arm = () => {
    clearTimeout(idle);
    if (idleTimeoutMs > 0 && !failure)
      idle = setTimeout(() => {
        if (source.readableFlowing === false && !source.readableEnded) return arm();
        formError(`No data received for ${idleTimeoutMs / 1000} s`, undefined, 'timeout');
      }, idleTimeoutMs);
  };
  source.on('data', arm);
  let ended = false;
  source.once('end', () => {
    ended = true;
  });
  source.on('error', (err) => formError(err.message));
  source.once('close', () => {
    if (!ended) formError('The request was aborted');
  });
  arm();
  source.pipe(parser);

  try {
    await read;
    await chain;
    if (failure) throw failure;
    if (files.length === 0) throw new UploadFormError('Required', `body.${FIELD}`, 'invalid_type');
    return { fields, files };
  } catch (err) {
    fail(err);
    await chain.catch(() => {});
    await discard(files.map((f) => f.blob));
    throw failure;
  } finally {
    clearTimeout(idle);
    source.off('data', arm);
  }
}
