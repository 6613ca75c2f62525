/**
 * The served document, walked as a client generator or Swagger UI would read it: examples that work, one problem
 * example per error status with its real code, no placeholder values, links that lead somewhere, enums shared as
 * components, integer path parameters, an open error `type`.
 */
import { describe, expect, it } from 'vitest';
import { ProblemSchema } from '../generated/routes.ts';
import { openApiDocument, operations } from '../src/app/operations.ts';
import { resolve } from './support/sample.ts';

type Node = Record<string, unknown>;
type Media = { example?: unknown; examples?: Record<string, { value?: unknown; $ref?: string }>; schema?: Node };
type Response = { content?: Record<string, Media>; links?: Record<string, Node & { $ref?: string }> };
type Operation = Node & {
  operationId: string;
  parameters?: Array<{ $ref?: string; name?: string; in?: string }>;
  requestBody?: { content: Record<string, Media> };
  responses: Record<string, Response & { $ref?: string }>;
};

const allOperations = Object.entries(openApiDocument.paths).flatMap(([path, item]) =>
  Object.entries(item)
    .filter(([method]) => ['get', 'post', 'put', 'patch', 'delete'].includes(method))
    .map(([method, op]) => ({ path, method, op: op as Operation })),
);

const examplesOf = (media: Media): unknown[] => [
  ...(media.example === undefined ? [] : [media.example]),
  ...Object.values(media.examples ?? {}).map((e) => resolve(e).value),
];

/** Every string value in a JSON value, with where it is. */
function strings(value: unknown, at = ''): Array<[string, string]> {
  if (typeof value === 'string') return [[at, value]];
  if (Array.isArray(value)) return value.flatMap((v, i) => strings(v, `${at}[${i}]`));
  if (value && typeof value === 'object') return Object.entries(value).flatMap(([k, v]) => strings(v, `${at}.${k}`));
  return [];
}

/** `ErrorCode`'s description lists each code with its status: "- `NOT_FOUND` (404): …". */
const components = openApiDocument.components as { schemas: Record<string, { enum?: string[]; description?: string }> };
const statusOfCode = new Map(
  [...(components.schemas.ErrorCode?.description ?? '').matchAll(/^- `([A-Z_]+)` \((\d{3})\)/gm)].map((m) => [
    m[1]!,
    Number(m[2]),
  ]),
);

describe('examples', () => {
  it('documents the status of every known error code', () => {
    expect(components.schemas.ErrorCode?.enum?.length).toBeGreaterThan(30);
    for (const code of components.schemas.ErrorCode?.enum ?? []) expect(statusOfCode.get(code), code).toBeDefined();
  });

  it.each(allOperations.filter(({ op }) => op.requestBody).map(({ op }) => [op.operationId, op] as const))(
    '%s has a request example for each media type',
    (_, op) => {
      for (const [type, media] of Object.entries(op.requestBody!.content)) {
        expect(examplesOf(media).length, `${op.operationId} ${type}`).toBeGreaterThan(0);
      }
    },
  );

  it.each(allOperations.map(({ op }) => [op.operationId, op] as const))(
    '%s has a problem example with a matching known code for every error status',
    (_, op) => {
      for (const [status, declared] of Object.entries(op.responses)) {
        if (Number(status) < 400) continue;
        const problem = resolve(declared).content?.['application/problem+json'];
        if (!problem) continue; // the health check's 503 is its ordinary JSON body
        const examples = examplesOf(problem) as Array<{ type: string; status: number }>;
        expect(examples.length, `${op.operationId} ${status}`).toBeGreaterThan(0);
        for (const example of examples) {
          expect(statusOfCode.get(example.type), `${op.operationId} ${status}: ${example.type}`).toBe(Number(status));
          expect(example.status).toBe(Number(status));
          expect(ProblemSchema.safeParse(example).success).toBe(true);
        }
      }
    },
  );

  it('contains no placeholder values and no invented ids in request examples', () => {
    const tools = new Set(components.schemas.ToolName?.enum); // `run_python` is a tool, not a run id
    const everyExample = allOperations.flatMap(({ op }) => [
      ...Object.values(op.requestBody?.content ?? {}).map((m) => ({ request: true, values: examplesOf(m) })),
      ...Object.values(op.responses).flatMap((r) =>
        Object.values(resolve(r).content ?? {}).map((m) => ({ request: false, values: examplesOf(m) })),
      ),
    ]);
    expect(everyExample.length).toBeGreaterThan(100);
    for (const { request, values } of everyExample) {
      for (const [at, value] of strings(values)) {
        expect(value, at).not.toBe('string');
        // A request example may name an id only as a marked placeholder: an id that looks real fails with a 404.
        if (request && /^(ws|skill|run|sched|file|proj|conv|key|usr)_[0-9A-Za-z]+$/.test(value) && !tools.has(value)) {
          expect(value, at).toMatch(/ReplaceWithYour/);
        }
      }
    }
  });
});

