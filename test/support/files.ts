/** Helpers for file tests: uploads through HTTP, test archives, and what the storage holds. */
import { readdir } from 'node:fs/promises';
import path from 'node:path';
import { ListMultipartUploadsCommand, ListObjectsV2Command } from '@aws-sdk/client-s3';
import yazl from 'yazl';
import { S3Storage } from '../../src/files/s3-storage.ts';
import { auth } from './identity.ts';
import type { TestApp } from './test-app.ts';

export interface Upload {
  name: string;
  content: string | Uint8Array;
  fields?: Record<string, string>;
  type?: string;
}

export function uploadForm({ name, content, fields = {}, type }: Upload): FormData {
  const form = new FormData();
  for (const [key, value] of Object.entries(fields)) form.set(key, value);
  form.set(
    'file',
    new Blob([typeof content === 'string' ? content : new Uint8Array(content)], type ? { type } : {}),
    name,
  );
  return form;
}

export const upload = (t: TestApp, secret: string, file: Upload) =>
  t.fetch('/api/v1/files', { method: 'POST', headers: auth(secret), body: uploadForm(file) });

/**
 * A ZIP built with yazl; `rename` swaps entry names afterwards (same length), for names yazl itself refuses
 * (`../x`, `/abs`), so the archive is otherwise well-formed.
 */
export async function makeZip(
  entries: Array<{ name: string; content?: string | Buffer; mode?: number; dir?: boolean }>,
  rename: Record<string, string> = {},
): Promise<Buffer> {
  const zip = new yazl.ZipFile();
  for (const e of entries) {
    if (e.dir) zip.addEmptyDirectory(e.name);
    else zip.addBuffer(Buffer.from(e.content ?? ''), e.name, e.mode === undefined ? {} : { mode: e.mode });
  }
  zip.end();
  const chunks: Buffer[] = [];
  for await (const chunk of zip.outputStream) chunks.push(chunk as Buffer);
  let bytes = Buffer.concat(chunks);
  for (const [from, to] of Object.entries(rename)) {
    if (from.length !== to.length) throw new Error('renamed entries must keep their length');
    bytes = Buffer.from(bytes.toString('latin1').replaceAll(from, to), 'latin1');
  }
  return bytes;
}

/**
 * Every blob and unfinished write the storage holds for a workspace: files under the local backend's directory
 * (and its `.tmp/`), or objects and incomplete multipart uploads in the S3 bucket, plus (with either backend) the
 * uploads staged on local disk while their workspace was not known yet. Directories are not listed.
 */
export async function storedBlobs(t: TestApp, workspaceId: string): Promise<string[]> {
  const storage = t.deps.storage;
  const root = path.join(t.config.SKILLPLANE_DATA_DIR, 'files');
  if (storage instanceof S3Storage) {
    const objects = await storage.client.send(
      new ListObjectsV2Command({ Bucket: storage.bucket, Prefix: `${workspaceId}/` }),
    );
    const uploads = await storage.client.send(
      new ListMultipartUploadsCommand({ Bucket: storage.bucket, Prefix: `${workspaceId}/` }),
    );
    return [
      ...(objects.Contents ?? []).map((o) => o.Key ?? ''),
      ...(uploads.Uploads ?? []).map((u) => `(incomplete) ${u.Key}`),
      ...(await filesUnder(root, '.tmp')),
    ].sort();
  }
  return [...(await filesUnder(root, workspaceId)), ...(await filesUnder(root, '.tmp'))].sort();
}

async function filesUnder(root: string, dir: string): Promise<string[]> {
  const entries = await readdir(path.join(root, dir), { recursive: true, withFileTypes: true }).catch(() => []);
  return entries.filter((e) => e.isFile()).map((e) => path.relative(root, path.join(e.parentPath, e.name)));
}
