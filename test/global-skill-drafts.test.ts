/**
 * Drafts of a global skill stay inside its own workspace: every other workspace sees, lists and runs only the
 * published version, and a global skill that was never published is invisible there.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { FakeLlm } from './support/fake-llm.ts';
import {
  addMember,
  auth,
  createApiKey,
  createWorkspace,
  jsonBody,
  signedInUser,
  type TestUser,
} from './support/identity.ts';
import { type RunWorld, waitForStatus } from './support/runs.ts';
import { json, type TestApp } from './support/test-app.ts';
import { createTestAppWithModel } from './support/test-app-with-model.ts';

let llm: FakeLlm;
let t: TestApp;
let admin: TestUser;
let home: string;
let outsider: TestUser;
let elsewhere: string;
let skillId: string;
const publishedMarker = `published-${randomUUID()}`;
const draftMarker = `draft-${randomUUID()}`;

beforeAll(async () => {
  ({ t, llm } = await createTestAppWithModel({ OPENAI_API_KEY: 'k' }));
  admin = await signedInUser(t, { isAdmin: true });
  home = await createWorkspace(t, admin, 'Home');
  outsider = await signedInUser(t);
  elsewhere = await createWorkspace(t, outsider, 'Elsewhere');
  const created = await t.fetch(
    '/api/v1/skills',
    jsonBody(
      { workspace_id: home, name: 'shared', description: 'v1', instructions: publishedMarker, is_global: true },
      auth(admin.session),
    ),
  );
  expect(created.status).toBe(201);
  skillId = (await json(created)).id;
  const draft = await t.fetch(`/api/v1/skills/${skillId}`, {
    method: 'PATCH',
    headers: { ...auth(admin.session), 'Content-Type': 'application/json' },
    body: JSON.stringify({ name: 'secret-rename', description: 'v2 draft', instructions: draftMarker }),
  });
  expect((await json(draft)).version).toBe(2);
});
afterAll(async () => {
  await t?.close();
});

const get = (path: string, secret: string) => t.fetch(path, { headers: auth(secret) });

it('shows another workspace the published version only, by id, in lists and in the version list', async () => {
  const key = await createApiKey(t, outsider, { workspace_id: elsewhere });
  for (const secret of [outsider.session, key]) {
    const skill = await json(await get(`/api/v1/skills/${skillId}`, secret));
    expect(skill).toMatchObject({ name: 'shared', description: 'v1', instructions: publishedMarker, version: 1 });
    expect(JSON.stringify(skill)).not.toContain(draftMarker);

    const list = await json(await get(`/api/v1/skills?workspace_id=${elsewhere}`, secret));
    const listed = list.data.find((s: { id: string }) => s.id === skillId);
    expect(listed).toMatchObject({ name: 'shared', instructions: publishedMarker, version: 1 });
    expect(JSON.stringify(list)).not.toContain(draftMarker);

    const versions = await json(await get(`/api/v1/skills/${skillId}/versions`, secret));
    expect(versions.data.map((v: { version: number; stage: string }) => [v.version, v.stage])).toEqual([
      [1, 'published'],
    ]);
    // A forged cursor does not reach past the published version either.
    const forged = Buffer.from('99').toString('base64url');
    const paged = await json(await get(`/api/v1/skills/${skillId}/versions?cursor=${forged}`, secret));
    expect(JSON.stringify(paged)).not.toContain(draftMarker);
  }
});

it('shows the draft inside the home workspace, to any member', async () => {
  const viewer = await signedInUser(t);
  await addMember(t, admin, home, viewer, 'viewer');
  const skill = await json(await get(`/api/v1/skills/${skillId}`, viewer.session));
  expect(skill).toMatchObject({ name: 'secret-rename', instructions: draftMarker, version: 2, published_version: 1 });
  const versions = await json(await get(`/api/v1/skills/${skillId}/versions`, viewer.session));
  expect(versions.data.map((v: { stage: string }) => v.stage)).toEqual(['draft', 'published']);
  // The same member, through a key bound to another workspace, is outside.
  const ws = await createWorkspace(t, viewer, 'Side');
  const bound = await createApiKey(t, viewer, { workspace_id: ws });
  expect((await json(await get(`/api/v1/skills/${skillId}`, bound))).instructions).toBe(publishedMarker);
});

it('runs the published version from another workspace even when the draft is asked for', async () => {
  const published = llm.script(publishedMarker, [{ text: 'ran published' }]);
  const draft = llm.script(draftMarker, [{ text: 'ran draft' }]);
  const w: RunWorld = { t, owner: outsider, ws: elsewhere, skillId };
  for (const stage of ['draft', 'published']) {
    const res = await t.fetch(
      '/api/v1/skill-runs',
      jsonBody({ workspace_id: elsewhere, skill_id: skillId, stage }, auth(outsider.session)),
    );
    expect(res.status).toBe(202);
    const run = await waitForStatus(w, (await json(res)).run_id, ['completed', 'failed']);
    expect(run).toMatchObject({ status: 'completed', skill_version: 1, skill_name: 'shared' });
  }
  expect(published.calls[0]).toBe(2);
  expect(draft.calls).toEqual([]);
});

it('hides a never-published global skill from other workspaces entirely', async () => {
  const created = await t.fetch(
    '/api/v1/skills',
    jsonBody(
      { workspace_id: home, name: 'unreleased', description: 'wip', is_global: true, publish: false },
      auth(admin.session),
    ),
  );
  const hidden = (await json(created)).id;
  expect((await get(`/api/v1/skills/${hidden}`, admin.session)).status).toBe(200);
  expect((await get(`/api/v1/skills/${hidden}`, outsider.session)).status).toBe(404);
  expect((await get(`/api/v1/skills/${hidden}/versions`, outsider.session)).status).toBe(404);
  const list = await json(await get(`/api/v1/skills?workspace_id=${elsewhere}&limit=100`, outsider.session));
  expect(list.data.map((s: { id: string }) => s.id)).not.toContain(hidden);
  for (const stage of ['draft', 'published']) {
    const run = await t.fetch(
      '/api/v1/skill-runs',
      jsonBody({ workspace_id: elsewhere, skill_id: hidden, stage }, auth(outsider.session)),
    );
    expect(run.status).toBe(404);
  }
  const schedule = await t.fetch(
    '/api/v1/schedules',
    jsonBody(
      { workspace_id: elsewhere, name: 'n', skill_id: hidden, cron_expression: '0 3 * * *' },
      auth(outsider.session),
    ),
  );
  expect(schedule.status).toBe(404);
});
