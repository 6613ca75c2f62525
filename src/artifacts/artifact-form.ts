/**
 * Multipart/form-data with several files, for artifact uploads (read by `src/files/form-reader.ts`): each `file`
 * part is stored as it arrives (busboy hands over the next part only once the previous one is consumed), under a
 * budget for the form's files together, and named by its filename, a path relative to the artifact's folder. Fields
 * may come before, between or after the files. On any failure every stored blob is discarded before the promise
 * rejects.
 */
import type { IncomingHttpHeaders } from 'node:http';
import type { Readable } from 'node:stream';
import { readForm, UploadFormError } from '../files/form-reader.ts';
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
  const files: FormFile[] = [];
  // Names as parts arrive: a part may arrive while the one before it is still being stored.
  const names = new Set<string>();
  let used = 0;
  let chain: Promise<void> = Promise.resolve();
  const { form, done } = readForm(source, headers, {
    // Filenames are paths (`assets/chart.js`); busboy would otherwise keep only the last segment.
    preservePath: true,
    limits: { files: maxFiles, fileSize: maxBytes + 1, fields: 8, fieldSize: 4096, parts: maxFiles + 8 },
    idleTimeoutMs,
    onFile(name, stream, info) {
      const refuse = (message: string, field: string, code: string) => {
        stream.resume();
        form.fail(new UploadFormError(message, field, code));
      };
      if (name !== FIELD) return refuse(`Send files as "${FIELD}" parts`, `body.${name}`, 'unexpected_file');
      let path: string;
      try {
        path = canonicalPath(info.filename ?? '');
      } catch (err) {
        const reason = err instanceof ArtifactPathError ? err.message : 'is invalid';
        return refuse(`Filename ${reason}`, `body.${FIELD}`, 'invalid_filename');
      }
      if (names.has(path)) return refuse(`Two files are named ${path}`, `body.${FIELD}`, 'duplicate_filename');
      names.add(path);
      chain = chain.then(async () => {
        const blob = await store(stream, maxBytes - used);
        used += blob.size;
        files.push({ path, blob });
      });
      chain.catch((err) => form.fail(err));
    },
    onFilesLimit: () => form.fail(new FormLimitError(`An artifact has at most ${maxFiles} files.`)),
  });

  try {
    await done;
    await chain;
    if (form.failure) throw form.failure;
    if (files.length === 0) throw new UploadFormError('Required', `body.${FIELD}`, 'invalid_type');
    return { fields: form.fields, files };
  } catch (err) {
    form.fail(err);
    await chain.catch(() => {});
    await discard(files.map((f) => f.blob));
    throw form.failure;
  }
}
