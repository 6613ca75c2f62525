/**
 * Projects, conversations, items and memories through HTTP: what the model is shown at the start of a turn (goal,
 * project skills and their tools, memories of the right scope), item pagination both ways, other workspaces' objects,
 * and deleting a project with everything in it.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newId } from '../src/lib/ids.ts';
import type { FakeLlm } from './support/fake-llm.ts';
import { upload } from './support/files.ts';
import { auth, createWorkspace, signedInUser, type TestUser } from './support/identity.ts';
import { json, type TestApp } from './support/test-app.ts';
import { createTestAppWithModel } from './support/test-app-with-model.ts';

let t: TestApp;
let llm: FakeLlm;
let owner: TestUser;
let ws: string;

beforeAll(async () => {
  ({ t, llm } = await createTestAppWithModel({
    OPENAI_API_KEY: 'k',
    RATE_LIMIT_DEFAULT_PER_MINUTE: '100000',
  }));
  owner = await signedInUser(t);
  ws = await createWorkspace(t, owner);
});
afterAll(async () => {
  await t?.close();
});

const send = async (method: string, path: string, body?: unknown, who: TestUser = owner) => {
  const res = await t.fetch(path, {
    method,
    headers: { ...auth(who.session), ...(body ? { 'Content-Type': 'application/json' } : {}) },
    ...(body ? { body: JSON.stringify(body) } : {}),
  });
  return { status: res.status, body: res.status === 204 ? null : await json(res) };
};
const create = async (path: string, body: object) => {
  const res = await send('POST', path, { workspace_id: ws, ...body });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body;
};
/** One finished turn (stream: false). */
const turn = async (conversationId: string, input: string, extra: object = {}) => {
  const res = await send('POST', '/api/v1/responses', {
    conversation_id: conversationId,
    input,
    stream: false,
    ...extra,
  });
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return res.body;
};
const systemOf = (request: { messages: Array<{ role: string; content: unknown }> } | undefined) =>
  String(request?.messages.find((m) => m.role === 'system')?.content ?? '');

describe('projects', () => {
  it('creates, lists, updates and validates projects', async () => {
    const skill = await create('/api/v1/skills', { name: `s-${Date.now()}`, description: 'd', tools: ['run_python'] });
    // A connection row is enough to name one (test/connectors.test.ts creates them through the API).
    const conn = await t.deps.prisma.connection.create({
      data: { id: newId('conn'), workspaceId: ws, specId: 'notion', name: 'wiki', status: 'pending' },
    });
    const p = await create('/api/v1/projects', {
      name: 'Sales Automation',
      description: 'Weekly reporting flows',
      connector_ids: [conn.id],
      skill_ids: [skill.id],
    });
    expect(p).toMatchObject({ name: 'Sales Automation', connector_ids: [conn.id], skill_ids: [skill.id] });
    expect(p.id).toMatch(/^proj_/);
    const list = await send('GET', `/api/v1/projects?workspace_id=${ws}`);
    expect(list.body.data.map((x: { id: string }) => x.id)).toContain(p.id);
    const patched = await send('PATCH', `/api/v1/projects/${p.id}`, { skill_ids: [], name: 'Renamed' });
    expect(patched.body).toMatchObject({ name: 'Renamed', skill_ids: [], description: 'Weekly reporting flows' });

    const unknownSkill = await send('POST', '/api/v1/projects', {
      workspace_id: ws,
      name: 'x',
      skill_ids: ['skill_nope'],
    });
    expect(unknownSkill.status).toBe(404);
    expect(unknownSkill.body.errors[0].field).toBe('body.skill_ids[0]');
    for (const bad of [{ name: '' }, { name: 'x', extra: 1 }, { name: 'x\u0000' }, { name: 'x', skill_ids: 'nope' }]) {
      expect((await send('POST', '/api/v1/projects', { workspace_id: ws, ...bad })).status).toBe(400);
    }
  });
});

