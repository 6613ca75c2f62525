/**
 * Authorization, table-driven from the document: for every operation, no credentials → 401, a caller from another
 * workspace → 404, and every role that lacks the operation's `x-permission` → 403 naming it. Operations added to the
 * document are picked up automatically; one whose path parameter has no fixture below fails until one is added.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Operation, openApiDocument, operations } from '../src/app/operations.ts';
import { isPermission, roleHas, roles } from '../src/auth/permissions.ts';
import { newId } from '../src/lib/ids.ts';
import { insertRun } from '../src/runs/runs.service.ts';
import {
  addMember,
  auth,
  createApiKey,
  createWorkspace,
  jsonBody,
  signedInUser,
  type TestUser,
} from './support/identity.ts';
import { resolve, sample } from './support/sample.ts';
import { createTestApp, json, type TestApp } from './support/test-app.ts';

let t: TestApp;
let owner: TestUser;
let outsider: TestUser;
let outsiderKey: string;
const byRole = new Map<string, { user: TestUser; key: string }>();
const fixtures: Record<string, string> = {};

beforeAll(async () => {
  t = await createTestApp(
    {
      RATE_LIMIT_DEFAULT_PER_MINUTE: '100000',
      RATE_LIMIT_SKILL_RUNS_PER_MINUTE: '100000',
      OPENAI_BASE_URL: 'http://127.0.0.1:9/v1',
    },
    { worker: false },
  );
  owner = await signedInUser(t);
  const ws = await createWorkspace(t, owner, 'Target');
  for (const role of roles) {
    const user = role === 'owner' ? owner : await signedInUser(t);
    if (role !== 'owner') await addMember(t, owner, ws, user, role);
    byRole.set(role, { user, key: await createApiKey(t, user) });
  }
  outsider = await signedInUser(t);
  await createWorkspace(t, outsider, 'Elsewhere');
  outsiderKey = await createApiKey(t, outsider);
  const ownerKeys = await json(await t.fetch('/api/v1/api-keys', { headers: auth(owner.session) }));
  Object.assign(fixtures, {
    workspace_id: ws,
    user_id: byRole.get('member')!.user.id,
    key_id: ownerKeys.data[0].id,
    skill_id: (
      await json(
        await t.fetch(
          '/api/v1/skills',
          jsonBody({ workspace_id: ws, name: 'fixture', description: 'd' }, auth(owner.session)),
        ),
      )
    ).id,
    version: '1',
  });
  // A run row without a workflow: enough to address it (no worker runs in this file).
  const run = await insertRun(t.deps, { workspaceId: ws, skillId: fixtures.skill_id!, createdById: owner.id });
  fixtures.run_id = run.id;
  // A schedule row is enough to address one; its Temporal Schedule is not needed for refusals.
  fixtures.schedule_id = (
    await t.deps.prisma.schedule.create({
      data: {
        id: newId('sched'),
        workspaceId: ws,
        name: 'fixture',
        action: 'skill_run',
        cronExpression: '0 9 * * *',
        timezone: 'UTC',
        skillId: fixtures.skill_id!,
        overlapPolicy: 'skip',
        catchupWindowSeconds: 60,
      },
    })
  ).id;
  const post = async (path: string, body: object) =>
    (await json(await t.fetch(path, jsonBody({ workspace_id: ws, ...body }, auth(owner.session))))).id as string;
  fixtures.project_id = await post('/api/v1/projects', { name: 'fixture' });
  fixtures.conversation_id = await post('/api/v1/conversations', { title: 'fixture' });
  fixtures.memory_id = await post('/api/v1/memories', { content: 'fixture' });
  const scratchpad = await json(
    await t.fetch(
      '/api/v1/scratchpads',
      jsonBody(
        { conversation_id: fixtures.conversation_id, cells: [{ type: 'code', content: 'print(1)' }] },
        auth(owner.session),
      ),
    ),
  );
  Object.assign(fixtures, { scratchpad_id: scratchpad.id, cell_id: scratchpad.cells[0].id });
  // A finished turn's rows are enough to address it (no worker runs in this file).
  const turnRun = await t.deps.prisma.skillRun.create({
    data: {
      id: newId('run'),
      workspaceId: ws,
      skillName: 'conversation',
      skillVersion: 0,
      model: 'openai:m',
      maxDurationSeconds: 60,
      status: 'completed',
    },
  });
  fixtures.response_id = (
    await t.deps.prisma.response.create({
      data: {
        id: newId('resp'),
        workspaceId: ws,
        conversationId: fixtures.conversation_id,
        runId: turnRun.id,
        model: 'openai:m',
        input: 'x',
        status: 'completed',
      },
    })
  ).id;
  // Webhook rows are enough to address them; nothing is delivered here.
  const endpoint = await t.deps.prisma.webhookEndpoint.create({
    data: { id: newId('whk'), workspaceId: ws, url: 'https://example.com/hook', eventTypes: ['*'], secret: 'x' },
  });
  const event = await t.deps.prisma.webhookEvent.create({
    data: { id: newId('evt'), workspaceId: ws, type: 'webhook.test', data: {} },
  });
  const delivery = await t.deps.prisma.webhookDelivery.create({
    data: { id: newId('dlv'), eventId: event.id, endpointId: endpoint.id, status: 'failed' },
  });
  Object.assign(fixtures, { webhook_id: endpoint.id, event_id: event.id, delivery_id: delivery.id });
  // A pending OAuth connection row is enough to address one; `spec_id` names a spec whose OAuth client is not
  // configured here, which the refusals come before.
  const connection = await t.deps.prisma.connection.create({
    data: { id: newId('conn'), workspaceId: ws, specId: 'notion', name: 'fixture', status: 'pending' },
  });
  Object.assign(fixtures, { connection_id: connection.id, spec_id: 'notion' });
  const upload = new FormData();
  upload.set('workspace_id', ws);
  upload.set('file', new Blob(['fixture']), 'fixture.txt');
  const file = await t.fetch('/api/v1/files', { method: 'POST', headers: auth(owner.session), body: upload });
  expect(file.status).toBe(201);
  fixtures.file_id = (await json(file)).id;
  fixtures.path = 'fixture.txt';
  const artifact = new FormData();
  artifact.set('project_id', fixtures.project_id);
  artifact.set('path', 'fixture/index.html');
  artifact.set('file', new Blob(['<p>fixture</p>']), 'index.html');
  const published = await t.fetch('/api/v1/artifacts', {
    method: 'POST',
    headers: auth(owner.session),
    body: artifact,
  });
  expect(published.status).toBe(201);
  fixtures.artifact_id = (await json(published)).id;
});
afterAll(() => t?.close());

function request(op: Operation, secret: string | undefined): Promise<Response> {
  const spec = openApiDocument.paths[op.path]![op.method]! as {
    parameters?: Array<{ $ref?: string; name?: string; in?: string }>;
    requestBody?: { content: Record<string, { schema: object }> };
  };
  const query = new URLSearchParams();
  for (const param of (spec.parameters ?? []).map((p) => resolve(p))) {
    if (param.in === 'query' && param.name && fixtures[param.name]) query.set(param.name, fixtures[param.name]!);
  }
  const path = op.path.replace(/\{([a-z_]+)\}/g, (_, name: string) => {
    const value = fixtures[name];
    if (!value) throw new Error(`No fixture for path parameter ${name} of ${op.operationId}: add one to this test`);
    return value;
  });
  const headers: Record<string, string> = secret ? auth(secret) : {};
  const content = spec.requestBody?.content;
  let body: RequestInit['body'];
  if (content?.['application/json']) {
    headers['Content-Type'] = 'application/json';
    body = JSON.stringify(sample(resolve(content['application/json'].schema), fixtures));
  } else if (content?.['multipart/form-data']) {
    const form = new FormData();
    const schema = resolve(content['multipart/form-data'].schema) as {
      required?: string[];
      properties?: Record<string, unknown>;
    };
    if (schema.properties?.workspace_id) form.set('workspace_id', fixtures.workspace_id!);
    // The other fields the form requires, from the fixtures (an artifact's project and entry path).
    for (const name of schema.required ?? []) if (name !== 'file' && fixtures[name]) form.set(name, fixtures[name]);
    form.set('file', new Blob(['x']), 'x.txt');
    body = form;
  }
  const url = query.size > 0 ? `${path}?${query}` : path;
  return t.fetch(url, { method: op.method.toUpperCase(), headers, ...(body ? { body } : {}) });
}

const secured = [...operations.values()].filter((op) => op.auth !== 'none');
const workspaceScoped = secured.filter((op) => op.permission && isPermission(op.permission));

describe.each(secured.map((op) => [op.operationId, op] as const))('%s', (_, op) => {
  it('refuses a request without credentials with 401 AUTH_UNAUTHORIZED', async () => {
    const res = await request(op, undefined);
    expect(res.status).toBe(401);
    expect((await json(res)).type).toBe('AUTH_UNAUTHORIZED');
  });

  if (op.auth === 'session') {
    it('refuses an API key with 403 SESSION_REQUIRED', async () => {
      const res = await request(op, byRole.get('owner')!.key);
      expect(res.status).toBe(403);
      expect((await json(res)).type).toBe('SESSION_REQUIRED');
    });
  }
});

describe.each(workspaceScoped.map((op) => [op.operationId, op] as const))('%s in a workspace', (_, op) => {
  it("hides another workspace's objects from an outsider with 404", async () => {
    const res = await request(op, op.auth === 'session' ? outsider.session : outsiderKey);
    expect(res.status).toBe(404);
    // Webhook objects answer with their own code (seed 002), indistinguishable from a missing one.
    expect((await json(res)).type).toMatch(/^(WEBHOOK_)?NOT_FOUND$/);
  });

  const lacking = roles.filter((role) => isPermission(op.permission!) && !roleHas(role, op.permission));
  it.each(lacking)(`refuses role %s with 403 naming ${op.permission}`, async (role) => {
    const who = byRole.get(role)!;
    const res = await request(op, op.auth === 'session' ? who.user.session : who.key);
    expect(res.status).toBe(403);
    const body = await json(res);
    expect(body.type).toBe('FORBIDDEN');
    expect(body.detail).toContain(op.permission);
  });
});

it('covers every operation with a declared permission model', () => {
  for (const op of operations.values()) {
    if (op.permission) expect(isPermission(op.permission) || op.permission === 'INSTANCE_ADMIN').toBe(true);
  }
  expect(workspaceScoped.length).toBeGreaterThan(0);
});
