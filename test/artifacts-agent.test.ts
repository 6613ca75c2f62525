/**
 * The `publish_artifact` tool driven through real conversation turns (POST /api/v1/responses, the fake LLM, the
 * Temporal worker, the bubblewrap sandbox): the agent writes a folder under outputs/ and publishes it as an
 * artifact of the conversation's project; publishing again makes a new version; symlinks the sandbox planted, paths
 * that leave outputs/ and conversations without a project are refused to the model, never followed.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FakeLlm } from './support/fake-llm.ts';
import { auth, createWorkspace, jsonBody, signedInUser, type TestUser } from './support/identity.ts';
import { json, type TestApp } from './support/test-app.ts';
import { createTestAppWithModel } from './support/test-app-with-model.ts';

let t: TestApp;
let llm: FakeLlm;
let owner: TestUser;
let ws: string;
let projectId: string;
let skillId: string;

const post = async (path: string, body: object) => {
  const res = await t.fetch(path, jsonBody(body, auth(owner.session)));
  expect(res.status, path).toBeLessThan(300);
  return json(res);
};
const get = async (path: string) => json(await t.fetch(path, { headers: auth(owner.session) }));

/** One finished turn; returns the response and the tool results the model was given. */
async function turn(conversationId: string, marker: string) {
  const response = await post('/api/v1/responses', { conversation_id: conversationId, input: marker, stream: false });
  expect(response.status, JSON.stringify(response)).toBe('completed');
  return response;
}

/** The tool results of a turn's last model request, in order. */
const toolResults = (script: ReturnType<FakeLlm['script']>) =>
  (script.requests.at(-1)?.messages ?? []).filter((m) => m.role === 'tool').map((m) => String(m.content));

beforeAll(async () => {
  ({ t, llm } = await createTestAppWithModel({
    OPENAI_API_KEY: 'k',
    RATE_LIMIT_DEFAULT_PER_MINUTE: '100000',
  }));
  owner = await signedInUser(t);
  ws = await createWorkspace(t, owner);
  skillId = (
    await post('/api/v1/skills', {
      workspace_id: ws,
      name: `builder-${Date.now()}`,
      description: 'Builds dashboards',
      tools: ['write_file', 'run_shell'],
    })
  ).id;
  projectId = (await post('/api/v1/projects', { workspace_id: ws, name: 'Sales', skill_ids: [skillId] })).id;
});
afterAll(async () => {
  await t?.close();
});