describe('what the model sees', () => {
  it("shows the goal, the project's skills and tools, and memories of the right scope", async () => {
    const m = `context-${randomUUID()}`;
    const script = llm.script(m, [{ text: 'Understood.' }]);
    const skill = await create('/api/v1/skills', {
      name: `weekly-${Date.now()}`,
      description: 'Weekly report',
      instructions: 'Always start with an executive summary.',
      tools: ['run_python', 'ask_user'],
    });
    const project = await create('/api/v1/projects', { name: 'Reports', skill_ids: [skill.id] });
    const other = await create('/api/v1/projects', { name: 'Other' });
    const globalFact = await create('/api/v1/memories', { content: `Global fact ${m}` });
    await create('/api/v1/memories', { content: `Project fact ${m}`, project_id: project.id });
    await create('/api/v1/memories', { content: `Other project fact ${m}`, project_id: other.id });
    const conv = await create('/api/v1/conversations', { project_id: project.id, goal: 'Analyse Q2 revenue' });

    const r = await turn(conv.id, `Hello ${m}`);
    expect(r.output_text).toBe('Understood.');
    const system = systemOf(script.requests[0]);
    expect(system).toContain('Analyse Q2 revenue');
    expect(system).toContain('Always start with an executive summary.');
    expect(system).toContain(`Global fact ${m}`);
    expect(system).toContain(`Project fact ${m}`);
    expect(system).not.toContain(`Other project fact ${m}`);
    const tools = (script.requests[0]?.tools ?? []).map((x) => (x as { function: { name: string } }).function.name);
    // In a project, an agent that can write files may also publish them as an artifact.
    expect(tools.sort()).toEqual(['publish_artifact', 'remember', 'run_python', 'write_scratchpad_cell']);

    // Memories are listed by scope: global without project_id, a project's with it; filtered by source.
    const global = await send('GET', `/api/v1/memories?workspace_id=${ws}`);
    expect(global.body.data.map((x: { content: string }) => x.content)).toContain(`Global fact ${m}`);
    expect(global.body.data.map((x: { content: string }) => x.content)).not.toContain(`Project fact ${m}`);
    const scoped = await send('GET', `/api/v1/memories?project_id=${project.id}&source=user`);
    expect(scoped.body.data.map((x: { content: string }) => x.content)).toEqual([`Project fact ${m}`]);
    const mem = scoped.body.data[0];
    expect((await send('PATCH', `/api/v1/memories/${mem.id}`, { content: 'Changed' })).body.content).toBe('Changed');
    expect((await send('DELETE', `/api/v1/memories/${mem.id}`)).status).toBe(204);
    expect((await send('GET', `/api/v1/memories/${mem.id}`)).status).toBe(404);
    // Every later turn in the workspace would see it (and the scripted model would pick this test's script).
    expect((await send('DELETE', `/api/v1/memories/${globalFact.id}`)).status).toBe(204);
  });
});

