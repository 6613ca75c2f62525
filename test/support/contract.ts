/**
 * Checks every response a test receives against the OpenAPI document: the status must be declared for that
 * operation and a JSON body must parse with the generated schema. Tests fetch through `checkedFetch`, so every test
 * is also a contract test.
 */
import type { z } from '@hono/zod-openapi';
import * as generated from '../../generated/routes.ts';

interface RouteLike {
  method: string;
  path: string;
  operationId: string;
  responses: Record<string, { content?: Record<string, { schema?: z.ZodType }> }>;
}

const routes = Object.values(generated as Record<string, unknown>)
  .filter((v): v is RouteLike => typeof v === 'object' && v !== null && 'operationId' in v && 'responses' in v)
  .map((route) => ({
    route,
    pattern: new RegExp(`^${route.path.replace(/:[A-Za-z0-9_]+/g, '[^/]+').replace(/\{[A-Za-z0-9_]+\}/g, '[^/]+')}$`),
    literalSegments: route.path.split('/').filter((s) => s && !s.startsWith(':') && !s.startsWith('{')).length,
  }))
  .sort((a, b) => b.literalSegments - a.literalSegments);

export function findRoute(method: string, pathname: string): RouteLike | undefined {
  return routes.find((r) => r.route.method === method.toLowerCase() && r.pattern.test(pathname))?.route;
}

export async function assertMatchesContract(method: string, url: URL, res: Response): Promise<void> {
  const route = findRoute(method, url.pathname);
  if (!route) return;
  const declared = route.responses[String(res.status)];
  const where = `${method} ${url.pathname} (${route.operationId}) answered ${res.status}`;
  if (!declared) throw new Error(`${where}, which the document does not declare`);
  const contentType = (res.headers.get('content-type') ?? '').split(';')[0]?.trim() ?? '';
  if (!declared.content || res.status === 204) return;
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
}

export async function checkedFetch(input: string | URL | Request, init?: RequestInit): Promise<Response> {
  const request = new Request(input, init);
  const res = await fetch(request);
  await assertMatchesContract(request.method, new URL(request.url), res);
  return res;
}
