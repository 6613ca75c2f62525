/**
 * The document's promises, kept over HTTP: every request example works as sent once its marked placeholders are
 * filled in, a file listing and a file download are two operations with one media type each, integer path
 * parameters arrive as integers, and every event a real run streams matches its schema.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SkillRunEventSchema } from '../generated/routes.ts';
import { openApiDocument, operations } from '../src/app/operations.ts';
import { createUser } from '../src/auth/users.ts';
import type { FakeLlm } from './support/fake-llm.ts';
import { makeZip, upload } from './support/files.ts';
import { auth, createApiKey, createWorkspace, jsonBody, signedInUser, type TestUser } from './support/identity.ts';
import { type RunWorld, runWorld, startRun, waitForStatus } from './support/runs.ts';
import { resolve } from './support/sample.ts';
import { json, type TestApp } from './support/test-app.ts';
import { createTestAppWithModel } from './support/test-app-with-model.ts';

let t: TestApp;
let llm: FakeLlm;
let admin: TestUser;

beforeAll(async () => {
  ({ t, llm } = await createTestAppWithModel(
    {
      DEFAULT_MODEL: 'openai:gpt-4o-mini',
      RATE_LIMIT_SKILL_RUNS_PER_MINUTE: '1000',
      RATE_LIMIT_DEFAULT_PER_MINUTE: '100000',
      // The webhook example's host resolves to loopback here, so nothing could ever leave this machine.
      WEBHOOK_ALLOWED_HOSTS: '127.0.0.1',
      // So is the connection example's database host: its check fails (nothing of its kind listens) and says so.
      CONNECTOR_ALLOWED_HOSTS: '127.0.0.1',
      CONNECTOR_CHECK_TIMEOUT_SECONDS: '3',
    },
    { resolveHost: async () => [{ address: '127.0.0.1', family: 4 }] },
  ));
  admin = await signedInUser(t, { isAdmin: true });
});
afterAll(async () => {
  await t?.close();
});

/** The first request example of an operation, as the document gives it. */
function example(operationId: string): Record<string, unknown> {
  const op = operations.get(operationId)!;
  const spec = openApiDocument.paths[op.path]![op.method] as {
    requestBody: { content: Record<string, { examples: Record<string, { value: Record<string, unknown> }> }> };
  };
  const media = Object.values(spec.requestBody.content)[0]!;
  return resolve(Object.values(media.examples)[0]!).value;
}

/** Fills in exactly the marked placeholders; anything else is sent as the document gives it. */
function filled(value: Record<string, unknown>, placeholders: Record<string, string>): Record<string, unknown> {
  let text = JSON.stringify(value);
  for (const [marker, real] of Object.entries(placeholders))
    text = text.replaceAll(JSON.stringify(marker), JSON.stringify(real));
  expect(text).not.toMatch(/ReplaceWithYour|REPLACE_WITH_YOUR/);
  return JSON.parse(text);
}

const send = (method: string, path: string, secret: string | null, body: unknown) =>
  t.fetch(path, {
    method,
    headers: { 'Content-Type': 'application/json', ...(secret ? auth(secret) : {}) },
    body: JSON.stringify(body),
  });

