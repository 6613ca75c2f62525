/**
 * The bundled OpenAPI document (generated/openapi.json) indexed by operationId. The server serves this document
 * as-is at /openapi.json and reads per-operation facts from it (security, `x-permission`, `x-rate-limit-class`), so
 * the contract, not the handler code, decides how an operation is guarded.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { projectRoot } from '../config.ts';

export interface Operation {
  operationId: string;
  method: string;
  path: string;
  /** Empty when the operation needs no credentials. */
  security: Array<Record<string, string[]>>;
  permission: string | undefined;
  rateLimitClass: string | undefined;
  /** Declares the `Idempotency-Key` header parameter. */
  idempotent: boolean;
  /** `x-auth: session` marks operations that need a session token and refuse API keys. */
  auth: 'session' | 'any' | 'none';
  /** Takes a multipart/form-data body, which its handler streams under its own size limit. */
  multipart: boolean;
  /** Its JSON request body is `required: true`: a request without one is a 400, not an empty object. */
  jsonBodyRequired: boolean;
  /** Top-level fields of its JSON success responses marked `x-secret: true`: shown once, never stored or replayed. */
  secretFields: readonly string[];
}

const methods = ['get', 'put', 'post', 'delete', 'patch', 'head', 'options'] as const;

export const openApiDocument: Record<string, unknown> & {
  paths: Record<string, Record<string, Record<string, unknown>>>;
  security?: Array<Record<string, string[]>>;
} = JSON.parse(readFileSync(path.join(projectRoot, 'generated/openapi.json'), 'utf8'));

type Schema = { $ref?: string; properties?: Record<string, Schema>; 'x-secret'?: boolean };

/** Follows a local `$ref` (`#/components/schemas/X`) of the bundled document. */
function resolve(schema: Schema | undefined): Schema | undefined {
  if (!schema?.$ref?.startsWith('#/')) return schema;
  let node: unknown = openApiDocument;
  for (const part of schema.$ref.slice(2).split('/')) node = (node as Record<string, unknown> | undefined)?.[part];
  return resolve(node as Schema | undefined);
}

function secretFieldsOf(op: Record<string, unknown>): string[] {
  const fields = new Set<string>();
  const responses = (op.responses ?? {}) as Record<string, { content?: Record<string, { schema?: Schema }> }>;
  for (const [status, response] of Object.entries(responses)) {
    if (!status.startsWith('2')) continue;
    const schema = resolve(response.content?.['application/json']?.schema);
    for (const [name, property] of Object.entries(schema?.properties ?? {})) {
      if (resolve(property)?.['x-secret'] === true) fields.add(name);
    }
  }
  return [...fields];
}

function index(): Map<string, Operation> {
  const operations = new Map<string, Operation>();
  const defaultSecurity = openApiDocument.security ?? [];
  for (const [p, item] of Object.entries(openApiDocument.paths)) {
    for (const method of methods) {
      const op = item[method];
      if (!op) continue;
      const operationId = op.operationId as string;
      const security = (op.security as Operation['security'] | undefined) ?? defaultSecurity;
      const xAuth = op['x-auth'] as string | undefined;
      const requestBody = op.requestBody as { required?: boolean; content?: Record<string, unknown> } | undefined;
      operations.set(operationId, {
        operationId,
        method,
        path: p,
        security,
        permission: op['x-permission'] as string | undefined,
        rateLimitClass: op['x-rate-limit-class'] as string | undefined,
        idempotent: ((op.parameters as Array<{ name?: string; $ref?: string }> | undefined) ?? []).some(
          (p) => p.name === 'Idempotency-Key' || p.$ref === '#/components/parameters/IdempotencyKey',
        ),
        auth: security.length === 0 ? 'none' : xAuth === 'session' ? 'session' : 'any',
        multipart: Boolean(requestBody?.content?.['multipart/form-data']),
        jsonBodyRequired: requestBody?.required === true && Boolean(requestBody.content?.['application/json']),
        secretFields: secretFieldsOf(op),
      });
    }
  }
  return operations;
}

export const operations: ReadonlyMap<string, Operation> = index();

/**
 * Multipart uploads are streamed by their handlers under their own limits, so the JSON body limit and the whole-body
 * timeout skip them. Upload operations have literal paths (no `{param}`), which is what makes this exact match enough.
 */
const streamedUploads = new Set(
  [...operations.values()].filter((op) => op.multipart).map((op) => `${op.method.toUpperCase()} ${op.path}`),
);

/** Whether `method` + `path` (without query string) is a streamed upload. */
export const isStreamedUpload = (method: string, path: string): boolean => streamedUploads.has(`${method} ${path}`);

/** Each path template of the document as a pattern, with the methods it has (HEAD wherever GET is: Hono answers it). */
const pathMethods = Object.entries(openApiDocument.paths).map(([template, item]) => {
  const verbs = methods.filter((m) => item[m]).map((m) => m.toUpperCase());
  if (verbs.includes('GET') && !verbs.includes('HEAD')) verbs.push('HEAD');
  const pattern = template.replace(/[.*+?^$()|[\]\\]/g, '\\$&').replace(/\{[^}]+\}/g, '[^/]+');
  return {
    pattern: new RegExp(`^${pattern}$`),
    verbs,
    params: (template.match(/\{/g) ?? []).length,
    segments: template.split('/').length,
  };
});

/** The templates by their number of segments: a `{param}` matches one whole segment, so only those can match a path
 * with as many (this runs before every request). */
const templatesBySegments = Map.groupBy(pathMethods, (p) => p.segments);

/**
 * The methods the document has for `path`, or an empty list for a path the document does not know. A request with
 * another method gets 405 + `Allow`. The most specific templates decide (`/files/extract` before `/files/{file_id}`),
 * as a client reading the document would match them.
 */
export function allowedMethods(path: string): string[] {
  const matching = (templatesBySegments.get(path.split('/').length) ?? []).filter((p) => p.pattern.test(path));
  const fewest = Math.min(...matching.map((p) => p.params));
  const allowed = new Set(matching.filter((p) => p.params === fewest).flatMap((p) => p.verbs));
  return [...allowed].sort();
}
