/** Skills and their versions through HTTP. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addMember, auth, createWorkspace, jsonBody, signedInUser, type TestUser } from './support/identity.ts';
import { createTestApp, json, type TestApp } from './support/test-app.ts';

let t: TestApp;
let owner: TestUser;
let ws: string;
beforeAll(async () => {
  t = await createTestApp({}, { worker: false });
  owner = await signedInUser(t);
  ws = await createWorkspace(t, owner);
});
afterAll(() => t?.close());

const create = (body: Record<string, unknown>, who = owner) =>
  t.fetch('/api/v1/skills', jsonBody({ workspace_id: ws, ...body }, auth(who.session)));
const patch = (id: string, body: Record<string, unknown>, who = owner) =>
  t.fetch(`/api/v1/skills/${id}`, { ...jsonBody(body, auth(who.session)), method: 'PATCH' });

describe('skills', () => {
  it('creates a published version 1 and refuses a duplicate name with SKILL_NAME_EXISTS', async () => {
    const res = await create({ name: 'weekly-report', description: 'Weekly', tools: ['read_file', 'run_python'] });
    expect(res.status).toBe(201);
    const skill = await json(res);
    expect(skill).toMatchObject({
      name: 'weekly-report',
      version: 1,
      published_version: 1,
      tools: ['read_file', 'run_python'],
    });
    const dup = await create({ name: 'weekly-report', description: 'Again' });
    expect(dup.status).toBe(409);
    expect((await json(dup)).type).toBe('SKILL_NAME_EXISTS');
  });

  it('rejects names that are not kebab-case and unknown tools, naming the field', async () => {
    const bad = await json(await create({ name: 'Weekly Report', description: 'x', tools: ['sql_query'] }));
    expect(bad.type).toBe('VALIDATION_FAILED');
    const fields = bad.errors.map((e: { field: string }) => e.field);
    expect(fields).toContain('body.name');
    expect(fields.some((f: string) => f.startsWith('body.tools'))).toBe(true);
  });

  it('keeps the published version while a draft is edited, then publishes it', async () => {
    const skill = await json(await create({ name: 'drafty', description: 'v1', instructions: 'one' }));
    const updated = await json(await patch(skill.id, { instructions: 'two' }));
    expect(updated).toMatchObject({ version: 2, published_version: 1, instructions: 'two', description: 'v1' });

    const versions = await json(await t.fetch(`/api/v1/skills/${skill.id}/versions`, { headers: auth(owner.session) }));
    expect(versions.data.map((v: { version: number; stage: string }) => [v.version, v.stage])).toEqual([
      [2, 'draft'],
      [1, 'published'],
    ]);
    expect(versions.data[1].instructions).toBe('one');

    const published = await t.fetch(`/api/v1/skills/${skill.id}/versions/2/publish`, {
      method: 'POST',
      headers: auth(owner.session),
    });
    expect((await json(published)).published_version).toBe(2);
    const missing = await t.fetch(`/api/v1/skills/${skill.id}/versions/9/publish`, {
      method: 'POST',
      headers: auth(owner.session),
    });
    expect(missing.status).toBe(404);
  });

  it('lets only instance administrators create global skills, visible from other workspaces', async () => {
    const denied = await create({ name: 'global-one', description: 'g', is_global: true });
    expect(denied.status).toBe(403);
    const admin = await signedInUser(t, { isAdmin: true });
    const adminWs = await createWorkspace(t, admin, 'Admin');
    const res = await t.fetch(
      '/api/v1/skills',
      jsonBody({ workspace_id: adminWs, name: 'global-one', description: 'g', is_global: true }, auth(admin.session)),
    );
    expect(res.status).toBe(201);
    const global = await json(res);
    const list = await json(await t.fetch(`/api/v1/skills?workspace_id=${ws}`, { headers: auth(owner.session) }));
    expect(list.data.map((s: { id: string }) => s.id)).toContain(global.id);
    expect((await t.fetch(`/api/v1/skills/${global.id}`, { headers: auth(owner.session) })).status).toBe(200);
    expect((await patch(global.id, { description: 'mine now' })).status).toBe(404);
  });

  it('lets a member edit but not publish', async () => {
    const member = await signedInUser(t);
    await addMember(t, owner, ws, member, 'member');
    const skill = await json(await create({ name: 'team-skill', description: 'x' }));
    expect((await patch(skill.id, { description: 'y' }, member)).status).toBe(200);
    const publish = await patch(skill.id, { description: 'z', publish: true }, member);
    expect(publish.status).toBe(403);
    expect((await json(publish)).detail).toContain('SKILLS_PUBLISH');
  });

  it('deletes a skill', async () => {
    const skill = await json(await create({ name: 'short-lived', description: 'x' }));
    const del = await t.fetch(`/api/v1/skills/${skill.id}`, { method: 'DELETE', headers: auth(owner.session) });
    expect(del.status).toBe(204);
    expect((await t.fetch(`/api/v1/skills/${skill.id}`, { headers: auth(owner.session) })).status).toBe(404);
  });

  it('answers concurrent reads of many skills each with its own skill, and an unknown one with 404', async () => {
    const made: { id: string; description: string }[] = [];
    for (let i = 0; i < 6; i++) {
      made.push(await json(await create({ name: `many-${i}`, description: `many ${i}`, instructions: `do ${i}` })));
    }
    const [first, , edited] = made as [(typeof made)[0], (typeof made)[0], (typeof made)[0]];
    await patch(edited.id, { instructions: 'edited' });
    const ids = [...made.map((s) => s.id), first.id, 'skill_00000000000000000000000000'];
    const answers = await Promise.all(
      ids.map((id) => t.fetch(`/api/v1/skills/${id}`, { headers: auth(owner.session) })),
    );
    expect(answers.map((r) => r.status)).toEqual([200, 200, 200, 200, 200, 200, 200, 404]);
    const bodies = await Promise.all(answers.slice(0, 7).map((r) => json(r)));
    expect(bodies.map((b) => [b.id, b.description])).toEqual(
      ids.slice(0, 7).map((id) => [id, made.find((s) => s.id === id)?.description]),
    );
    expect(bodies[2]).toMatchObject({ version: 2, instructions: 'edited', published_version: 1 });
    expect(bodies[3]).toMatchObject({ version: 1, instructions: 'do 3' });
  });
});