describe('request examples', () => {
  it('succeed as sent, after authorising (with a workspace-bound key where workspace_id is left out)', async () => {
    const seen = new Set<string>();
    const ok = async (operationId: string, res: Response, status: number) => {
      expect(res.status, `${operationId}: ${await res.clone().text()}`).toBe(status);
      seen.add(operationId);
      return json(res);
    };
    const marked = { 'you@example.com': admin.email, REPLACE_WITH_YOUR_PASSWORD: admin.password };
    await ok(
      'createSession',
      await send('POST', '/api/v1/auth/sessions', null, filled(example('createSession'), marked)),
      201,
    );
    await ok('createUser', await send('POST', '/api/v1/users', admin.session, example('createUser')), 201);

    const ws = (
      await ok(
        'createWorkspace',
        await send('POST', '/api/v1/workspaces', admin.session, example('createWorkspace')),
        201,
      )
    ).id;
    await ok(
      'updateWorkspace',
      await send('PATCH', `/api/v1/workspaces/${ws}`, admin.session, example('updateWorkspace')),
      200,
    );
    // "Replace the e-mail with that of an existing user": this one exists.
    const teammate = await createUser(t.deps.prisma, {
      email: 'teammate@example.com',
      password: 'another long password',
    });
    await ok(
      'addMember',
      await send('POST', `/api/v1/workspaces/${ws}/members`, admin.session, example('addMember')),
      201,
    );
    await ok(
      'updateMember',
      await send('PATCH', `/api/v1/workspaces/${ws}/members/${teammate.id}`, admin.session, example('updateMember')),
      200,
    );
    await ok('createApiKey', await send('POST', '/api/v1/api-keys', admin.session, example('createApiKey')), 201);

    const key = await createApiKey(t, admin, { name: 'Swagger UI', workspace_id: ws });
    const skill = await ok('createSkill', await send('POST', '/api/v1/skills', key, example('createSkill')), 201);
    await ok('updateSkill', await send('PATCH', `/api/v1/skills/${skill.id}`, key, example('updateSkill')), 200);
    const skillMarked = { skill_ReplaceWithYourSkillId: skill.id };
    await ok(
      'createSkillRun',
      await send('POST', '/api/v1/skill-runs', key, filled(example('createSkillRun'), skillMarked)),
      202,
    );

    const question = `example-input-${Date.now()}`;
    llm.script(question, [
      { toolCalls: [{ name: 'ask_user', arguments: { question: 'Which currency?' } }] },
      { text: 'Done.' },
    ]);
    const asking = await json(
      await send('POST', '/api/v1/skill-runs', key, { skill_id: skill.id, instructions: question }),
    );
    await waitForStatus({ t, owner: admin, ws, skillId: skill.id }, asking.run_id, ['waiting']);
    await ok(
      'provideSkillRunInput',
      await send('POST', `/api/v1/skill-runs/${asking.run_id}/input`, key, example('provideSkillRunInput')),
      202,
    );

    const uploadExample = example('uploadFile') as { path: string; file: string };
    await ok(
      'uploadFile',
      await upload(t, key, { name: 'data.csv', content: uploadExample.file, fields: { path: uploadExample.path } }),
      201,
    );
    // "Upload data.zip into input/ first": done here.
    await upload(t, key, {
      name: 'data.zip',
      content: await makeZip([{ name: 'a.csv', content: 'a\n' }]),
      fields: { path: 'input' },
    });
    await ok('extractArchive', await send('POST', '/api/v1/files/extract', key, example('extractArchive')), 201);

    const schedule = await ok(
      'createSchedule',
      await send('POST', '/api/v1/schedules', key, filled(example('createSchedule'), skillMarked)),
      201,
    );
    await ok(
      'updateSchedule',
      await send('PATCH', `/api/v1/schedules/${schedule.id}`, key, example('updateSchedule')),
      200,
    );
    await ok(
      'pauseSchedule',
      await send('POST', `/api/v1/schedules/${schedule.id}/pause`, key, example('pauseSchedule')),
      200,
    );

    const project = await ok(
      'createProject',
      await send('POST', '/api/v1/projects', key, example('createProject')),
      201,
    );
    await ok(
      'updateProject',
      await send('PATCH', `/api/v1/projects/${project.id}`, key, example('updateProject')),
      200,
    );
    const projectMarked = { proj_ReplaceWithYourProjectId: project.id };
    const conversation = await ok(
      'createConversation',
      await send('POST', '/api/v1/conversations', key, filled(example('createConversation'), projectMarked)),
      201,
    );
    llm.script("Summarise last week's sales data", [{ text: 'Sales rose 4%.' }]);
    const conversationMarked = { conv_ReplaceWithYourConversationId: conversation.id };
    const answered = await ok(
      'createResponse',
      await send('POST', '/api/v1/responses', key, filled(example('createResponse'), conversationMarked)),
      200,
    );
    expect(answered.output_text).toBe('Sales rose 4%.');
    await ok(
      'updateConversation',
      await send('PATCH', `/api/v1/conversations/${conversation.id}`, key, example('updateConversation')),
      200,
    );
    const memory = await ok(
      'createMemory',
      await send('POST', '/api/v1/memories', key, filled(example('createMemory'), projectMarked)),
      201,
    );
    await ok('updateMemory', await send('PATCH', `/api/v1/memories/${memory.id}`, key, example('updateMemory')), 200);
    const publishExample = filled(example('publishArtifact'), projectMarked) as Record<string, string | string[]>;
    const artifactForm = new FormData();
    for (const [name, value] of Object.entries(publishExample)) {
      if (name === 'file') artifactForm.append('file', new Blob([(value as string[])[0]!]), 'index.html');
      else artifactForm.append(name, value as string);
    }
    const artifact = await ok(
      'publishArtifact',
      await t.fetch('/api/v1/artifacts', { method: 'POST', headers: auth(key), body: artifactForm }),
      201,
    );
    await ok(
      'updateArtifact',
      await send('PATCH', `/api/v1/artifacts/${artifact.id}`, key, example('updateArtifact')),
      200,
    );
    const artifactMarked = { art_ReplaceWithYourArtifactId: artifact.id };
    const opened = await ok(
      'openArtifact',
      await send('POST', '/api/v1/artifacts/open', key, filled(example('openArtifact'), artifactMarked)),
      200,
    );
    expect((await t.fetch(new URL(opened.url).pathname)).status).toBe(200);
    const scratchpad = await ok(
      'createScratchpad',
      await send('POST', '/api/v1/scratchpads', key, filled(example('createScratchpad'), conversationMarked)),
      201,
    );
    await ok(
      'updateScratchpad',
      await send('PATCH', `/api/v1/scratchpads/${scratchpad.id}`, key, example('updateScratchpad')),
      200,
    );
    const cell = await ok(
      'createScratchpadCell',
      await send('POST', `/api/v1/scratchpads/${scratchpad.id}/cells`, key, example('createScratchpadCell')),
      201,
    );
    await ok(
      'updateScratchpadCell',
      await send(
        'PATCH',
        `/api/v1/scratchpads/${scratchpad.id}/cells/${cell.id}`,
        key,
        example('updateScratchpadCell'),
      ),
      200,
    );
    // The conversation is in the example's project, so the promotion needs no project_id.
    const promoted = await ok(
      'promoteScratchpad',
      await send('POST', `/api/v1/scratchpads/${scratchpad.id}/promote`, key, example('promoteScratchpad')),
      201,
    );
    expect(promoted).toMatchObject({ title: 'Sales analysis', type: 'report', version: 1 });
    const webhook = await ok(
      'createWebhook',
      await send('POST', '/api/v1/webhooks', key, example('createWebhook')),
      201,
    );
    await ok(
      'updateWebhook',
      await send('PATCH', `/api/v1/webhooks/${webhook.id}`, key, example('updateWebhook')),
      200,
    );
    await ok(
      'rotateWebhookSecret',
      await send('POST', `/api/v1/webhooks/${webhook.id}/rotate-secret`, key, example('rotateWebhookSecret')),
      200,
    );
    const connection = await ok(
      'createConnection',
      await send('POST', '/api/v1/connectors/connections', key, example('createConnection')),
      201,
    );
    expect(connection).toMatchObject({ spec_id: 'postgres', status: 'error' });
    await ok(
      'updateConnection',
      await send('PATCH', `/api/v1/connectors/connections/${connection.id}`, key, example('updateConnection')),
      200,
    );

    const withBodies = [...operations.values()].filter(
      (op) => (openApiDocument.paths[op.path]![op.method] as { requestBody?: unknown }).requestBody,
    );
    expect([...seen].sort()).toEqual(withBodies.map((op) => op.operationId).sort());
  });
});

