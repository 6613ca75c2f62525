/**
 * A file download: streamed from storage with `Content-Length`, `ETag` (quoted SHA-256), `Content-Disposition` and
 * `Range` / `If-None-Match` / `If-Range` handling. Always `application/octet-stream` with `attachment`, so uploaded
 * HTML or SVG is never rendered on the API's origin, and so a tree path answers JSON only for folders.
 */
import type { Context } from 'hono';
import type { File } from '../../../generated/prisma/client.ts';
import { directBody } from '../../app/direct-body.ts';
import { ApiError } from '../../app/problem.ts';
import type { AppEnv } from '../../app/types.ts';
import { etagMatches, ifRangeHolds, parseRange } from '../../files/range.ts';
import type { BlobStream, FileStorage } from '../../files/storage.ts';

/** RFC 6266: an ASCII fallback plus the exact name in RFC 8187 encoding. */
export function contentDisposition(name: string): string {
  const fallback = name.replace(/[^\x20-\x7e]|["\\%]/g, '_');
  const encoded = encodeURIComponent(name).replace(
    /['()*]/g,
    (ch) => `%${ch.charCodeAt(0).toString(16).toUpperCase()}`,
  );
  return `attachment; filename="${fallback}"; filename*=UTF-8''${encoded}`;
}

export async function sendFile(c: Context<AppEnv>, storage: FileStorage, file: File): Promise<Response> {
  const etag = `"${file.sha256}"`;
  if (etagMatches(c.req.header('if-none-match'), etag)) return c.body(null, 304, { ETag: etag });
  const size = Number(file.size);
  const range = ifRangeHolds(c.req.header('if-range'), etag) ? parseRange(c.req.header('range'), size) : undefined;
  if (range === 'unsatisfiable') {
    throw new ApiError(416, 'RANGE_NOT_SATISFIABLE', {
      detail: `The range starts past the end of the file (${size} bytes).`,
      headers: { 'Content-Range': `bytes */${size}` },
    });
  }
  const { start, end } = range ?? { start: 0, end: size - 1 };
  const headers: Record<string, string> = {
    'Content-Type': 'application/octet-stream',
    'Content-Length': String(end - start + 1),
    'Content-Disposition': contentDisposition(file.name),
    'Accept-Ranges': 'bytes',
    ETag: etag,
    ...(range ? { 'Content-Range': `bytes ${start}-${end}/${size}` } : {}),
  };
  const status = range ? 206 : 200;
  // HEAD and empty files need no blob (and a HEAD must not leave an opened blob unread).
  if (c.req.method === 'HEAD' || size === 0) return c.body(null, status, headers);
  let stream: BlobStream;
  try {
    stream = await storage.read(file.workspaceId, file.storageKey, { start, end });
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
    // A concurrent replace swapped the blob between reading the row and opening it: serve the new content.
    const again = await c.get('deps').prisma.file.findUnique({ where: { id: file.id } });
    if (!again || again.storageKey === file.storageKey) throw ApiError.notFound('file');
    return sendFile(c, storage, again);
  }
  return c.body(directBody(c, stream), status, headers);
}
