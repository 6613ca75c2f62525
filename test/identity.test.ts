/** Users, sessions, API keys, memberships and their errors, through HTTP. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bootstrapAdmin } from '../src/auth/users.ts';
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
let ws: string;
beforeAll(async () => {
  t = await createTestApp({}, { worker: false });
  owner = await signedInUser(t);
  ws = await createWorkspace(t, owner);
});
afterAll(() => t?.close());

describe('sign-in', () => {
  it('rejects a wrong password with INVALID_CREDENTIALS', async () => {
    const res = await t.fetch('/api/v1/auth/sessions', jsonBody({ email: owner.email, password: 'nope' }));
    expect(res.status).toBe(401);
    expect(await json(res)).toMatchObject({ type: 'INVALID_CREDENTIALS', status: 401 });
  });

  it('names the bad field in a 400 problem', async () => {
    const res = await t.fetch('/api/v1/auth/sessions', jsonBody({ email: 'not-an-email', password: 'x', extra: 1 }));
    expect(res.status).toBe(400);
    expect(res.headers.get('content-type')).toBe('application/problem+json');
    const body = await json(res);
    expect(body.type).toBe('VALIDATION_FAILED');
    const fields = body.errors.map((e: { field: string }) => e.field);
    expect(fields).toContain('body.email');
    expect(fields).toContain('body.extra');
  });

  it('answers malformed JSON with MALFORMED_REQUEST and a wrong media type with 415', async () => {
    const malformed = await t.fetch('/api/v1/auth/sessions', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: '{"email":',
    });
    expect(malformed.status).toBe(400);
    expect((await json(malformed)).type).toBe('MALFORMED_REQUEST');
    const text = await t.fetch('/api/v1/auth/sessions', {
      method: 'POST',
      body: 'email=a',
      headers: { 'Content-Type': 'text/plain' },
    });
    expect(text.status).toBe(415);
    expect((await json(text)).type).toBe('UNSUPPORTED_MEDIA_TYPE');
  });

  it('refuses a body over the limit with 413', async () => {
    const res = await t.fetch('/api/v1/auth/sessions', jsonBody({ email: 'a@b.co', password: 'x'.repeat(2_000_000) }));
    expect(res.status).toBe(413);
    expect((await json(res)).type).toBe('PAYLOAD_TOO_LARGE');
  });

  it('signs out: the session stops working', async () => {
    const user = await signedInUser(t);
    expect((await t.fetch('/api/v1/me', { headers: auth(user.session) })).status).toBe(200);
    const out = await t.fetch('/api/v1/auth/sessions/current', { method: 'DELETE', headers: auth(user.session) });
    expect(out.status).toBe(204);
    const after = await t.fetch('/api/v1/me', { headers: auth(user.session) });
    expect(after.status).toBe(401);
    expect((await json(after)).type).toBe('SESSION_INVALID');
  });
});

describe('API keys', () => {
  it('shows the key once, lists it without the secret, and works as Bearer and X-API-Key', async () => {
    const res = await t.fetch('/api/v1/api-keys', jsonBody({ name: 'CI', mode: 'test' }, auth(owner.session)));
    expect(res.status).toBe(201);
    const created = await json(res);
    expect(created.key).toMatch(/^spk_test_[0-9a-f]{64}$/);
    expect(created.key.startsWith(created.prefix)).toBe(true);
    expect(created.message).toMatch(/cannot be shown again/);

    const list = await json(await t.fetch('/api/v1/api-keys', { headers: auth(owner.session) }));
    const listed = list.data.find((k: { id: string }) => k.id === created.id);
    expect(listed).toMatchObject({ name: 'CI', key_prefix: created.prefix, last_used_at: null, mode: 'test' });
    expect(JSON.stringify(list)).not.toContain(created.key);

    expect((await t.fetch('/api/v1/me', { headers: auth(created.key) })).status).toBe(200);
    expect((await t.fetch('/api/v1/me', { headers: { 'X-API-Key': created.key } })).status).toBe(200);
    const after = await json(await t.fetch('/api/v1/api-keys', { headers: auth(owner.session) }));
    expect(after.data.find((k: { id: string }) => k.id === created.id).last_used_at).not.toBeNull();
  });

  it('cannot be created with an API key', async () => {
    const key = await createApiKey(t, owner);
    const res = await t.fetch('/api/v1/api-keys', jsonBody({ name: 'nested' }, auth(key)));
    expect(res.status).toBe(403);
    expect((await json(res)).type).toBe('SESSION_REQUIRED');
  });

  it('stops working when revoked or expired', async () => {
    const res = await t.fetch('/api/v1/api-keys', jsonBody({}, auth(owner.session)));
    const { id, key } = await json(res);
    const revoke = await t.fetch(`/api/v1/api-keys/${id}`, { method: 'DELETE', headers: auth(owner.session) });
    expect(revoke.status).toBe(204);
    const revoked = await t.fetch('/api/v1/me', { headers: auth(key) });
    expect(revoked.status).toBe(401);
    expect((await json(revoked)).type).toBe('API_KEY_INVALID');

    const soon = new Date(Date.now() + 1500).toISOString();
    const expiring = await createApiKey(t, owner, { expires_at: soon });
    expect((await t.fetch('/api/v1/me', { headers: auth(expiring) })).status).toBe(200);
    await new Promise((r) => setTimeout(r, 1600));
    expect((await json(await t.fetch('/api/v1/me', { headers: auth(expiring) }))).type).toBe('API_KEY_INVALID');
  });

  it('distinguishes a missing key from a bad one', async () => {
    const missing = await t.fetch('/api/v1/me');
    expect(missing.status).toBe(401);
    expect(missing.headers.get('www-authenticate')).toBe('Bearer');
    expect((await json(missing)).type).toBe('AUTH_UNAUTHORIZED');
    const bad = await t.fetch('/api/v1/me', { headers: auth('spk_live_deadbeef') });
    expect((await json(bad)).type).toBe('API_KEY_INVALID');
  });

  it('is limited by its scopes, naming the missing permission', async () => {
    const key = await createApiKey(t, owner, { scopes: ['runs:read'] });
    const res = await t.fetch(`/api/v1/workspaces/${ws}`, { headers: auth(key) });
    expect(res.status).toBe(403);
    expect((await json(res)).detail).toContain('WORKSPACE_READ');
    const scoped = await createApiKey(t, owner, { scopes: ['workspaces:read'] });
    expect((await t.fetch(`/api/v1/workspaces/${ws}`, { headers: auth(scoped) })).status).toBe(200);
  });

  it('bound to one workspace, sees no other', async () => {
    const other = await createWorkspace(t, owner, 'Other');
    const key = await createApiKey(t, owner, { workspace_id: ws });
    expect((await t.fetch(`/api/v1/workspaces/${ws}`, { headers: auth(key) })).status).toBe(200);
    const res = await t.fetch(`/api/v1/workspaces/${other}`, { headers: auth(key) });
    expect(res.status).toBe(404);
    const list = await json(await t.fetch('/api/v1/workspaces', { headers: auth(key) }));
    expect(list.data.map((w: { id: string }) => w.id)).toEqual([ws]);
  });
});

describe('memberships', () => {
  it('lets a viewer read but not update, naming the permission', async () => {
    const viewer = await signedInUser(t);
    await addMember(t, owner, ws, viewer, 'viewer');
    const get = await json(await t.fetch(`/api/v1/workspaces/${ws}`, { headers: auth(viewer.session) }));
    expect(get.role).toBe('viewer');
    const patch = await t.fetch(`/api/v1/workspaces/${ws}`, {
      ...jsonBody({ name: 'Renamed' }, auth(viewer.session)),
      method: 'PATCH',
    });
    expect(patch.status).toBe(403);
    expect(await json(patch)).toMatchObject({ type: 'FORBIDDEN' });
  });

  it('keeps the last owner', async () => {
    const res = await t.fetch(`/api/v1/workspaces/${ws}/members/${owner.id}`, {
      method: 'DELETE',
      headers: auth(owner.session),
    });
    expect(res.status).toBe(409);
  });

  it('hides a workspace from non-members with 404', async () => {
    const stranger = await signedInUser(t);
    const res = await t.fetch(`/api/v1/workspaces/${ws}`, { headers: auth(stranger.session) });
    expect(res.status).toBe(404);
    expect((await json(res)).type).toBe('NOT_FOUND');
  });

  it('paginates members with a cursor', async () => {
    const team = await createWorkspace(t, owner, 'Team');
    for (let i = 0; i < 3; i++) await addMember(t, owner, team, await signedInUser(t), 'member');
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const q: string = cursor ? `&cursor=${cursor}` : '';
      const page = await json(
        await t.fetch(`/api/v1/workspaces/${team}/members?limit=2${q}`, { headers: auth(owner.session) }),
      );
      seen.push(...page.data.map((m: { user_id: string }) => m.user_id));
      cursor = page.next_cursor;
      expect(page.has_more).toBe(cursor !== null);
    } while (cursor);
    expect(seen).toHaveLength(4);
    expect(new Set(seen).size).toBe(4);
  });
});

describe('users', () => {
  it('lets only instance administrators create users', async () => {
    const admin = await signedInUser(t, { isAdmin: true });
    const body = { email: 'new.person@example.com', password: 'a long enough password' };
    const denied = await t.fetch('/api/v1/users', jsonBody(body, auth(owner.session)));
    expect(denied.status).toBe(403);
    const created = await t.fetch('/api/v1/users', jsonBody(body, auth(admin.session)));
    expect(created.status).toBe(201);
    expect(await json(created)).not.toHaveProperty('password');
    const again = await t.fetch('/api/v1/users', jsonBody(body, auth(admin.session)));
    expect(again.status).toBe(409);
  });

  it('creates one user from concurrent duplicates; the others get 409, never a 500', async () => {
    const admin = await signedInUser(t, { isAdmin: true });
    const body = { email: 'raced.person@example.com', password: 'a long enough password' };
    const answers = await Promise.all(
      Array.from({ length: 8 }, () => t.fetch('/api/v1/users', jsonBody(body, auth(admin.session)))),
    );
    const statuses = answers.map((res) => res.status).sort();
    expect(statuses).toEqual([201, 409, 409, 409, 409, 409, 409, 409]);
  });

  it('bootstraps the administrator once when API processes start together', async () => {
    const email = 'first.admin@example.com';
    const made = await Promise.all(
      Array.from({ length: 6 }, () => bootstrapAdmin(t.deps.prisma, email, 'a long admin password')),
    );
    expect(made.filter(Boolean)).toHaveLength(1);
    expect(await t.deps.prisma.user.count({ where: { email, isAdmin: true } })).toBe(1);
  });
});
