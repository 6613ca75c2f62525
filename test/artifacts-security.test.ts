/**
 * Artifacts against hostile input and other tenants, through HTTP: path tricks on the raw-file routes (sent as raw
 * request targets, the way a hostile client sends them), other workspaces' ids, roles and API-key scopes.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { artifactForm, rawGet } from './support/artifacts.ts';
import { storedBlobs } from './support/files.ts';
import {
  addMember,
  auth,
  createApiKey,
  createWorkspace,
  jsonBody,
  signedInUser,
  type TestUser,
} from './support/identity.ts';
import { createTestApp, json, type TestApp } from './support/test-app.ts';

let t: TestApp;
let owner: TestUser;
let stranger: TestUser;
let viewer: TestUser;
let ws: string;
let projectId: string;
let artifactId: string;
let token: string;

const publish = (who: string, fields: Record<string, string>) =>
  t.fetch('/api/v1/artifacts', {
    method: 'POST',
    headers: auth(who),
    body: artifactForm(fields, [
      { name: 'index.html', content: '<script src="assets/a.js"></script>' },
      { name: 'assets/a.js', content: 'void 0' },
    ]),
  });

beforeAll(async () => {
  t = await createTestApp();
  owner = await signedInUser(t);
  stranger = await signedInUser(t);
  viewer = await signedInUser(t);
  ws = await createWorkspace(t, owner);
  await createWorkspace(t, stranger, 'Other');
  await addMember(t, owner, ws, viewer, 'viewer');
  projectId = (
    await json(await t.fetch('/api/v1/projects', jsonBody({ workspace_id: ws, name: 'P' }, auth(owner.session))))
  ).id;
  const res = await publish(owner.session, { project_id: projectId, path: 'site/index.html' });
  expect(res.status).toBe(201);
  artifactId = (await json(res)).id;
  const opened = await json(
    await t.fetch('/api/v1/artifacts/open', jsonBody({ artifact_id: artifactId }, auth(owner.session))),
  );
  token = new URL(opened.url).pathname.split('/')[5]!;
});
afterAll(async () => {
  await t?.close();
});

describe('path tricks on raw files', () => {
  const serve = (rest: string) => `/api/v1/artifacts/serve/${projectId}/${rest}`;
  const view = (rest: string) => `/api/v1/artifacts/view/${token}/${rest}`;
  // `%2e%2e` segments are dot segments to the URL parser, resolved before routing (so never reach a handler): they
  // lead to a path no artifact holds. Everything else reaches the handler and is refused naming `path.path`.
  const tricks: Array<[string, string, number]> = [
    ['encoded slashes around ..', 'site/..%2F..%2F..%2Fetc%2Fpasswd', 400],
    ['dot segments encoded as %2e%2e', 'site/%2e%2e/%2e%2e/%2e%2e/etc/passwd', 404],
    ['mixed-case encoded dots', 'site/%2E%2e%2fsecret', 400],
    ['an absolute path', '%2Fetc%2Fpasswd', 400],
    ['backslashes', 'site%5C..%5C..%5Cindex.html', 400],
    ['a NUL byte', 'site/index.html%00.png', 400],
    ['a NUL byte alone', '%00', 400],
    ['a line feed', 'site/in%0Adex.html', 400],
    ['a carriage return', '%0D%C2%9Aindex.html', 400],
    ['a very long path', `${'a/'.repeat(2100)}x.html`, 400],
    ['a name over 255 bytes', `site/${'n'.repeat(300)}.html`, 400],
  ];

  it.each(tricks)('refuses %s with a problem, never the file or a 500', async (_, rest, status) => {
    for (const target of [serve(rest), view(rest)]) {
      const res = await rawGet(t, target, auth(owner.session));
      expect(res.status, `${target}: ${res.body}`).toBe(status);
      expect(res.headers['content-type']).toBe('application/problem+json');
      const problem = JSON.parse(res.body);
      if (status === 400) expect(problem.errors.map((e: { field: string }) => e.field)).toContain('path.path');
    }
  });

  it('serves the same file however its slashes are sent, and nothing outside the artifact', async () => {
    for (const rest of ['site/index.html', 'site%2Findex.html', 'site//./index.html']) {
      const res = await rawGet(t, serve(rest), auth(owner.session));
      expect(res.status, rest).toBe(200);
      expect(res.body).toContain('assets/a.js');
    }
    // Plain `..` segments are resolved by the server's URL parser before routing: they can only lead to another route.
    const res = await rawGet(t, serve('site/../../../../openapi.json'), auth(owner.session));
    expect(res.status).toBe(404);
    expect(res.headers['content-type']).toBe('application/problem+json');
  });
});

describe('other workspaces, roles and scopes', () => {
  it('answers 404 to another workspace for every artifact operation, and stores nothing for it', async () => {
    const before = await storedBlobs(t, ws);
    const s = auth(stranger.session);
    const cases: Array<[string, RequestInit, string | undefined]> = [
      [`/api/v1/artifacts?project_id=${projectId}`, { headers: s }, 'query.project_id'],
      [`/api/v1/artifacts/preview?project_id=${projectId}&path=site/index.html`, { headers: s }, 'query.project_id'],
      [`/api/v1/artifacts/${artifactId}`, { headers: s }, undefined],
      [`/api/v1/artifacts/${artifactId}`, { method: 'DELETE', headers: s }, undefined],
      [
        `/api/v1/artifacts/${artifactId}`,
        { method: 'PATCH', headers: { ...s, 'Content-Type': 'application/json' }, body: '{"title":"x"}' },
        undefined,
      ],
      ['/api/v1/artifacts/open', jsonBody({ artifact_id: artifactId }, s), 'body.artifact_id'],
      [`/api/v1/artifacts/serve/${projectId}/site/index.html`, { headers: s }, undefined],
    ];
    for (const [path, init, field] of cases) {
      const res = await t.fetch(path, init);
      const body = await json(res);
      expect(res.status, `${init.method ?? 'GET'} ${path}`).toBe(404);
      if (field) expect(body.errors[0].field).toBe(field);
    }
    const intrude = await publish(stranger.session, { project_id: projectId, path: 'site/index.html' });
    expect(intrude.status).toBe(404);
    expect((await json(intrude)).errors[0].field).toBe('body.project_id');
    expect(await storedBlobs(t, ws)).toEqual(before);
    const own = await json(await t.fetch(`/api/v1/artifacts/${artifactId}`, { headers: auth(owner.session) }));
    expect(own).toMatchObject({ version: 1, title: 'site' });
  });

  it('lets a viewer read but not write, and holds API keys to their scopes', async () => {
    const v = auth(viewer.session);
    expect((await t.fetch(`/api/v1/artifacts/serve/${projectId}/site/index.html`, { headers: v })).status).toBe(200);
    expect((await t.fetch(`/api/v1/artifacts?project_id=${projectId}`, { headers: v })).status).toBe(200);
    const refused = await publish(viewer.session, { project_id: projectId, path: 'site/index.html' });
    expect(refused.status).toBe(403);
    expect((await json(refused)).detail).toContain('ARTIFACTS_WRITE');
    expect((await t.fetch(`/api/v1/artifacts/${artifactId}`, { method: 'DELETE', headers: v })).status).toBe(403);

    const reader = await createApiKey(t, owner, { workspace_id: ws, scopes: ['artifacts:read'] });
    expect(
      (await t.fetch(`/api/v1/artifacts/serve/${projectId}/site/assets/a.js`, { headers: auth(reader) })).status,
    ).toBe(200);
    expect((await publish(reader, { project_id: projectId, path: 'site/index.html' })).status).toBe(403);
    const files = await createApiKey(t, owner, { workspace_id: ws, scopes: ['files:read'] });
    expect(
      (await t.fetch(`/api/v1/artifacts/serve/${projectId}/site/index.html`, { headers: auth(files) })).status,
    ).toBe(403);
    const writer = await createApiKey(t, owner, { workspace_id: ws, scopes: ['artifacts:write'] });
    expect((await publish(writer, { project_id: projectId, path: 'site/index.html' })).status).toBe(200);
  });
});
