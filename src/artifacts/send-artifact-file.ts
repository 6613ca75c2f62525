/**
 * Sends an artifact file so that it cannot act on the origin it is served from, whichever that is: agent-written
 * HTML on the API's origin would otherwise be stored XSS against anyone holding a session there (Swagger UI is on
 * it). `Content-Security-Policy: sandbox` without `allow-same-origin` runs the document in an opaque origin: its
 * scripts run, but cannot read this origin's storage or cookies or call the API as the viewer. The Content-Type
 * comes from the extension only, `nosniff` stops browsers from guessing another, and what is not shown inline is an
 * attachment. `Cross-Origin-Resource-Policy: cross-origin` lets the sandboxed (opaque-origin) page load its own
 * sibling files, which `same-site` would block.
 */
import type { Context } from 'hono';
import type { ArtifactFile } from '../../generated/prisma/client.ts';
import { directBody } from '../app/direct-body.ts';
import { ApiError } from '../app/problem.ts';
import type { AppEnv } from '../app/types.ts';
import { etagMatches } from '../files/range.ts';
import { contentDisposition } from '../routes/files/send-file.ts';
import { servedAs } from './content-types.ts';

export const ARTIFACT_CSP = [
  'sandbox allow-scripts allow-forms allow-popups allow-modals allow-downloads',
  "default-src 'self' 'unsafe-inline' 'unsafe-eval' data: blob:",
  "base-uri 'none'",
  "form-action 'none'",
].join('; ');

/**
 * `shared`: served to a view URL's holder, without credentials. Such a response also carries
 * `Access-Control-Allow-Origin: *`, so the sandboxed page (whose origin is `null`) may `fetch` its own data files
 * (`data.json`); anyone with the URL can read them anyway, and no credentials are ever involved.
 */
export async function sendArtifactFile(
  c: Context<AppEnv>,
  workspaceId: string,
  file: ArtifactFile,
  { shared }: { shared: boolean },
): Promise<Response> {
  const etag = `"${file.sha256}"`;
  const served = servedAs(file.path);
  const safety = {
    'Content-Security-Policy': ARTIFACT_CSP,
    'X-Content-Type-Options': 'nosniff',
    'Referrer-Policy': 'no-referrer',
    'Cross-Origin-Resource-Policy': 'cross-origin',
    'Cache-Control': 'private, no-cache',
    ...(shared ? { 'Access-Control-Allow-Origin': '*' } : {}),
  };
  if (etagMatches(c.req.header('if-none-match'), etag)) return c.body(null, 304, { ETag: etag, ...safety });
  const name = file.path.slice(file.path.lastIndexOf('/') + 1);
  const headers: Record<string, string> = {
    ...safety,
    'Content-Type': served.type,
    'Content-Length': String(file.size),
    ETag: etag,
    ...(served.inline ? {} : { 'Content-Disposition': contentDisposition(name) }),
  };
  if (c.req.method === 'HEAD' || file.size === 0n) return c.body(null, 200, headers);
  const stream = await c
    .get('deps')
    .storage.read(workspaceId, file.storageKey)
    .catch((err: NodeJS.ErrnoException) => {
      // A publish replaced the files between reading the row and opening the blob: the client asks again.
      if (err.code === 'ENOENT') throw ApiError.notFound('artifact file');
      throw err;
    });
  return c.body(directBody(c, stream), 200, headers);
}
