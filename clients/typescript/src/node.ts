/**
 * @skillplane/client/node: Node-only helpers (file paths). The core entry stays free of Node APIs so that it runs in
 * browsers, Deno and Bun.
 */
import { createWriteStream, openAsBlob } from 'node:fs';
import path from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { ReadableStream as NodeReadableStream } from 'node:stream/web';
import type { Skillplane } from './client.ts';
import type { RequestOptions } from './core/transport.ts';
import type { UploadParams, WorkspaceFile } from './resources/files.ts';

/**
 * Uploads the file at `filePath` (streamed from disk, never read into memory; sent again on a retry). The name
 * defaults to the file's base name.
 */
export async function uploadFromPath(
  client: Skillplane,
  filePath: string,
  params: Omit<UploadParams, 'file'> = {},
  options?: RequestOptions,
): Promise<WorkspaceFile> {
  const file = await openAsBlob(filePath, params.contentType ? { type: params.contentType } : {});
  return client.files.upload({ ...params, name: params.name ?? path.basename(filePath), file }, options);
}

/** Writes a download (`client.files.download(...)`, `client.skillRuns.download(...)`) to `filePath`. */
export async function saveToFile(download: Response | Promise<Response>, filePath: string): Promise<number> {
  const response = await download;
  if (!response.body) throw new Error('the download has no body');
  let bytes = 0;
  const source = Readable.fromWeb(response.body as NodeReadableStream<Uint8Array>);
  source.on('data', (chunk: Buffer) => {
    bytes += chunk.length;
  });
  await pipeline(source, createWriteStream(filePath));
  return bytes;
}

export * from './index.ts';
