/**
 * The client's `connectors` and `connections` namespaces against the real server: a PostgreSQL connection checked
 * for real against the embedded PostgreSQL of the test setup (a role made for this file), renamed, re-checked with
 * a wrong password, listed across pages and deleted; an OAuth authorization through a real local provider completed
 * with `completeOAuth`. Careless and hostile calls: another tenant's connection, a credential of the wrong type, a
 * create retried after its answer was lost (one connection), and credentials that never come back.
 */
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { afterAll, beforeAll, beforeEach, describe, expect, inject, it } from 'vitest';
import { ApiError, Skillplane } from '../clients/typescript/src/index.ts';
import { apiError, type ClientWorld, clientWorld } from './support/client.ts';
import { type FlakyProxy, startFlakyProxy } from './support/flaky-proxy.ts';
import { type OAuthProvider, startOAuthProvider } from './support/oauth-provider.ts';
import { createTestApp, type TestApp } from './support/test-app.ts';

let t: TestApp;
let provider: OAuthProvider;
let proxy: FlakyProxy;
let w: ClientWorld;
let db: { host: string; port: number; database: string; user: string; password: string; ssl_mode: string };

beforeAll(async () => {
  provider = await startOAuthProvider();
  t = await createTestApp(
    {
      RATE_LIMIT_CONNECTORS_PER_MINUTE: '100000',
      RATE_LIMIT_AUTH_PER_MINUTE: '100000',
      CONNECTOR_ALLOWED_HOSTS: '127.0.0.1',
      CONNECTOR_CHECK_TIMEOUT_SECONDS: '5',
      NOTION_CLIENT_ID: provider.clientId,
      NOTION_CLIENT_SECRET: provider.clientSecret,
      NOTION_AUTHORIZE_URL: `${provider.url}/authorize`,
      NOTION_TOKEN_URL: `${provider.url}/token`,
    },
    { worker: false },
  );
  proxy = await startFlakyProxy(t.url);
  w = await clientWorld(t);
  const admin = new URL(inject('services').adminUrl);
  const user = `sdk_reader_${randomBytes(4).toString('hex')}`;
  const password = `pw-${randomBytes(12).toString('hex')}`;
  const client = new pg.Client({ connectionString: admin.toString() });
  await client.connect();
  await client.query(`CREATE ROLE ${user} LOGIN PASSWORD '${password}'`);
  await client.end();
  const database = new URL(t.databaseUrl).pathname.slice(1);
  db = { host: '127.0.0.1', port: Number(admin.port), database, user, password, ssl_mode: 'disable' };
});
beforeEach(() => {
  proxy.seen = [];
  proxy.behave = () => ({ forward: true });
});
afterAll(async () => {
  await proxy?.close();
  await t?.close();
  await provider?.close();
});

describe('connectors', () => {
  it('lists the specs with their fields', async () => {
    const { data } = await w.client.connectors.specs();
    const postgres = data.find((s) => s.id === 'postgres');
    expect(postgres).toMatchObject({ auth_type: 'credentials', enabled: true });
    expect(postgres?.fields.find((f) => f.key === 'password')).toMatchObject({ secret: true, required: true });
    expect(data.find((s) => s.id === 'notion')).toMatchObject({ auth_type: 'oauth2', enabled: true });
  });

  it('authorizes an OAuth spec: startOAuth, the provider, then completeOAuth with its redirect', async () => {
    const start = await w.client.connectors.startOAuth('notion', { name: 'Team notes' });
    expect(Date.parse(start.expires_at)).toBeGreaterThan(Date.now());
    const redirect = await fetch(start.authorization_url, { redirect: 'manual' });
    expect(redirect.status).toBe(302);
    const back = new URL(redirect.headers.get('location')!);
    expect(back.pathname).toBe('/api/v1/connectors/oauth/notion/callback');
    // The callback needs no credential: a client without one completes it.
    const anonymous = new Skillplane({ baseUrl: t.url });
    const query = { state: back.searchParams.get('state')!, code: back.searchParams.get('code')! };
    const connection = await anonymous.connectors.completeOAuth('notion', query);
    expect(connection).toMatchObject({ spec_id: 'notion', name: 'Team notes', status: 'connected', error: null });
    expect((await w.client.connections.get(connection.id)).status).toBe('connected');
    // The state works once.
    const replay = await apiError(anonymous.connectors.completeOAuth('notion', query));
    expect(replay).toMatchObject({ status: 400, type: 'OAUTH_STATE_INVALID' });
  });

  it('answers 409 for a spec whose OAuth client is not configured, and 404 for an unknown spec', async () => {
    expect(await apiError(w.client.connectors.startOAuth('google-sheets'))).toMatchObject({
      status: 409,
      type: 'CONNECTOR_NOT_CONFIGURED',
    });
    expect((await apiError(w.client.connectors.startOAuth('no-such-spec'))).status).toBe(404);
  });
});