describe('publish_artifact', () => {
  it('publishes what the agent wrote as an artifact of the project, and a new version when published again', async () => {
    const m = `publish-${randomUUID()}`;
    const script = llm.script(m, [
      {
        toolCalls: [
          {
            name: 'write_file',
            arguments: { path: 'dash/index.html', content: '<script src="assets/chart.js"></script>' },
          },
          { name: 'write_file', arguments: { path: 'dash/assets/chart.js', content: 'draw(1)' } },
        ],
      },
      {
        toolCalls: [
          { name: 'publish_artifact', arguments: { path: 'dash/index.html', title: 'Sales', type: 'dashboard' } },
        ],
      },
      { text: 'Your dashboard is ready.' },
    ]);
    const conv = await post('/api/v1/conversations', { project_id: projectId });
    const response = await turn(conv.id, `Build it ${m}`);
    const offered = (script.requests[0]?.tools ?? []).map((x) => (x as { function: { name: string } }).function.name);
    expect(offered).toContain('publish_artifact');
    const results = toolResults(script);
    expect(results.at(-1)).toMatch(
      /Published artifact art_\w+ "Sales" \(dashboard\) at dash\/index\.html: 2 file\(s\)/,
    );

    const list = await get(`/api/v1/artifacts?workspace_id=${ws}&conversation_id=${conv.id}`);
    expect(list.data).toHaveLength(1);
    const art = list.data[0];
    expect(art).toMatchObject({
      project_id: projectId,
      title: 'Sales',
      type: 'dashboard',
      path: 'dash/index.html',
      source: 'agent',
      conversation_id: conv.id,
      response_id: response.id,
      version: 1,
      file_count: 2,
    });
    const asset = await t.fetch(`/api/v1/artifacts/serve/${projectId}/dash/assets/chart.js`, {
      headers: auth(owner.session),
    });
    expect(await asset.text()).toBe('draw(1)');

    // A later turn (its own sandbox: it writes every file again) publishes again: same artifact, next version.
    const m2 = `republish-${randomUUID()}`;
    llm.script(m2, [
      {
        toolCalls: [
          {
            name: 'write_file',
            arguments: { path: 'dash/index.html', content: '<script src="assets/chart.js"></script>' },
          },
          { name: 'write_file', arguments: { path: 'dash/assets/chart.js', content: 'draw(2)' } },
        ],
      },
      { toolCalls: [{ name: 'publish_artifact', arguments: { path: 'outputs/dash/index.html', title: 'Sales v2' } }] },
      { text: 'Updated.' },
    ]);
    // Another conversation of the project (the fake model picks its script by the first marker it sees).
    const conv2 = await post('/api/v1/conversations', { project_id: projectId });
    const response2 = await turn(conv2.id, `Update it ${m2}`);
    const again = await get(`/api/v1/artifacts/${art.id}`);
    expect(again).toMatchObject({
      version: 2,
      title: 'Sales v2',
      type: 'dashboard',
      conversation_id: conv2.id,
      response_id: response2.id,
    });
    const updated = await t.fetch(`/api/v1/artifacts/serve/${projectId}/dash/assets/chart.js`, {
      headers: auth(owner.session),
    });
    expect(await updated.text()).toBe('draw(2)');
  });

  it('refuses symlinks the sandbox planted, paths out of outputs/ and bad input, telling the model why', async () => {
    const m = `hostile-${randomUUID()}`;
    const script = llm.script(m, [
      {
        toolCalls: [
          {
            name: 'run_shell',
            arguments: {
              command:
                'mkdir -p outputs/evil outputs/linkdir && echo hi > outputs/evil/index.html && ln -s /etc/passwd outputs/evil/passwd.txt && ln -s /etc outputs/linkdir/index.html',
            },
          },
        ],
      },
      {
        toolCalls: [
          { name: 'publish_artifact', arguments: { path: 'evil/index.html', title: 'Evil' } },
          { name: 'publish_artifact', arguments: { path: 'linkdir/index.html', title: 'Link' } },
          { name: 'publish_artifact', arguments: { path: '../context/index.html', title: 'Up' } },
          { name: 'publish_artifact', arguments: { path: 'index.html', title: 'Root' } },
          { name: 'publish_artifact', arguments: { path: 'missing/index.html', title: 'Missing' } },
          { name: 'publish_artifact', arguments: { path: 'evil/index.html', title: 'Bad', type: 'movie' } },
        ],
      },
      { text: 'I could not publish.' },
    ]);
    const conv = await post('/api/v1/conversations', { project_id: projectId });
    await turn(conv.id, `Try ${m}`);
    const results = toolResults(script).slice(1);
    expect(results[0]).toContain('outputs/evil/passwd.txt is a symbolic link');
    expect(results[1]).toContain('outputs/linkdir/index.html is a symbolic link');
    expect(results[2]).toContain('must not contain a ".." segment');
    expect(results[3]).toContain('must be inside a folder');
    expect(results[4]).toContain('outputs/missing is not a folder');
    expect(results[5]).toContain('type must be one of');
    expect((await get(`/api/v1/artifacts?workspace_id=${ws}&conversation_id=${conv.id}`)).data).toEqual([]);
  });

  it('is not offered outside a project, and refuses a call made anyway', async () => {
    const m = `noproject-${randomUUID()}`;
    const script = llm.script(m, [
      { toolCalls: [{ name: 'publish_artifact', arguments: { path: 'x/index.html', title: 'X' } }] },
      { text: 'ok' },
    ]);
    const conv = await post('/api/v1/conversations', { workspace_id: ws });
    await turn(conv.id, `Go ${m}`);
    const offered = (script.requests[0]?.tools ?? []).map((x) => (x as { function: { name: string } }).function.name);
    expect(offered).not.toContain('publish_artifact');
    expect(toolResults(script)[0]).toContain('not allowed');
  });
});
