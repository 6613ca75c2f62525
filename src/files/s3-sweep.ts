/**
 * What the storage sweeper (src/purge/storage-sweep.ts) needs of an S3 bucket: its blobs a page at a time, and the
 * multipart uploads a killed process left unfinished (they hold parts, and cost storage, but are no object).
 */
import {
  AbortMultipartUploadCommand,
  ListMultipartUploadsCommand,
  ListObjectsV2Command,
  ListPartsCommand,
  type S3Client,
} from '@aws-sdk/client-s3';
import type { BlobPage, OpenWrites } from './storage.ts';

interface Bucket {
  client: S3Client;
  bucket: string;
  prefix: string;
}

/** `<prefix><workspace>/<key>` → its two halves, or undefined for an object that is no blob of ours. */
function split(prefix: string, objectKey: string | undefined) {
  if (!objectKey?.startsWith(prefix)) return undefined;
  const [workspaceId, key, ...rest] = objectKey.slice(prefix.length).split('/');
  return workspaceId && key && rest.length === 0 ? { workspaceId, key } : undefined;
}

export async function listBlobPage({ client, bucket, prefix }: Bucket, after: string | undefined, limit: number) {
  const page = await client.send(
    new ListObjectsV2Command({
      Bucket: bucket,
      Prefix: prefix,
      MaxKeys: limit,
      ...(after ? { StartAfter: `${prefix}${after}` } : {}),
    }),
  );
  const blobs: BlobPage['blobs'] = [];
  for (const o of page.Contents ?? []) {
    const names = split(prefix, o.Key);
    if (names) blobs.push({ ...names, size: o.Size ?? 0, modifiedAt: o.LastModified ?? new Date() });
  }
  const last = page.Contents?.at(-1)?.Key;
  return { blobs, next: page.IsTruncated && last ? last.slice(prefix.length) : undefined };
}

/** The newest part's time (the upload's start when it has none) and the bytes its parts hold. */
async function activity(target: Bucket, key: string, uploadId: string, initiated: Date) {
  let newest = initiated;
  let bytes = 0;
  let marker: string | undefined;
  do {
    const page = await target.client.send(
      new ListPartsCommand({
        Bucket: target.bucket,
        Key: key,
        UploadId: uploadId,
        ...(marker ? { PartNumberMarker: marker } : {}),
      }),
    );
    for (const p of page.Parts ?? []) {
      bytes += p.Size ?? 0;
      if (p.LastModified && p.LastModified > newest) newest = p.LastModified;
    }
    marker = page.IsTruncated ? page.NextPartNumberMarker : undefined;
  } while (marker);
  return { newest, bytes };
}

/**
 * Aborts every multipart upload neither started nor sent a part since `cutoff` (a slow upload that is still sending
 * parts is left alone, however old), and returns the keys of those left running: an object that completes while the
 * sweeper lists is among them, which matters because S3 dates a multipart object by its upload's start.
 */
export async function abortStaleUploads(target: Bucket, cutoff: Date): Promise<OpenWrites> {
  const result: OpenWrites = { aborted: 0, bytes: 0, open: new Set() };
  let keyMarker: string | undefined;
  let uploadIdMarker: string | undefined;
  do {
    const page = await target.client.send(
      new ListMultipartUploadsCommand({
        Bucket: target.bucket,
        Prefix: target.prefix,
        ...(keyMarker ? { KeyMarker: keyMarker } : {}),
        ...(uploadIdMarker ? { UploadIdMarker: uploadIdMarker } : {}),
      }),
    );
    for (const u of page.Uploads ?? []) {
      if (!u.Key || !u.UploadId) continue;
      const names = split(target.prefix, u.Key);
      const initiated = u.Initiated ?? new Date();
      const stale = initiated < cutoff && (await activity(target, u.Key, u.UploadId, initiated));
      if (stale && stale.newest < cutoff) {
        await target.client.send(
          new AbortMultipartUploadCommand({ Bucket: target.bucket, Key: u.Key, UploadId: u.UploadId }),
        );
        result.aborted++;
        result.bytes += stale.bytes;
      } else if (names) result.open.add(`${names.workspaceId}/${names.key}`);
    }
    const more = page.IsTruncated;
    keyMarker = more ? page.NextKeyMarker : undefined;
    uploadIdMarker = more ? page.NextUploadIdMarker : undefined;
  } while (keyMarker);
  return result;
}