describe('links', () => {
  // No operation addresses a user by id alone (members are addressed within a workspace).
  const withoutLinks = new Set(['createUser']);
  const creating = allOperations.filter(
    ({ method, op }) =>
      method === 'post' && !withoutLinks.has(op.operationId) && (op.responses['201'] || op.responses['202']),
  );

  it.each(creating.map(({ op }) => [op.operationId, op] as const))(
    '%s links its created object to operations that exist and take the given parameters',
    (_, op) => {
      const links = Object.values({ ...op.responses['201']?.links, ...op.responses['202']?.links }).map((l) =>
        resolve(l),
      ) as Array<{ operationId: string; parameters?: Record<string, string> }>;
      expect(links.length).toBeGreaterThan(0);
      for (const link of links) {
        const target = operations.get(link.operationId);
        expect(target, link.operationId).toBeDefined();
        const spec = openApiDocument.paths[target!.path]![target!.method] as Operation;
        const names = (spec.parameters ?? []).map((p) => resolve(p).name);
        for (const [name, expression] of Object.entries(link.parameters ?? {})) {
          expect(names, `${link.operationId} takes ${name}`).toContain(name);
          expect(expression).toMatch(/^\$(response\.body#\/|request\.path\.)[a-z_/]+$/);
        }
      }
    },
  );

  it('starts with an absolute server, then the relative one', () => {
    const servers = openApiDocument.servers as Array<{ url: string }>;
    expect(servers[0]?.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(servers.map((s) => s.url)).toContain('/');
  });
});

describe('types a generator can use', () => {
  it('declares each enum once, as a component, with variable names where values are not identifiers', () => {
    const inline = new Map<string, string[]>();
    const walk = (node: unknown, at: string): void => {
      if (!node || typeof node !== 'object') return;
      if (Array.isArray(node)) {
        node.forEach((n, i) => {
          walk(n, `${at}/${i}`);
        });
        return;
      }
      const schema = node as Node & { enum?: unknown[]; 'x-enum-varnames'?: string[] };
      if (Array.isArray(schema.enum)) {
        if (!/^#\/components\/schemas\/[A-Za-z]+$/.test(at)) {
          const key = JSON.stringify([...schema.enum].sort());
          inline.set(key, [...(inline.get(key) ?? []), at]);
        }
        if (schema.enum.some((v) => typeof v === 'string' && !/^[A-Za-z_][A-Za-z0-9_]*$/.test(v))) {
          expect(schema['x-enum-varnames']?.length, `${at} needs x-enum-varnames`).toBe(schema.enum.length);
        }
      }
      for (const [k, v] of Object.entries(node)) walk(v, `${at}/${k}`);
    };
    walk(openApiDocument, '#');
    for (const [values, places] of inline) expect(places, `${values} is inlined more than once`).toHaveLength(1);
  });

  it('types integer path parameters as integers', () => {
    const version = allOperations
      .flatMap(({ op }) => (op.parameters ?? []).map((p) => resolve(p) as { name: string; in: string; schema: Node }))
      .find((p) => p.in === 'path' && p.name === 'version');
    expect(resolve(version!.schema).type).toBe('integer');
  });

  it('calls no schema by a name generators reserve', () => {
    const names = Object.keys(components.schemas);
    for (const reserved of ['File', 'Blob', 'Object', 'Error', 'Date', 'Response', 'Request']) {
      expect(names).not.toContain(reserved);
    }
  });

  it('keeps the error type open: a code added later still parses', () => {
    const later = { type: 'SOME_CODE_ADDED_LATER', title: 'New', status: 409, request_id: 'req_1' };
    expect(ProblemSchema.safeParse(later).success).toBe(true);
    expect(ProblemSchema.safeParse({ ...later, type: 42 }).success).toBe(false);
  });

  it('gives every server-sent event of a run a schema, told apart by `event`', () => {
    const events = resolve<unknown>({ $ref: '#/components/schemas/SkillRunEvent' }) as {
      oneOf: unknown[];
      discriminator: { propertyName: string; mapping: Record<string, string> };
    };
    expect(events.discriminator.propertyName).toBe('event');
    expect(Object.keys(events.discriminator.mapping).sort()).toEqual(
      ['console', 'end', 'message', 'status', 'tool_call', 'tool_result', 'usage'].sort(),
    );
    const stream = openApiDocument.paths['/api/v1/skill-runs/{run_id}/events']!.get as Operation;
    expect(resolve(stream.responses['200']!).content?.['text/event-stream']?.schema).toEqual({
      $ref: '#/components/schemas/SkillRunEvent',
    });
  });
});
