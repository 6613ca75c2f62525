/**
 * Text is text: U+0000 is refused with a 400 naming the field in every input of every operation, JSON bodies (each
 * string field the document defines), query and path parameters, and multipart fields and file names; never a 500
 * from the database. The operations are read from the document, so a new one is covered without touching this file.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fieldName } from '../src/app/validation-hook.ts';
import { upload } from './support/files.ts';
import { auth, createWorkspace, signedInUser, type TestUser } from './support/identity.ts';
import {
  document,
  isFreeText,
  resolve,
  type Schema,
  sample,
  sampleString,
  sampleWith,
  stringFields,
} from './support/schema-samples.ts';
import { createTestApp, json, type TestApp } from './support/test-app.ts';

let t: TestApp;
let admin: TestUser;
let ws: string;

beforeAll(async () => {
  t = await createTestApp(
    {
      RATE_LIMIT_DEFAULT_PER_MINUTE: '100000',
      RATE_LIMIT_FILES_PER_MINUTE: '100000',
      RATE_LIMIT_SKILL_RUNS_PER_MINUTE: '100000',
      RATE_LIMIT_SCHEDULES_PER_MINUTE: '100000',
      RATE_LIMIT_AUTH_PER_MINUTE: '100000',
    },
    { worker: false },
  );
  admin = await signedInUser(t, { isAdmin: true });
  ws = await createWorkspace(t, admin);
});
afterAll(() => t?.close());

interface Op {
  method: string;
  path: string;
  operationId: string;
  parameters: Schema[];
  body: Schema | undefined;
}

const operations: Op[] = Object.entries(document.paths as Record<string, Record<string, Schema>>).flatMap(([p, item]) =>
  Object.entries(item)
    .filter(([method]) => ['get', 'post', 'put', 'patch', 'delete'].includes(method))
    .map(([method, op]) => ({
      method: method.toUpperCase(),
      path: p,
      operationId: op.operationId,
      parameters: (op.parameters ?? []).map(resolve),
      body: op.requestBody?.content?.['application/json']?.schema,
    })),
);

const params = (op: Op, where: string) => op.parameters.filter((p) => p.in === where);

/** The operation's URL with valid samples for every path parameter and required query parameter, plus `overrides`. */
function url(op: Op, overrides: { path?: Record<string, string>; query?: Record<string, string> } = {}): string {
  let result = op.path;
  for (const p of params(op, 'path')) {
    result = result.replace(`{${p.name}}`, encodeURIComponent(overrides.path?.[p.name] ?? sampleString(p.schema)));
  }
  const query = new URLSearchParams();
  for (const p of params(op, 'query')) {
    const value = overrides.query?.[p.name] ?? (p.required ? String(sample(p.schema)) : undefined);
    if (value !== undefined) query.set(p.name, value);
  }
  return query.size > 0 ? `${result}?${query}` : result;
}

async function send(op: Op, target: string, body?: unknown) {
  const res = await t.fetch(target, {
    method: op.method,
    headers: {
      ...auth(admin.session),
      ...(body === undefined ? {} : { 'Content-Type': 'application/json' }),
    },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  return { status: res.status, problem: res.status === 400 ? await json(res) : await res.text() };
}

function expectRefused(result: { status: number; problem: unknown }, field: string, freeText: boolean) {
  expect(result.status, `${field}: ${JSON.stringify(result.problem)}`).toBe(400);
  const errors = (result.problem as { errors: Array<{ field: string; code: string }> }).errors;
  const named = errors.filter((e) => e.field === field);
  expect(named, `${field} not named in ${JSON.stringify(errors)}`).not.toHaveLength(0);
  // Where the schema alone would let the text through, the NUL check is what refused it.
  if (freeText) expect(named.map((e) => e.code)).toContain('invalid_character');
}

describe.each(operations.filter((op) => op.body))('$method $path', (op) => {
  it.each(stringFields(op.body!).map((f) => ({ ...f, name: fieldName('body', f.path) })))(
    'refuses U+0000 in $name',
    async ({ path, schema, name }) => {
      const value = `${sampleString(schema)}\u0000x`;
      expectRefused(await send(op, url(op), sampleWith(op.body!, path, value)), name, isFreeText(schema));
    },
  );
});

describe('parameters', () => {
  it.each(operations.filter((op) => params(op, 'path').length > 0))(
    'refuses U+0000 in the path of $method $path',
    async (op) => {
      const param = params(op, 'path')[0]!;
      const target = url(op, { path: { [param.name]: `${sampleString(param.schema)}\u0000` } });
      const body = op.body ? sample(op.body) : undefined;
      expectRefused(await send(op, target, body), `path.${param.name}`, isFreeText(param.schema));
    },
  );

  it.each(operations.filter((op) => params(op, 'query').some((p) => p.schema.type === 'string')))(
    'refuses U+0000 in the query of $method $path',
    async (op) => {
      const stringParams = params(op, 'query').filter((p) => p.schema.type === 'string');
      const param = stringParams.find((p) => p.name === 'cursor') ?? stringParams[0]!;
      const target = url(op, { query: { [param.name]: `${sampleString(param.schema)}\u0000` } });
      expectRefused(await send(op, target), `query.${param.name}`, isFreeText(param.schema));
    },
  );

  it('names the field in the naming convention the services use', async () => {
    const res = await t.fetch('/api/v1/skill-runs', {
      method: 'POST',
      headers: { ...auth(admin.session), 'Content-Type': 'application/json' },
      body: JSON.stringify({ workspace_id: ws, skill_id: 'skill_x', context_paths: ['ok', 'a\u0000b'] }),
    });
    expect(res.status).toBe(400);
    expect((await json(res)).errors).toEqual([
      { field: 'body.context_paths[1]', message: 'Must not contain the character U+0000', code: 'invalid_character' },
    ]);
  });
});

describe('multipart uploads', () => {
  it('refuses U+0000 in a form field and in the file name', async () => {
    const field = await upload(t, admin.session, {
      name: 'a.txt',
      content: 'x',
      fields: { workspace_id: ws, path: 'in\u0000put' },
    });
    expect(field.status).toBe(400);
    expect((await json(field)).errors[0]).toMatchObject({ field: 'body.path', code: 'invalid_character' });

    // A raw NUL in a part header is malformed to the multipart parser; RFC 5987 `filename*` can still encode one.
    const rawName = await upload(t, admin.session, { name: 'a\u0000.txt', content: 'x', fields: { workspace_id: ws } });
    expect(rawName.status).toBe(400);
    const encoded = await t.fetch('/api/v1/files', {
      method: 'POST',
      headers: { ...auth(admin.session), 'Content-Type': 'multipart/form-data; boundary=nul' },
      body: [
        '--nul',
        'Content-Disposition: form-data; name="workspace_id"',
        '',
        ws,
        '--nul',
        `Content-Disposition: form-data; name="file"; filename*=UTF-8''a%00.txt`,
        '',
        'x',
        '--nul--',
        '',
      ].join('\r\n'),
    });
    expect(encoded.status).toBe(400);
    expect((await json(encoded)).errors[0]).toMatchObject({ field: 'body.file', code: 'invalid_character' });
  });
});
