/**
 * A stream uploaded to S3 as one object: a single `PutObject` when it fits in one part, else a multipart upload whose
 * parts are assembled in a fixed set of buffers reused for the whole upload (`@aws-sdk/lib-storage` concatenates a
 * new buffer per part; in the API's process those long-lived buffers made V8 run a full mark-compact every few
 * parts). Up to `concurrency` parts are sent at once while the next is read; reading waits for a free buffer, which
 * is the backpressure on the source. Any failure aborts the multipart upload, so no object and no parts are left.
 */
import type { Readable } from 'node:stream';
import {
  AbortMultipartUploadCommand,
  CompleteMultipartUploadCommand,
  CreateMultipartUploadCommand,
  PutObjectCommand,
  type S3Client,
  UploadPartCommand,
} from '@aws-sdk/client-s3';

export interface S3UploadTarget {
  client: S3Client;
  bucket: string;
  key: string;
  partBytes: number;
  concurrency: number;
}

/**
 * @example
 * await uploadStream({ client, bucket, key, partBytes: 8 * 1024 * 1024, concurrency: 4 }, fs.createReadStream(file));
 */
export async function uploadStream(target: S3UploadTarget, source: Readable): Promise<void> {
  const { client, bucket, key, partBytes, concurrency } = target;
  // The first part's chunks are kept as they come: a small file never gets a part-sized buffer.
  let head: Buffer[] | undefined = [];
  let headBytes = 0;
  const free: Buffer[] = [];
  let allocated = 0;
  let current: { buffer: Buffer; filled: number } | undefined;
  let created: Promise<string | undefined> | undefined;
  const uploadId = () => {
    created ??= client.send(new CreateMultipartUploadCommand({ Bucket: bucket, Key: key })).then((r) => r.UploadId);
    return created;
  };
  let dispatched = 0;
  const parts: { PartNumber: number; ETag: string | undefined }[] = [];
  const inFlight = new Set<Promise<void>>();
  let failure: unknown;

  const send = (buffer: Buffer, filled: number) => {
    const PartNumber = ++dispatched;
    const sent = (async () => {
      const UploadId = await uploadId();
      const body = buffer.subarray(0, filled);
      const res = await client.send(
        new UploadPartCommand({ Bucket: bucket, Key: key, UploadId, PartNumber, Body: body }),
      );
      parts.push({ PartNumber, ETag: res.ETag });
      // Only now is the buffer no longer read by the request: it may take the next part.
      free.push(buffer);
    })().catch((err) => {
      failure ??= err;
    });
    const tracked = sent.finally(() => inFlight.delete(tracked));
    inFlight.add(tracked);
  };
  const nextBuffer = async () => {
    while (free.length === 0 && allocated > concurrency && failure === undefined) await Promise.race(inFlight);
    if (failure !== undefined) throw failure;
    if (free.length > 0) return free.pop()!;
    allocated++;
    return Buffer.allocUnsafeSlow(partBytes);
  };
  const fill = async (chunk: Buffer) => {
    let offset = 0;
    while (offset < chunk.length) {
      current ??= { buffer: await nextBuffer(), filled: 0 };
      const copied = chunk.copy(current.buffer, current.filled, offset);
      current.filled += copied;
      offset += copied;
      if (current.filled === partBytes) {
        send(current.buffer, current.filled);
        current = undefined;
      }
    }
  };

  try {
    for await (const chunk of source as AsyncIterable<Buffer>) {
      if (failure !== undefined) throw failure;
      if (!head) {
        await fill(chunk);
        continue;
      }
      head.push(chunk);
      headBytes += chunk.length;
      // Past one part: from here on, parts go through the reused buffers.
      if (headBytes > partBytes) {
        const chunks = head;
        head = undefined;
        for (const c of chunks) await fill(c);
      }
    }
    if (head) {
      await client.send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: Buffer.concat(head, headBytes) }));
      return;
    }
    if (current && current.filled > 0) send(current.buffer, current.filled);
    while (inFlight.size > 0) await Promise.race(inFlight);
    if (failure !== undefined) throw failure;
    parts.sort((a, b) => a.PartNumber - b.PartNumber);
    await client.send(
      new CompleteMultipartUploadCommand({
        Bucket: bucket,
        Key: key,
        UploadId: await uploadId(),
        MultipartUpload: { Parts: parts },
      }),
    );
  } catch (err) {
    await Promise.allSettled(inFlight);
    const UploadId = await created?.catch(() => undefined);
    if (UploadId) {
      await client.send(new AbortMultipartUploadCommand({ Bucket: bucket, Key: key, UploadId })).catch(() => {});
    }
    throw failure ?? err;
  }
}