describe('conversations and items', () => {
  it('lists items in both directions with before/after, filters conversations, archives and deletes', async () => {
    const m = `items-${randomUUID()}`;
    llm.script(m, [{ text: 'one' }, { text: 'two' }, { text: 'three' }]);
    const conv = await create('/api/v1/conversations', {});
    expect(conv).toMatchObject({ title: null, status: 'active', project_id: null });
    await turn(conv.id, `first ${m}`);
    await turn(conv.id, 'second');
    await turn(conv.id, 'third');
    const all = await send('GET', `/api/v1/conversations/${conv.id}/items`);
    const texts = all.body.data.map((i: { content: Array<{ text: string }> }) => i.content[0]!.text);
    expect(texts).toEqual([`first ${m}`, 'one', 'second', 'two', 'third', 'three']);
    expect(all.body.data[0]).toMatchObject({ type: 'message', role: 'user' });
    expect(all.body.data[1]).toMatchObject({ type: 'message', role: 'assistant', status: 'completed' });

    const page1 = await send('GET', `/api/v1/conversations/${conv.id}/items?limit=2`);
    expect(page1.body.has_more).toBe(true);
    const page2 = await send('GET', `/api/v1/conversations/${conv.id}/items?limit=2&after=${page1.body.last_id}`);
    expect(page2.body.data.map((i: { id: string }) => i.id)).toEqual(
      all.body.data.slice(2, 4).map((i: { id: string }) => i.id),
    );
    const desc = await send('GET', `/api/v1/conversations/${conv.id}/items?order=desc&limit=2`);
    expect(desc.body.data.map((i: { id: string }) => i.id)).toEqual(
      all.body.data
        .slice(-2)
        .reverse()
        .map((i: { id: string }) => i.id),
    );
    const before = await send('GET', `/api/v1/conversations/${conv.id}/items?before=${all.body.data[2].id}`);
    expect(before.body.data.map((i: { id: string }) => i.id)).toEqual(
      all.body.data.slice(0, 2).map((i: { id: string }) => i.id),
    );
    expect((await send('GET', `/api/v1/conversations/${conv.id}/items?after=msg_nope`)).status).toBe(400);

    const titled = await send('GET', `/api/v1/conversations/${conv.id}`);
    expect(titled.body.title).toBe(`first ${m}`);
    const archived = await send('PATCH', `/api/v1/conversations/${conv.id}`, { status: 'archived', goal: 'done' });
    expect(archived.body).toMatchObject({ status: 'archived', goal: 'done' });
    const listed = await send('GET', `/api/v1/conversations?workspace_id=${ws}&status=archived`);
    expect(listed.body.data.map((c: { id: string }) => c.id)).toEqual([conv.id]);

    expect((await send('DELETE', `/api/v1/conversations/${conv.id}`)).status).toBe(204);
    expect((await send('GET', `/api/v1/conversations/${conv.id}`)).status).toBe(404);
    expect(await t.deps.prisma.conversationItem.count({ where: { conversationId: conv.id } })).toBe(0);
    expect(await t.deps.prisma.response.count({ where: { conversationId: conv.id } })).toBe(0);
  });

  it("hides another workspace's projects, conversations, responses and memories (404) and needs credentials", async () => {
    const m = `tenant-${randomUUID()}`;
    llm.script(m, [{ text: 'secret answer' }]);
    const project = await create('/api/v1/projects', { name: 'Private' });
    const conv = await create('/api/v1/conversations', { project_id: project.id });
    const mem = await create('/api/v1/memories', { content: 'private fact' });
    const r = await turn(conv.id, m);
    const stranger = await signedInUser(t);
    const theirs = await createWorkspace(t, stranger, 'Theirs');
    for (const path of [
      `/api/v1/projects/${project.id}`,
      `/api/v1/conversations/${conv.id}`,
      `/api/v1/conversations/${conv.id}/items`,
      `/api/v1/responses/${r.id}`,
      `/api/v1/responses/${r.id}?stream=true`,
      `/api/v1/responses/in-flight?conversation_id=${conv.id}`,
      `/api/v1/memories/${mem.id}`,
      `/api/v1/memories?project_id=${project.id}`,
    ]) {
      const res = await send('GET', path, undefined, stranger);
      expect(res.status, path).toBe(404);
      expect((await t.fetch(path)).status, path).toBe(401);
    }
    const into = await send(
      'POST',
      '/api/v1/responses',
      { conversation_id: conv.id, input: 'x', workspace_id: theirs },
      stranger,
    );
    expect(into.status).toBe(404);
    const cancel = await send('POST', `/api/v1/responses/${r.id}/cancel`, undefined, stranger);
    expect(cancel.status).toBe(404);
    const asMemory = await send('POST', '/api/v1/memories', { content: 'x', project_id: project.id }, stranger);
    expect(asMemory.status).toBe(404);
  });
});

describe('deleting a project', () => {
  it('deletes its conversations (items, responses, their runs), memories, files and schedules', async () => {
    const m = `cascade-${randomUUID()}`;
    llm.script(m, [{ text: 'kept until the project goes' }]);
    const project = await create('/api/v1/projects', { name: 'Doomed' });
    const conv = await create('/api/v1/conversations', { project_id: project.id });
    const r = await turn(conv.id, m);
    const mem = await create('/api/v1/memories', { content: 'doomed fact', project_id: project.id });
    const file = await upload(t, owner.session, {
      name: 'doomed.txt',
      content: 'x',
      fields: { workspace_id: ws, path: 'doomed', project_id: project.id },
    });
    expect(file.status).toBe(201);
    const fileId = (await json(file)).id;
    const runId = (await t.deps.prisma.response.findUniqueOrThrow({ where: { id: r.id } })).runId;
    const schedule = await create('/api/v1/schedules', {
      name: 'doomed digest',
      prompt: 'digest',
      project_id: project.id,
      cron_expression: '0 9 * * 1',
    });
    const keep = await create('/api/v1/conversations', {});
    const res = await send('DELETE', `/api/v1/projects/${project.id}`);
    expect(res.status).toBe(204);
    for (const path of [
      `/api/v1/projects/${project.id}`,
      `/api/v1/conversations/${conv.id}`,
      `/api/v1/responses/${r.id}`,
      `/api/v1/memories/${mem.id}`,
      `/api/v1/files/${fileId}`,
      `/api/v1/schedules/${schedule.id}`,
    ]) {
      expect((await send('GET', path)).status, path).toBe(404);
    }
    expect((await send('GET', `/api/v1/conversations/${keep.id}`)).status).toBe(200);
    // The turn's run went with it, so it does not linger in the skill-run list or the workspace's limits.
    expect(await t.deps.prisma.skillRun.count({ where: { id: runId } })).toBe(0);
    expect((await send('DELETE', `/api/v1/projects/${project.id}`)).status).toBe(404);
    // Files now take only real projects.
    const orphan = await upload(t, owner.session, {
      name: 'orphan.txt',
      content: 'x',
      fields: { workspace_id: ws, path: 'orphans', project_id: project.id },
    });
    expect(orphan.status).toBe(404);
  });
});