describe('files: a listing and a download are two operations', () => {
  let owner: TestUser;
  let ws: string;
  const get = (path: string, headers: Record<string, string> = {}) =>
    t.fetch(path, { headers: { ...auth(owner.session), ...headers } });

  beforeAll(async () => {
    owner = await signedInUser(t);
    ws = await createWorkspace(t, owner);
    const res = await upload(t, owner.session, {
      name: 'a.bin',
      content: new Uint8Array([0, 1, 2, 255]),
      fields: { workspace_id: ws, path: 'dir' },
    });
    expect(res.status).toBe(201);
  });

  it('lists a folder as JSON and downloads a file as bytes', async () => {
    const listing = await get(`/api/v1/files/tree?workspace_id=${ws}&path=dir`);
    expect(listing.headers.get('content-type')).toMatch(/^application\/json/);
    expect((await json(listing)).data).toEqual([expect.objectContaining({ name: 'a.bin', type: 'file' })]);
    const bytes = await get(`/api/v1/files/content?workspace_id=${ws}&path=dir/a.bin`);
    expect(bytes.status).toBe(200);
    expect(bytes.headers.get('content-type')).toBe('application/octet-stream');
    expect([...new Uint8Array(await bytes.arrayBuffer())]).toEqual([0, 1, 2, 255]);
    const range = await get(`/api/v1/files/content?workspace_id=${ws}&path=dir/a.bin`, { Range: 'bytes=1-2' });
    expect(range.status).toBe(206);
    expect([...new Uint8Array(await range.arrayBuffer())]).toEqual([1, 2]);
  });

  it('answers each with its own media type only: a file is not listed, a folder is not downloaded', async () => {
    const file = await get(`/api/v1/files/tree?workspace_id=${ws}&path=dir/a.bin`);
    expect(file.status).toBe(404);
    expect((await json(file)).detail).toContain('/api/v1/files/content?path=dir%2Fa.bin');
    for (const path of ['dir', 'dir/', 'missing.txt', '']) {
      const res = await get(`/api/v1/files/content?workspace_id=${ws}&path=${encodeURIComponent(path)}`);
      expect(res.status, path).toBe(404);
      expect(res.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    }
    const none = await get(`/api/v1/files/content?workspace_id=${ws}`);
    expect(none.status).toBe(400);
    expect((await json(none)).errors[0].field).toBe('query.path');
  });
});

describe('integer path parameters', () => {
  it('takes a version as an integer and refuses anything else with 400 naming path.version', async () => {
    const w = await runWorld(t);
    const skill = `/api/v1/skills/${w.skillId}`;
    const patch = await t.fetch(skill, { ...jsonBody({ instructions: 'v2' }, auth(w.owner.session)), method: 'PATCH' });
    expect(patch.status).toBe(200);
    const published = await t.fetch(`${skill}/versions/2/publish`, { method: 'POST', headers: auth(w.owner.session) });
    expect(published.status).toBe(200);
    expect((await json(published)).published_version).toBe(2);
    for (const bad of ['0', '-1', '1.5', 'abc', '9999999999', '%20']) {
      const res = await t.fetch(`${skill}/versions/${bad}/publish`, { method: 'POST', headers: auth(w.owner.session) });
      expect(res.status, bad).toBe(400);
      expect((await json(res)).errors[0].field).toBe('path.version');
    }
    expect(
      (await t.fetch(`${skill}/versions/7/publish`, { method: 'POST', headers: auth(w.owner.session) })).status,
    ).toBe(404);
  });
});

describe('run events', () => {
  let w: RunWorld;
  beforeAll(async () => {
    w = await runWorld(t);
  });

  it('match their schemas, for every event type a run emits', async () => {
    const m = `events-${Date.now()}`;
    llm.script(m, [
      // A model may name a tool that does not exist; the event stream must still match the document.
      { toolCalls: [{ name: 'no_such_tool', arguments: { x: 1 } }] },
      { toolCalls: [{ name: 'ask_user', arguments: { question: 'Which currency?' } }] },
      { toolCalls: [{ name: 'run_shell', arguments: { command: 'echo hello-events' } }] },
      { text: 'Done.', inputTokens: 10, outputTokens: 2 },
    ]);
    const { run_id } = await json(await startRun(w, { instructions: m }));
    await waitForStatus(w, run_id, ['waiting']);
    const answer = await t.fetch(
      `/api/v1/skill-runs/${run_id}/input`,
      jsonBody({ answer: 'EUR' }, auth(w.owner.session)),
    );
    expect(answer.status).toBe(202);
    await waitForStatus(w, run_id, ['completed', 'failed']);

    const failing = `events-failing-${Date.now()}`;
    llm.script(failing, [{ status: 400, body: '{"error":{"message":"bad request","type":"invalid_request_error"}}' }]);
    const failed = (await json(await startRun(w, { instructions: failing }))).run_id;
    await waitForStatus(w, failed, ['failed']);

    const events = [...(await readEvents(w, run_id)), ...(await readEvents(w, failed))];
    for (const event of events) {
      const parsed = SkillRunEventSchema.safeParse(event);
      expect(parsed.success, `${JSON.stringify(event)}: ${JSON.stringify(parsed.error?.issues)}`).toBe(true);
    }
    expect(new Set(events.map((e) => e.event))).toEqual(
      new Set(['status', 'console', 'tool_call', 'tool_result', 'message', 'usage', 'end']),
    );
    const statuses = events.filter((e) => e.event === 'status').map((e) => e.data);
    expect(statuses).toContainEqual({ status: 'waiting', question: 'Which currency?' });
    expect(statuses).toContainEqual(
      expect.objectContaining({ status: 'failed', error: expect.objectContaining({ type: 'MODEL_REQUEST_REJECTED' }) }),
    );
  });
});

async function readEvents(w: RunWorld, runId: string) {
  const res = await t.fetch(`/api/v1/skill-runs/${runId}/events`, { headers: auth(w.owner.session) });
  expect(res.headers.get('content-type')).toContain('text/event-stream');
  return (await res.text())
    .split('\n\n')
    .filter((block) => block.trim())
    .map((block) => {
      const field = (name: string) =>
        block
          .split('\n')
          .find((l) => l.startsWith(`${name}:`))
          ?.slice(name.length + 1)
          .trim() ?? '';
      return { id: field('id'), event: field('event'), data: JSON.parse(field('data') || 'null') };
    });
}