describe('connections', () => {
  it('creates a PostgreSQL connection checked for real, renames, re-checks, lists and deletes it', async () => {
    const created = await w.client.connections.create({ spec_id: 'postgres', name: 'warehouse', credentials: db });
    expect(created).toMatchObject({ spec_id: 'postgres', name: 'warehouse', status: 'connected', error: null });
    expect(created.workspace_id).toBe(w.workspaceId);
    expect(JSON.stringify(created)).not.toContain(db.password);
    expect(created).not.toHaveProperty('credentials');

    expect((await w.client.connections.update(created.id, { name: 'warehouse-ro' })).name).toBe('warehouse-ro');
    const wrong = await w.client.connections.update(created.id, { credentials: { ...db, password: 'wrong' } });
    expect(wrong.status).toBe('error');
    expect(wrong.error?.code).toBe('auth_failed');
    const fixed = await w.client.connections.update(created.id, { credentials: db });
    expect(fixed).toMatchObject({ status: 'connected', error: null });

    const second = await w.client.connections.create({ spec_id: 'postgres', name: 'second', credentials: db });
    const ids: string[] = [];
    for await (const c of w.client.connections.list({ limit: 1, spec_id: 'postgres' })) ids.push(c.id);
    expect(ids).toEqual(expect.arrayContaining([created.id, second.id]));
    const page = await w.client.connections.list({ limit: 1 });
    expect(page.data).toHaveLength(1);
    expect(page.has_more).toBe(true);

    await w.client.connections.delete(second.id);
    expect((await apiError(w.client.connections.get(second.id))).status).toBe(404);
  });

  it('names the field of a credential of the wrong type, and an unknown spec', async () => {
    const err = await apiError(
      w.client.connections.create({ spec_id: 'postgres', name: 'bad', credentials: { ...db, port: 'five' } }),
    );
    expect(err.status).toBe(400);
    expect(err.errors.map((e) => e.field)).toContain('body.credentials.port');
    const unknown = await apiError(w.client.connections.create({ spec_id: 'nope', name: 'x', credentials: {} }));
    expect(unknown.status).toBe(400);
    expect(unknown.errors).toEqual([expect.objectContaining({ field: 'body.spec_id', code: 'unknown_spec' })]);
  });

  it("answers another workspace's connection as not found, whatever the call", async () => {
    const mine = await w.client.connections.create({ spec_id: 'postgres', name: 'private', credentials: db });
    const other = await clientWorld(t);
    for (const call of [
      () => other.client.connections.get(mine.id),
      () => other.client.connections.update(mine.id, { name: 'stolen' }),
      () => other.client.connections.delete(mine.id),
      () => other.client.connectors.startOAuth('notion', { connection_id: mine.id }),
    ]) {
      const err = await apiError(call());
      expect(err).toBeInstanceOf(ApiError);
      expect(err.status).toBe(404);
      expect(err.type).toBe('NOT_FOUND');
    }
    expect((await other.client.connections.list().toArray()).map((c) => c.id)).not.toContain(mine.id);
    expect((await w.client.connections.get(mine.id)).name).toBe('private');
  });

  it('retries a create whose answer was lost with the same idempotency key: one connection', async () => {
    const flaky = new Skillplane({ baseUrl: proxy.url, sessionToken: w.user.session, workspaceId: w.workspaceId });
    proxy.behave = (_, n) => (n === 1 ? { drop: 'after' } : { forward: true });
    const name = `lost-answer-${randomBytes(3).toString('hex')}`;
    const created = await flaky.connections.create({ spec_id: 'postgres', name, credentials: db });
    const posts = proxy.seen.filter((s) => s.method === 'POST');
    expect(posts).toHaveLength(2);
    expect(posts[1]!.headers['idempotency-key']).toBe(posts[0]!.headers['idempotency-key']);
    const named = (await w.client.connections.list().toArray()).filter((c) => c.name === name);
    expect(named.map((c) => c.id)).toEqual([created.id]);
  });
});