describe('prompt schedules', () => {
  it("appends a turn to the schedule's conversation at each tick, or starts a new one in its project", async () => {
    const m = `digest-${randomUUID()}`;
    llm.script(m, [{ text: 'Digest one.' }, { text: 'Digest two.' }]);
    const project = await create('/api/v1/projects', { name: 'Digests' });
    const conv = await create('/api/v1/conversations', { project_id: project.id });
    const schedule = await create('/api/v1/schedules', {
      name: 'weekly digest',
      prompt: `Weekly digest ${m}`,
      conversation_id: conv.id,
      cron_expression: '0 9 * * 1',
    });
    const assistantTexts = async (conversationId: string) =>
      (await send('GET', `/api/v1/conversations/${conversationId}/items`)).body.data
        .filter((i: { role?: string }) => i.role === 'assistant')
        .map((i: { content: Array<{ text: string }> }) => i.content[0]!.text);
    expect((await send('POST', `/api/v1/schedules/${schedule.id}/trigger`)).status).toBe(202);
    await expect.poll(() => assistantTexts(conv.id), { timeout: 20_000 }).toEqual(['Digest one.']);
    expect((await send('POST', `/api/v1/schedules/${schedule.id}/trigger`)).status).toBe(202);
    await expect.poll(() => assistantTexts(conv.id), { timeout: 20_000 }).toEqual(['Digest one.', 'Digest two.']);
    const s = (await send('GET', `/api/v1/schedules/${schedule.id}`)).body;
    expect(s.run_count).toBe(2);
    expect(s.last_run_at).not.toBeNull();

    const n = `fresh-${randomUUID()}`;
    llm.script(n, [{ text: 'Fresh digest.' }]);
    const fresh = await create('/api/v1/schedules', {
      name: 'fresh digest',
      prompt: `Fresh digest ${n}`,
      project_id: project.id,
      cron_expression: '0 9 * * 1',
    });
    expect((await send('POST', `/api/v1/schedules/${fresh.id}/trigger`)).status).toBe(202);
    const inProject = async () =>
      (await send('GET', `/api/v1/conversations?workspace_id=${ws}&project_id=${project.id}`)).body.data.map(
        (c: { id: string }) => c.id,
      );
    await expect.poll(async () => (await inProject()).length, { timeout: 20_000 }).toBe(2);
    const created = (await inProject()).find((id: string) => id !== conv.id);
    await expect.poll(() => assistantTexts(created), { timeout: 20_000 }).toEqual(['Fresh digest.']);
  });
});

describe('limits', () => {
  it("counts turns' cost against the workspace budget and keeps their runs out of the skill-run API", async () => {
    const m = `budget-${randomUUID()}`;
    llm.script(m, [{ text: 'Costly.', inputTokens: 1_000_000, outputTokens: 1_000_000 }]);
    const other = await createWorkspace(t, owner, 'Budgeted');
    const conv = (await send('POST', '/api/v1/conversations', { workspace_id: other })).body;
    const first = await send('POST', '/api/v1/responses', {
      conversation_id: conv.id,
      input: m,
      stream: false,
      model: 'openai:gpt-4o-mini',
    });
    expect(first.body.status).toBe('completed');
    const spent = await send('PATCH', `/api/v1/workspaces/${other}`, { budget_usd: '0.01' });
    expect(spent.status).toBe(200);
    const refused = await send('POST', '/api/v1/responses', {
      conversation_id: conv.id,
      input: 'more',
      stream: false,
      model: 'openai:gpt-4o-mini',
    });
    expect(refused.status).toBe(402);
    expect(refused.body.type).toBe('USAGE_INSUFFICIENT_CREDITS');
    // The turn is a run: it is counted with the workspace's runs (and hidden from the skill-run API).
    const runs = await send('GET', `/api/v1/skill-runs?workspace_id=${other}`);
    expect(runs.body.data).toEqual([]);
  });
});
