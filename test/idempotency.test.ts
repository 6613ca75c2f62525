/** Idempotency-Key on creating POSTs, under concurrency. */
import { createHash, randomUUID } from 'node:crypto';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { auth, jsonBody, signedInUser, type TestUser } from './support/identity.ts';
import { createTestApp, json, type TestApp } from './support/test-app.ts';

let t: TestApp;
let user: TestUser;
beforeAll(async () => {
  t = await createTestApp({}, { worker: false });
  user = await signedInUser(t);
});
afterAll(() => t?.close());

it('creates exactly one object for 20 parallel POSTs with one key', async () => {
  const key = randomUUID();
  const responses = await Promise.all(
    Array.from({ length: 20 }, () =>
      t.fetch('/api/v1/workspaces', jsonBody({ name: 'Once' }, { ...auth(user.session), 'Idempotency-Key': key })),
    ),
  );
  expect(responses.map((r) => r.status)).toEqual(Array(20).fill(201));
  const ids = new Set(await Promise.all(responses.map(async (r) => (await json(r)).id)));
  expect(ids.size).toBe(1);
  expect(responses.filter((r) => r.headers.get('idempotent-replayed') === 'true')).toHaveLength(19);
  const count = await t.deps.prisma.workspace.count({ where: { name: 'Once' } });
  expect(count).toBe(1);
});

it('replays the first response and refuses the key with another body', async () => {
  const key = randomUUID();
  const headers = { ...auth(user.session), 'Idempotency-Key': key };
  const first = await t.fetch('/api/v1/workspaces', jsonBody({ name: 'First' }, headers));
  const again = await t.fetch('/api/v1/workspaces', jsonBody({ name: 'First' }, headers));
  expect(again.status).toBe(201);
  expect(again.headers.get('idempotent-replayed')).toBe('true');
  expect(await json(again)).toEqual(await json(first));
  const other = await t.fetch('/api/v1/workspaces', jsonBody({ name: 'Second' }, headers));
  expect(other.status).toBe(409);
  expect((await json(other)).type).toBe('IDEMPOTENCY_KEY_REUSED');
});

it('keeps keys apart per user', async () => {
  const key = randomUUID();
  const someone = await signedInUser(t);
  const a = await json(
    await t.fetch('/api/v1/workspaces', jsonBody({ name: 'A' }, { ...auth(user.session), 'Idempotency-Key': key })),
  );
  const b = await json(
    await t.fetch('/api/v1/workspaces', jsonBody({ name: 'A' }, { ...auth(someone.session), 'Idempotency-Key': key })),
  );
  expect(a.id).not.toBe(b.id);
});

it('keeps a keyed fingerprint of the body at rest, not a hash that a dump could be checked against', async () => {
  const key = randomUUID();
  const body = JSON.stringify({ name: `Fingerprint ${key}` });
  const headers = { ...auth(user.session), 'Idempotency-Key': key, 'Content-Type': 'application/json' };
  const first = await t.fetch('/api/v1/workspaces', { method: 'POST', headers, body });
  expect(first.status).toBe(201);
  const row = await t.deps.prisma.idempotencyKey.findFirstOrThrow({ where: { key } });
  const plain = createHash('sha256').update(`POST /api/v1/workspaces\n${body}`).digest('hex');
  expect(row.requestHash).not.toContain(plain);
  expect(row.requestHash).toMatch(/^h1:[0-9a-f]{64}$/);
  // The keyed fingerprint still recognises the same request.
  const again = await t.fetch('/api/v1/workspaces', { method: 'POST', headers, body });
  expect(again.headers.get('idempotent-replayed')).toBe('true');
});

it('still recognises a retry of a key claimed with the older, unkeyed fingerprint', async () => {
  const key = randomUUID();
  const body = JSON.stringify({ name: `Legacy ${key}` });
  const headers = { ...auth(user.session), 'Idempotency-Key': key, 'Content-Type': 'application/json' };
  const first = await t.fetch('/api/v1/workspaces', { method: 'POST', headers, body });
  const plain = createHash('sha256').update(`POST /api/v1/workspaces\n${body}`).digest('hex');
  await t.deps.prisma.idempotencyKey.updateMany({ where: { key }, data: { requestHash: plain } });
  const again = await t.fetch('/api/v1/workspaces', { method: 'POST', headers, body });
  expect(again.status).toBe(201);
  expect(again.headers.get('idempotent-replayed')).toBe('true');
  expect(await json(again)).toEqual(await json(first));
});
