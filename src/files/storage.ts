/**
 * Blob storage behind a small interface. A blob is written once under a new key and never changed, so replacing a
 * file means writing a new blob and pointing the database row at it; readers of the old blob are never disturbed.
 * The default, `LocalDiskStorage`, keeps blobs at `<data>/files/<workspace>/<key>`, written to `<data>/files/.tmp/`
 * first, fsync'ed, then renamed into place: a blob exists under its key only once complete. Blobs are 0600 in 0700
 * directories, whatever the process umask: they hold every tenant's files.
 */
import { createHash, randomUUID } from 'node:crypto';
import { lstat, mkdir, open, rename, rm } from 'node:fs/promises';
import path from 'node:path';
import { type Readable, Transform, type Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { Config } from '../config.ts';
import { PRIVATE_DIR_MODE, PRIVATE_FILE_MODE } from '../lib/private-fs.ts';
import { noteStreamedBytes } from '../lib/young-gc.ts';
import { sendFileRange } from './file-sender.ts';
import { listLocalBlobs } from './local-listing.ts';
import { writeBackEarly } from './write-back.ts';

export interface StoredBlob {
  key: string;
  size: number;
  /** Hex SHA-256 of the content. */
  sha256: string;
}

/** Raised by `write` when the source is longer than `maxBytes`; nothing is kept. */
export class BlobTooLargeError extends Error {
  readonly maxBytes: number;
  constructor(maxBytes: number) {
    super(`Content exceeds ${maxBytes} bytes`);
    this.name = 'BlobTooLargeError';
    this.maxBytes = maxBytes;
  }
}

/**
 * A blob's content as `read` opens it. `sendTo`, where a backend has one, writes the same bytes to a Node writable
 * (an HTTP response) faster than piping the stream would; the stream is destroyed after, and must not be read too.
 */
export type BlobStream = Readable & { sendTo?(out: Writable): Promise<void> };

/** A stored blob as the storage sweeper sees it (src/purge/storage-sweep.ts). */
export interface BlobInfo {
  workspaceId: string;
  key: string;
  size: number;
  /** When its content was last written (local mtime, S3 LastModified). */
  modifiedAt: Date;
}

/** A page of blobs in `<workspace>/<key>` order; `next` resumes after it (undefined: the listing is done). */
export interface BlobPage {
  blobs: BlobInfo[];
  next: string | undefined;
}

/** What `abortStaleWrites` did: writes aborted, the bytes they held, and the `<workspace>/<key>` of those still open. */
export interface OpenWrites {
  aborted: number;
  bytes: number;
  open: Set<string>;
}

export interface FileStorage {
  /** Streams `source` into a new blob; any error (or more than `maxBytes`) leaves nothing behind. */
  write(workspaceId: string, source: Readable, options?: { maxBytes?: number }): Promise<StoredBlob>;
  /** Opens a blob, or bytes `start`..`end` (inclusive) of it; rejects with code `ENOENT` when it is gone. */
  read(workspaceId: string, key: string, range?: { start: number; end: number }): Promise<BlobStream>;
  /** The size of a blob, or undefined when it is gone. */
  sizeOf(workspaceId: string, key: string): Promise<number | undefined>;
  /** Removes blobs; missing ones are ignored. */
  remove(workspaceId: string, keys: readonly string[]): Promise<void>;
  /** Removes every blob of a workspace, including any an interrupted write left without a row. */
  removeWorkspace(workspaceId: string): Promise<void>;
  /** Up to `limit` blobs after `after` (a previous page's `next`). */
  listBlobs(after: string | undefined, limit: number): Promise<BlobPage>;
  /**
   * Aborts writes a killed process left unfinished that saw no activity since `cutoff`. Local disk has none of its
   * own to abort (its unfinished writes are files under `.tmp/`, which the sweeper removes for every backend).
   */
  abortStaleWrites(cutoff: Date): Promise<OpenWrites>;
}

const CHUNK = 1024 * 1024;

/** A pass-through that counts and hashes what a backend stores, failing past `maxBytes` (every backend uses it). */
export function blobMeter(maxBytes: number): Transform & { result(): { size: number; sha256: string } } {
  const hash = createHash('sha256');
  let size = 0;
  const meter = new Transform({
    transform(chunk: Buffer, _encoding, done) {
      size += chunk.length;
      if (size > maxBytes) return done(new BlobTooLargeError(maxBytes));
      hash.update(chunk);
      noteStreamedBytes(chunk.length);
      done(null, chunk);
    },
  });
  return Object.assign(meter, { result: () => ({ size, sha256: hash.digest('hex') }) });
}

export class LocalDiskStorage implements FileStorage {
  readonly root: string;

  constructor(root: string) {
    this.root = root;
  }

  /** Where a blob lives on disk. */
  blobPath(workspaceId: string, key: string): string {
    return path.join(this.root, workspaceId, key);
  }

  async write(workspaceId: string, source: Readable, { maxBytes = Number.POSITIVE_INFINITY } = {}) {
    const key = randomUUID();
    const tmpDir = path.join(this.root, '.tmp');
    await Promise.all([
      mkdir(tmpDir, { recursive: true, mode: PRIVATE_DIR_MODE }),
      mkdir(path.join(this.root, workspaceId), { recursive: true, mode: PRIVATE_DIR_MODE }),
    ]);
    const tmp = path.join(tmpDir, key);
    const meter = blobMeter(maxBytes);
    try {
      const file = await open(tmp, 'wx', PRIVATE_FILE_MODE);
      // `flush` fsyncs before closing: the rename below must never publish a blob the disk does not hold yet.
      const out = file.createWriteStream({ flush: true, highWaterMark: CHUNK });
      await pipeline(source, meter, writeBackEarly(file), out);
      await rename(tmp, this.blobPath(workspaceId, key));
    } catch (err) {
      source.destroy();
      await rm(tmp, { force: true });
      throw err;
    }
    return { key, ...meter.result() };
  }

  async read(workspaceId: string, key: string, range?: { start: number; end: number }): Promise<BlobStream> {
    const handle = await open(this.blobPath(workspaceId, key), 'r');
    // Not read until someone reads it, so `sendTo` can use the handle instead; destroying the stream closes it.
    const stream = handle.createReadStream({ ...range, highWaterMark: CHUNK });
    return Object.assign(stream, {
      sendTo: (out: Writable) => sendFileRange(handle, out, range).finally(() => stream.destroy()),
    });
  }

  async sizeOf(workspaceId: string, key: string) {
    return (await lstat(this.blobPath(workspaceId, key)).catch(() => undefined))?.size;
  }

  async remove(workspaceId: string, keys: readonly string[]) {
    await Promise.all(keys.map((key) => rm(this.blobPath(workspaceId, key), { force: true })));
  }

  async removeWorkspace(workspaceId: string) {
    await rm(path.join(this.root, workspaceId), { recursive: true, force: true });
  }

  listBlobs(after: string | undefined, limit: number): Promise<BlobPage> {
    return listLocalBlobs(this.root, after, limit);
  }

  async abortStaleWrites(): Promise<OpenWrites> {
    return { aborted: 0, bytes: 0, open: new Set() };
  }
}

/** The storage the configuration names: local disk under the data directory (default), or an S3-compatible bucket. */
export async function createStorage(config: Config): Promise<FileStorage> {
  if (config.STORAGE_BACKEND === 'local')
    return new LocalDiskStorage(path.join(path.resolve(config.SKILLPLANE_DATA_DIR), 'files'));
  const { S3Storage } = await import('./s3-storage.ts');
  const storage = new S3Storage({
    endpoint: config.S3_ENDPOINT,
    region: config.S3_REGION,
    bucket: config.S3_BUCKET,
    accessKeyId: config.S3_ACCESS_KEY_ID,
    secretAccessKey: config.S3_SECRET_ACCESS_KEY,
    forcePathStyle: config.S3_FORCE_PATH_STYLE,
    prefix: config.S3_PREFIX,
    partBytes: config.S3_UPLOAD_PART_MB * 1024 * 1024,
    concurrency: config.S3_UPLOAD_CONCURRENCY,
  });
  if (config.S3_CREATE_BUCKET) await storage.ensureBucket();
  return storage;
}
