/**
 * Checks every response a test receives against the OpenAPI document, strictly: the path and method must be an
 * operation of the document (only /docs, /openapi.json and their assets are served outside it), the status must be
 * declared for that operation, the Content-Type must be one the operation declares for that status (none when it
 * declares no content), declared headers must match their schemas, and a JSON body must parse with the generated
 * schema without keys the schema does not list. Tests fetch through `checkedFetch`, so every test is also a contract
 * test. A test that deliberately calls something outside the document (an unknown path, an undeclared method) uses
 * plain `fetch`.
 */
import type { z } from '@hono/zod-openapi';
import * as generated from '../../generated/routes.ts';
import { unknownKeys } from './unknown-keys.ts';

interface RouteLike {
  method: string;
  path: string;
  operationId: string;
  responses: Record<
    string,
    { content?: Record<string, { schema?: z.ZodType }>; headers?: z.ZodObject<Record<string, z.ZodType>> }
  >;
}

const routes = Object.values(generated as Record<string, unknown>)
  .filter((v): v is RouteLike => typeof v === 'object' && v !== null && 'operationId' in v && 'responses' in v)
  .map((route) => ({
    route,
    // A trailing `{path}` takes the rest of the URL path (an artifact file such as `report/assets/chart.js`).
    pattern: new RegExp(
      `^${route.path
        .replace(/\{path\}$/, '.+')
        .replace(/:[A-Za-z0-9_]+/g, '[^/]+')
        .replace(/\{[A-Za-z0-9_]+\}/g, '[^/]+')}$`,
    ),
    literalSegments: route.path.split('/').filter((s) => s && !s.startsWith(':') && !s.startsWith('{')).length,
  }))
  .sort((a, b) => b.literalSegments - a.literalSegments);

/** Served next to the API but not part of it: the document itself and Swagger UI (`/` redirects there). */
const outsideDocument = /^\/(?:|openapi\.json|docs|docs\/init\.js|docs\/assets\/[^/]+)$/;

export function findRoute(method: string, pathname: string): RouteLike | undefined {
  return routes.find((r) => r.route.method === method.toLowerCase() && r.pattern.test(pathname))?.route;
}

export async function assertMatchesContract(method: string, url: URL, res: Response): Promise<void> {
  const route = findRoute(method, url.pathname);
  if (!route) {
    if (method === 'GET' && outsideDocument.test(url.pathname)) return;
    throw new Error(`${method} ${url.pathname} answered ${res.status}, but the document has no such operation`);
  }
  const declared = route.responses[String(res.status)];
  const where = `${method} ${url.pathname} (${route.operationId}) answered ${res.status}`;
  if (!declared) throw new Error(`${where}, which the document does not declare`);
  checkHeaders(where, declared.headers, res.headers);
  const contentType = (res.headers.get('content-type') ?? '').split(';')[0]?.trim() ?? '';
  if (!declared.content) {
    if (contentType || (await res.clone().arrayBuffer()).byteLength > 0) {
      throw new Error(`${where} with a body (Content-Type ${contentType || 'none'}), but it declares no content`);
    }
    return;
  }
  const media = declared.content[contentType];
  if (!media) {
    throw new Error(`${where} with Content-Type ${contentType}, declared: ${Object.keys(declared.content).join(', ')}`);
  }
  if (!media.schema || !contentType.endsWith('json')) return;
  const body = await res.clone().json();
  const parsed = media.schema.safeParse(body);
  if (!parsed.success) {
    throw new Error(`${where} with a body that does not match its schema: ${JSON.stringify(parsed.error.issues)}`);
  }
  const unknown = unknownKeys(media.schema, body);
  if (unknown.length > 0) throw new Error(`${where} with keys its schema does not list: ${unknown.join(', ')}`);
}

/** Header values are strings on the wire; an integer header is compared as the integer it spells. */
function checkHeaders(where: string, schema: RouteLike['responses'][string]['headers'], headers: Headers): void {
  if (!schema) return;
  const values: Record<string, unknown> = {};
  for (const name of Object.keys(schema.shape)) {
    const value = headers.get(name);
    if (value === null) continue;
    values[name] = /^-?\d+$/.test(value) && !schema.shape[name]?.safeParse(value).success ? Number(value) : value;
  }
  const parsed = schema.safeParse(values);
  if (!parsed.success) {
    throw new Error(`${where} with headers that do not match the document: ${JSON.stringify(parsed.error.issues)}`);
  }
}

export async function checkedFetch(input: string | URL | Request, init?: RequestInit): Promise<Response> {
  const request = new Request(input, init);
  const res = await fetch(request);
  await assertMatchesContract(request.method, new URL(request.url), res);
  return res;
}
