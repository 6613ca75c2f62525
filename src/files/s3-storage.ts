/**
 * Blob storage on any S3-compatible server (AWS S3, versitygw, Ceph, Garage…) through the AWS SDK v3. Keys are
 * `<prefix><workspace>/<uuid>`. Writes stream through a multipart upload (nothing is held whole in memory) while the
 * size limit and SHA-256 are applied on the way; a failed or oversized write aborts the upload, so no object appears.
 * Checksums are only sent and validated when an operation requires them: servers other than AWS often reject the
 * SDK's default CRC32 trailers.
 */
import { randomUUID } from 'node:crypto';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import {
  CreateBucketCommand,
  DeleteObjectsCommand,
  GetObjectCommand,
  HeadBucketCommand,
  HeadObjectCommand,
  ListObjectsV2Command,
  S3Client,
  S3ServiceException,
} from '@aws-sdk/client-s3';
import { abortStaleUploads, listBlobPage } from './s3-sweep.ts';
import { uploadStream } from './s3-upload.ts';
import { type BlobPage, blobMeter, type FileStorage, type OpenWrites, type StoredBlob } from './storage.ts';

export interface S3StorageOptions {
  endpoint?: string | undefined;
  region: string;
  bucket: string;
  accessKeyId?: string | undefined;
  secretAccessKey?: string | undefined;
  forcePathStyle: boolean;
  prefix?: string;
  /** Multipart upload part size (at least 5 MiB). */
  partBytes?: number;
  /** Parts of one upload in flight at once. */
  concurrency?: number;
}

const DELETE_BATCH = 1000;

/** An object that is not there, as the local backend reports it (callers test `code === 'ENOENT'`). */
function notFound(key: string): NodeJS.ErrnoException {
  const err: NodeJS.ErrnoException = new Error(`blob ${key} does not exist`);
  err.code = 'ENOENT';
  return err;
}

export class S3Storage implements FileStorage {
  readonly client: S3Client;
  readonly bucket: string;
  readonly #prefix: string;
  readonly #partBytes: number;
  readonly #concurrency: number;

  constructor(options: S3StorageOptions) {
    this.bucket = options.bucket;
    this.#prefix = options.prefix ?? '';
    this.#partBytes = options.partBytes ?? 8 * 1024 * 1024;
    this.#concurrency = options.concurrency ?? 4;
    this.client = new S3Client({
      region: options.region,
      forcePathStyle: options.forcePathStyle,
      requestChecksumCalculation: 'WHEN_REQUIRED',
      responseChecksumValidation: 'WHEN_REQUIRED',
      ...(options.endpoint ? { endpoint: options.endpoint } : {}),
      ...(options.accessKeyId && options.secretAccessKey
        ? { credentials: { accessKeyId: options.accessKeyId, secretAccessKey: options.secretAccessKey } }
        : {}),
    });
  }

  #key(workspaceId: string, key: string): string {
    return `${this.#prefix}${workspaceId}/${key}`;
  }

  /** Creates the bucket when it does not exist (the embedded and test set-ups; production buckets exist already). */
  async ensureBucket(): Promise<void> {
    try {
      await this.client.send(new HeadBucketCommand({ Bucket: this.bucket }));
    } catch {
      await this.client.send(new CreateBucketCommand({ Bucket: this.bucket }));
    }
  }

  async write(
    workspaceId: string,
    source: Readable,
    { maxBytes = Number.POSITIVE_INFINITY }: { maxBytes?: number } = {},
  ): Promise<StoredBlob> {
    const key = randomUUID();
    const objectKey = this.#key(workspaceId, key);
    const meter = blobMeter(maxBytes);
    // `pipeline`, not `pipe`: a source that already failed (an upload form refused before its file was read) must
    // fail the write too, where `pipe` would leave the upload waiting for data forever. Its errors reach the upload
    // through `meter`, which it destroys.
    const piped = pipeline(source, meter);
    piped.catch(() => {});
    const target = { client: this.client, bucket: this.bucket, key: objectKey, partBytes: this.#partBytes };
    try {
      await uploadStream({ ...target, concurrency: this.#concurrency }, meter);
    } catch (err) {
      source.destroy();
      throw err;
    }
    try {
      await piped;
    } catch (err) {
      await this.#delete([objectKey]);
      throw err;
    }
    return { key, ...meter.result() };
  }

  async read(workspaceId: string, key: string, range?: { start: number; end: number }): Promise<Readable> {
    try {
      const res = await this.client.send(
        new GetObjectCommand({
          Bucket: this.bucket,
          Key: this.#key(workspaceId, key),
          ...(range ? { Range: `bytes=${range.start}-${range.end}` } : {}),
        }),
      );
      return res.Body as Readable;
    } catch (err) {
      if (err instanceof S3ServiceException && (err.name === 'NoSuchKey' || err.$metadata.httpStatusCode === 404))
        throw notFound(key);
      throw err;
    }
  }

  async sizeOf(workspaceId: string, key: string): Promise<number | undefined> {
    try {
      const head = await this.client.send(
        new HeadObjectCommand({ Bucket: this.bucket, Key: this.#key(workspaceId, key) }),
      );
      return head.ContentLength;
    } catch (err) {
      if (err instanceof S3ServiceException && (err.name === 'NotFound' || err.$metadata.httpStatusCode === 404))
        return undefined;
      throw err;
    }
  }

  async remove(workspaceId: string, keys: readonly string[]): Promise<void> {
    await this.#delete(keys.map((key) => this.#key(workspaceId, key)));
  }

  async removeWorkspace(workspaceId: string): Promise<void> {
    let token: string | undefined;
    do {
      const page = await this.client.send(
        new ListObjectsV2Command({
          Bucket: this.bucket,
          Prefix: `${this.#prefix}${workspaceId}/`,
          ...(token ? { ContinuationToken: token } : {}),
        }),
      );
      await this.#delete((page.Contents ?? []).flatMap((o) => (o.Key ? [o.Key] : [])));
      token = page.IsTruncated ? page.NextContinuationToken : undefined;
    } while (token);
  }

  listBlobs(after: string | undefined, limit: number): Promise<BlobPage> {
    return listBlobPage({ client: this.client, bucket: this.bucket, prefix: this.#prefix }, after, limit);
  }

  abortStaleWrites(cutoff: Date): Promise<OpenWrites> {
    return abortStaleUploads({ client: this.client, bucket: this.bucket, prefix: this.#prefix }, cutoff);
  }

  async #delete(objectKeys: readonly string[]): Promise<void> {
    for (let i = 0; i < objectKeys.length; i += DELETE_BATCH) {
      const batch = objectKeys.slice(i, i + DELETE_BATCH);
      await this.client.send(
        new DeleteObjectsCommand({
          Bucket: this.bucket,
          Delete: { Objects: batch.map((Key) => ({ Key })), Quiet: true },
        }),
      );
    }
  }
}
