/**
 * OAuth 2.0 connections end to end against a real local provider (test/support/oauth-provider.ts): the API's start
 * URL is followed like a browser would, the provider redirects to the API's callback, which exchanges the code with
 * PKCE and stores the tokens sealed. Hostile cases: forged, replayed, expired and cross-spec states, concurrent
 * callbacks, a denied authorization, a code the provider refuses, a user removed meanwhile, other workspaces.
 */
import { createHash, randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { purgeExpiredRows } from '../src/purge/retention.ts';
import { decrypt, secretKey } from '../src/webhooks/secret-box.ts';
import { addMember, auth, createWorkspace, jsonBody, signedInUser, type TestUser } from './support/identity.ts';
import { type OAuthProvider, startOAuthProvider } from './support/oauth-provider.ts';
import { createTestApp, json, type TestApp } from './support/test-app.ts';

let t: TestApp;
let provider: OAuthProvider;
let owner: TestUser;
let ws: string;

beforeAll(async () => {
  provider = await startOAuthProvider();
  const client = (prefix: string) => ({
    [`${prefix}_CLIENT_ID`]: provider.clientId,
    [`${prefix}_CLIENT_SECRET`]: provider.clientSecret,
    [`${prefix}_AUTHORIZE_URL`]: `${provider.url}/authorize`,
    [`${prefix}_TOKEN_URL`]: `${provider.url}/token`,
  });
  t = await createTestApp(
    {
      RATE_LIMIT_CONNECTORS_PER_MINUTE: '100000',
      RATE_LIMIT_AUTH_PER_MINUTE: '100000',
      ...client('NOTION'),
      ...client('GOOGLE_SHEETS'),
    },
    { worker: false },
  );
  owner = await signedInUser(t);
  ws = await createWorkspace(t, owner);
});
afterAll(async () => {
  await t?.close();
  await provider?.close();
});

const h = () => auth(owner.session);

async function start(spec: string, query: Record<string, string> = {}, headers = h()) {
  const params = new URLSearchParams({ workspace_id: ws, ...query });
  return t.fetch(`/api/v1/connectors/oauth/${spec}/start?${params}`, { headers });
}

/** What the browser does: open the authorization URL and get redirected; returns where the provider sent it. */
async function authorize(spec: string, query: Record<string, string> = {}): Promise<URL> {
  const res = await start(spec, query);
  expect(res.status).toBe(200);
  const { authorization_url } = await json(res);
  const redirect = await fetch(authorization_url, { redirect: 'manual' });
  expect(redirect.status).toBe(302);
  const back = new URL(redirect.headers.get('location')!);
  expect(back.origin).toBe(new URL(t.url).origin);
  return back;
}

/** The callback, called as the provider's redirect makes the browser call it: no credentials. */
const callback = (url: URL) => t.fetch(url.pathname + url.search);

describe('OAuth connections', () => {
  it('authorizes with PKCE and stores the tokens sealed in a new connected connection', async () => {
    const specs = (await json(await t.fetch('/api/v1/connectors/specs', { headers: h() }))).data;
    expect(specs.find((s: { id: string }) => s.id === 'notion').enabled).toBe(true);

    const back = await authorize('google-sheets', { name: 'Finance sheets' });
    const asked = provider.authorizations.at(-1)!;
    expect(asked.get('code_challenge_method')).toBe('S256');
    expect(asked.get('scope')).toBe('https://www.googleapis.com/auth/spreadsheets.readonly');
    expect(asked.get('access_type')).toBe('offline');
    expect(asked.get('redirect_uri')).toBe(`${t.url}/api/v1/connectors/oauth/google-sheets/callback`);

    const res = await callback(back);
    expect(res.status).toBe(200);
    const connection = await json(res);
    expect(connection).toMatchObject({
      spec_id: 'google-sheets',
      name: 'Finance sheets',
      status: 'connected',
      error: null,
    });
    const exchange = provider.tokenRequests.at(-1)!;
    expect(exchange.status).toBe(200);
    expect(exchange.form.get('code_verifier')).toMatch(/^[A-Za-z0-9_-]{43}$/);

    const row = await t.deps.prisma.connection.findUniqueOrThrow({ where: { id: connection.id } });
    expect(row.workspaceId).toBe(ws);
    expect(row.createdById).toBe(owner.id);
    expect(row.credentials).not.toMatch(/at-|rt-/);
    const tokens = JSON.parse(decrypt(await secretKey(t.config), row.credentials!, `${row.id}:credentials`));
    expect(tokens).toMatchObject({ token_type: 'bearer', access_token: expect.stringMatching(/^at-/) });
    expect(tokens.refresh_token).toMatch(/^rt-/);
    const state = await t.deps.prisma.connectorOAuthState.findFirstOrThrow({ where: { usedAt: { not: null } } });
    expect(state.id).not.toBe(back.searchParams.get('state'));
    expect(state.codeVerifier).not.toContain(exchange.form.get('code_verifier'));

    const replay = await callback(back);
    expect(replay.status).toBe(400);
    expect((await json(replay)).type).toBe('OAUTH_STATE_INVALID');
  });

  it('authorizes a pending connection in place', async () => {
    const created = await t.fetch(
      '/api/v1/connectors/connections',
      jsonBody({ workspace_id: ws, spec_id: 'notion', name: 'Wiki' }, h()),
    );
    const pending = await json(created);
    expect(pending).toMatchObject({ status: 'pending', checked_at: null });
    const withCreds = await t.fetch(`/api/v1/connectors/connections/${pending.id}`, {
      ...jsonBody({ credentials: { token: 'x' } }, h()),
      method: 'PATCH',
    });
    expect(withCreds.status).toBe(400);
    const res = await callback(await authorize('notion', { connection_id: pending.id }));
    expect(await json(res)).toMatchObject({ id: pending.id, name: 'Wiki', status: 'connected' });
    expect(provider.authorizations.at(-1)!.get('owner')).toBe('user');
  });

  it('refuses forged, expired and cross-spec states, and uses a state once under concurrency', async () => {
    const forged = new URL(
      `${t.url}/api/v1/connectors/oauth/notion/callback?state=${randomBytes(32).toString('base64url')}&code=abc`,
    );
    expect((await json(await callback(forged))).type).toBe('OAUTH_STATE_INVALID');

    const expired = await authorize('notion');
    await t.deps.prisma.connectorOAuthState.updateMany({
      where: { usedAt: null },
      data: { expiresAt: new Date(Date.now() - 1000) },
    });
    expect((await json(await callback(expired))).type).toBe('OAUTH_STATE_INVALID');
    // Retention drops it: an expired state can never be taken again.
    const expiredId = createHash('sha256').update(expired.searchParams.get('state')!).digest('hex');
    expect(await t.deps.prisma.connectorOAuthState.count({ where: { id: expiredId } })).toBe(1);
    expect((await purgeExpiredRows(t.deps.prisma)).connectorOAuthStates).toBeGreaterThanOrEqual(1);
    expect(await t.deps.prisma.connectorOAuthState.count({ where: { id: expiredId } })).toBe(0);

    const other = await authorize('notion');
    const crossed = new URL(other);
    crossed.pathname = '/api/v1/connectors/oauth/google-sheets/callback';
    expect((await json(await callback(crossed))).type).toBe('OAUTH_STATE_INVALID');

    const before = await t.deps.prisma.connection.count();
    const raced = await authorize('notion', { name: 'raced' });
    const statuses = (await Promise.all(Array.from({ length: 5 }, () => callback(raced)))).map((r) => r.status);
    expect(statuses.filter((s) => s === 200)).toHaveLength(1);
    expect(statuses.filter((s) => s === 400)).toHaveLength(4);
    expect(await t.deps.prisma.connection.count()).toBe(before + 1);
  });

  it('reports a denied authorization and a refused code, and creates nothing', async () => {
    const before = await t.deps.prisma.connection.count();
    provider.denyNext();
    const denied = await callback(await authorize('notion'));
    expect(denied.status).toBe(400);
    expect(await json(denied)).toMatchObject({
      type: 'OAUTH_AUTHORIZATION_FAILED',
      detail: expect.stringContaining('access_denied'),
    });

    const back = await authorize('notion');
    back.searchParams.set('code', 'a-code-the-provider-never-issued');
    const refused = await callback(back);
    expect(refused.status).toBe(502);
    expect((await json(refused)).type).toBe('OAUTH_TOKEN_EXCHANGE_FAILED');
    expect(provider.tokenRequests.at(-1)!.status).toBe(400);
    expect(await t.deps.prisma.connection.count()).toBe(before);
  });

  it("binds the state to its user's right to write connections in its workspace", async () => {
    const admin = await signedInUser(t);
    await addMember(t, owner, ws, admin, 'admin');
    const res = await start('notion', {}, auth(admin.session));
    const redirect = await fetch((await json(res)).authorization_url, { redirect: 'manual' });
    const removed = await t.fetch(`/api/v1/workspaces/${ws}/members/${admin.id}`, { method: 'DELETE', headers: h() });
    expect(removed.status).toBe(204);
    const back = await callback(new URL(redirect.headers.get('location')!));
    expect(back.status).toBe(403);
  });

  it('refuses other workspaces, other specs and roles without CONNECTORS_WRITE', async () => {
    const outsider = await signedInUser(t);
    await createWorkspace(t, outsider, 'Theirs');
    expect((await start('notion', {}, auth(outsider.session))).status).toBe(404);
    const member = await signedInUser(t);
    await addMember(t, owner, ws, member, 'member');
    expect((await start('notion', {}, auth(member.session))).status).toBe(403);
    expect((await start('postgres')).status).toBe(404);
    expect((await start('no-such-spec')).status).toBe(404);
    const theirWs = await createWorkspace(t, outsider, 'Theirs 2');
    const theirs = await json(
      await t.fetch(
        '/api/v1/connectors/connections',
        jsonBody({ workspace_id: theirWs, spec_id: 'notion', name: 'x' }, auth(outsider.session)),
      ),
    );
    const wrong = await start('notion', { connection_id: theirs.id });
    expect(wrong.status).toBe(404);
    expect((await json(wrong)).errors[0].field).toBe('query.connection_id');
  });
});
