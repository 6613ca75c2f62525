/**
 * Two API processes (the real `src/server.ts` entry point) share one database. Each caches resolved credentials and
 * memberships; a revocation made through one must be refused by the other on the very next request, with no wait.
 */
import pg from 'pg';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createUser } from '../src/auth/users.ts';
import { auth, jsonBody } from './support/identity.ts';
import { type Spawned, spawnEntry } from './support/processes.ts';
import { apiProcessEnv, createTestApp, type TestApp } from './support/test-app.ts';

let t: TestApp;
let a: Spawned;
let b: Spawned;
let urlA: string;
let urlB: string;

async function startApi(): Promise<{ api: Spawned; url: string }> {
  const api = spawnEntry('src/server.ts', apiProcessEnv(t, { RATE_LIMIT_DEFAULT_PER_MINUTE: '100000' }));
  await api.waitFor(/"msg":"api listening"/);
  return { api, url: /"url":"(http:\/\/[^"]+)"/.exec(api.output())![1]! };
}

beforeAll(async () => {
  t = await createTestApp({}, { worker: false });
  [{ api: a, url: urlA }, { api: b, url: urlB }] = await Promise.all([startApi(), startApi()]);
});
afterAll(async () => {
  await Promise.all([a?.kill('SIGTERM'), b?.kill('SIGTERM')]);
  await t?.close();
});

const call = (base: string, path: string, init: RequestInit = {}) => fetch(new URL(path, base), init);
// biome-ignore lint/suspicious/noExplicitAny: test assertions read arbitrary JSON.
const body = async (res: Response): Promise<any> => res.json();

async function user(email: string) {
  const password = 'correct horse battery staple';
  await createUser(t.deps.prisma, { email, password });
  const res = await call(urlA, '/api/v1/auth/sessions', jsonBody({ email, password }));
  expect(res.status).toBe(201);
  return { email, session: (await body(res)).token as string };
}

/** Asks twice, so the answer is certainly cached in that process. */
async function twice(base: string, path: string, secret: string): Promise<number[]> {
  const first = await call(base, path, { headers: auth(secret) });
  const second = await call(base, path, { headers: auth(secret) });
  return [first.status, second.status];
}

it('refuses at once, in the other process, a revoked key, a removed member and an ended session', async () => {
  const owner = await user('owner@example.com');
  const member = await user('member@example.com');
  const ws = (await body(await call(urlA, '/api/v1/workspaces', jsonBody({ name: 'Acme' }, auth(owner.session))))).id;
  const added = await call(
    urlA,
    `/api/v1/workspaces/${ws}/members`,
    jsonBody({ email: member.email, role: 'member' }, auth(owner.session)),
  );
  expect(added.status).toBe(201);
  const key = await body(await call(urlA, '/api/v1/api-keys', jsonBody({ name: 'CI' }, auth(owner.session))));
  const wsPath = `/api/v1/workspaces/${ws}`;

  // The key: cached in B, revoked through A, refused by B on the next request.
  expect(await twice(urlB, wsPath, key.key)).toEqual([200, 200]);
  expect(
    (await call(urlA, `/api/v1/api-keys/${key.id}`, { method: 'DELETE', headers: auth(owner.session) })).status,
  ).toBe(204);
  expect((await call(urlB, wsPath, { headers: auth(key.key) })).status).toBe(401);

  // The membership: cached in B, removed through A.
  expect(await twice(urlB, wsPath, member.session)).toEqual([200, 200]);
  const removed = await call(urlA, `/api/v1/workspaces/${ws}/members/${await memberId(member.email)}`, {
    method: 'DELETE',
    headers: auth(owner.session),
  });
  expect(removed.status).toBe(204);
  expect((await call(urlB, wsPath, { headers: auth(member.session) })).status).toBe(404);

  // The session: cached in B, ended through A.
  expect(await twice(urlB, wsPath, owner.session)).toEqual([200, 200]);
  const out = await call(urlA, '/api/v1/auth/sessions/current', { method: 'DELETE', headers: auth(owner.session) });
  expect(out.status).toBe(204);
  expect((await call(urlB, wsPath, { headers: auth(owner.session) })).status).toBe(401);
});

it('does not trust its cache while its listening connection is down', async () => {
  const owner = await user('owner2@example.com');
  const ws = (await body(await call(urlA, '/api/v1/workspaces', jsonBody({ name: 'Beta' }, auth(owner.session))))).id;
  const key = await body(await call(urlA, '/api/v1/api-keys', jsonBody({ name: 'CI' }, auth(owner.session))));
  const wsPath = `/api/v1/workspaces/${ws}`;
  expect(await twice(urlB, wsPath, key.key)).toEqual([200, 200]);

  // Cut B's listener; the revocation's notification may then never reach B.
  const db = new pg.Client({ connectionString: t.databaseUrl });
  await db.connect();
  try {
    const cut = await db.query('SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = $1', [
      `skillplane-listener ${b.child.pid}`,
    ]);
    expect(cut.rowCount).toBe(1);
  } finally {
    await db.end();
  }
  expect(
    (await call(urlA, `/api/v1/api-keys/${key.id}`, { method: 'DELETE', headers: auth(owner.session) })).status,
  ).toBe(204);
  expect((await call(urlB, wsPath, { headers: auth(key.key) })).status).toBe(401);
  await b.waitFor(/notification listener lost; reconnecting/);
  expect(b.output()).not.toMatch(/uncaught exception|unhandled rejection/);
});

async function memberId(email: string): Promise<string> {
  const found = await t.deps.prisma.user.findUniqueOrThrow({ where: { email } });
  return found.id;
}
