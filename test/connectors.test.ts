/**
 * Connections through the API: PostgreSQL credentials checked for real against the embedded PostgreSQL the test setup
 * runs (a role made for this file), stored sealed and never returned or logged, validated field by field, listed,
 * updated and deleted; projects' `connector_ids`; other workspaces, roles and scopes, idempotent creates, and the
 * SSRF policy and rate-limit class in an app that allows no private hosts.
 */
import { randomBytes } from 'node:crypto';
import net from 'node:net';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { newId } from '../src/lib/ids.ts';
import { createLogger } from '../src/logger.ts';
import { decrypt, secretKey } from '../src/webhooks/secret-box.ts';
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
let db: { host: string; port: number; database: string; user: string; password: string; ssl_mode: string };
const logLines: string[] = [];

beforeAll(async () => {
  t = await createTestApp(
    {
      RATE_LIMIT_CONNECTORS_PER_MINUTE: '100000',
      CONNECTOR_ALLOWED_HOSTS: '127.0.0.1',
      CONNECTOR_CHECK_TIMEOUT_SECONDS: '5',
    },
    { worker: false },
  );
  t.deps.logger = createLogger('debug', {}, (line) => logLines.push(line));
  owner = await signedInUser(t);
  ws = await createWorkspace(t, owner);
  const admin = new URL(inject('services').adminUrl);
  const user = `reader_${randomBytes(4).toString('hex')}`;
  const password = `pw-${randomBytes(12).toString('hex')}`;
  const client = new pg.Client({ connectionString: admin.toString() });
  await client.connect();
  await client.query(`CREATE ROLE ${user} LOGIN PASSWORD '${password}'`);
  await client.end();
  const database = new URL(t.databaseUrl).pathname.slice(1);
  db = { host: '127.0.0.1', port: Number(admin.port), database, user, password, ssl_mode: 'disable' };
});
afterAll(() => t?.close());

const h = () => auth(owner.session);
const create = (body: Record<string, unknown>, headers: Record<string, string> = h(), app = t) =>
  app.fetch('/api/v1/connectors/connections', jsonBody({ workspace_id: ws, ...body }, headers));
const patch = (id: string, body: unknown, headers: Record<string, string> = h()) =>
  t.fetch(`/api/v1/connectors/connections/${id}`, { ...jsonBody(body, headers), method: 'PATCH' });
const get = (path: string, headers: Record<string, string> = h()) => t.fetch(path, { headers });

async function postgresConnection(name = 'prod-db', credentials: Record<string, unknown> = db) {
  const res = await create({ spec_id: 'postgres', name, credentials });
  expect(res.status).toBe(201);
  return json(res);
}

describe('specs', () => {
  it('lists the catalogue: postgres with its fields, OAuth specs disabled until configured', async () => {
    const res = await get('/api/v1/connectors/specs');
    expect(res.status).toBe(200);
    const specs = (await json(res)).data;
    const postgres = specs.find((s: { id: string }) => s.id === 'postgres');
    expect(postgres).toMatchObject({ auth_type: 'credentials', enabled: true });
    expect(postgres.fields.find((f: { key: string }) => f.key === 'password')).toMatchObject({ secret: true });
    expect(postgres.fields.find((f: { key: string }) => f.key === 'port')).toMatchObject({
      type: 'integer',
      default: 5432,
    });
    for (const id of ['google-sheets', 'notion']) {
      expect(specs.find((s: { id: string }) => s.id === id)).toMatchObject({ auth_type: 'oauth2', enabled: false });
    }
    const start = await get(`/api/v1/connectors/oauth/notion/start?workspace_id=${ws}`);
    expect(start.status).toBe(409);
    expect((await json(start)).type).toBe('CONNECTOR_NOT_CONFIGURED');
    const pending = await create({ spec_id: 'notion', name: 'n' });
    expect(pending.status).toBe(409);
  });
});

describe('postgres connections', () => {
  it('checks the credentials for real, seals them, and never returns or logs them', async () => {
    logLines.length = 0;
    const created = await postgresConnection();
    expect(created).toMatchObject({ spec_id: 'postgres', name: 'prod-db', status: 'connected', error: null });
    expect(created.checked_at).not.toBeNull();
    expect(JSON.stringify(created)).not.toContain(db.password);
    const got = await json(await get(`/api/v1/connectors/connections/${created.id}`));
    expect(got).toEqual(created);

    const row = await t.deps.prisma.connection.findUniqueOrThrow({ where: { id: created.id } });
    for (const plain of [db.password, db.user, db.database]) expect(row.credentials).not.toContain(plain);
    const key = await secretKey(t.config);
    expect(JSON.parse(decrypt(key, row.credentials!, `${row.id}:credentials`))).toEqual({ ...db });
    // Sealed to its row: copied into another connection's row it does not open.
    expect(() => decrypt(key, row.credentials!, 'conn_other:credentials')).toThrow();

    const wrong = await patch(created.id, { credentials: { ...db, password: 'not-it' } });
    expect(await json(wrong)).toMatchObject({ status: 'error', error: { code: 'auth_failed' } });
    expect(logLines.length).toBeGreaterThan(0);
    expect(logLines.join('\n')).not.toContain(db.password);
    expect(logLines.join('\n')).not.toContain('not-it');
  });

  it('stores failed checks with a code and a fixed message', async () => {
    // A server that accepts connections and never answers: the check must give up on its own.
    const silent = net.createServer(() => {});
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    const cases: Array<[Record<string, unknown>, string]> = [
      [{ password: 'wrong' }, 'auth_failed'],
      [{ database: 'no_such_db' }, 'database_not_found'],
      [{ port: 9 }, 'connection_refused'],
      [{ ssl_mode: 'verify-full' }, 'tls_failed'],
      [{ port: (silent.address() as net.AddressInfo).port }, 'timeout'],
    ];
    for (const [change, code] of cases) {
      const c = await postgresConnection('bad', { ...db, ...change });
      expect(c.status, code).toBe('error');
      expect(c.error.code).toBe(code);
      expect(c.error.message).not.toMatch(/reader_|no_such_db/);
    }
    silent.close();
  });

  it('refuses credentials that do not fit the spec, naming the field', async () => {
    const cases: Array<[unknown, string, number?]> = [
      [{ ...db, extra: 'x' }, 'body.credentials.extra'],
      [{ ...db, host: undefined }, 'body.credentials.host'],
      [{ ...db, port: '5432' }, 'body.credentials.port'],
      [{ ...db, port: 70000 }, 'body.credentials.port'],
      [{ ...db, ssl_mode: 'sometimes' }, 'body.credentials.ssl_mode'],
      [{ ...db, host: 'a b/c' }, 'body.credentials.host'],
      [{ ...db, password: 'x\u0000y' }, 'body.credentials.password'],
      [{ ...db, password: 'x'.repeat(5000) }, 'body.credentials.password'],
      [{ ...db, password: { nested: true } }, 'body.credentials.password'],
      [Object.fromEntries(Array.from({ length: 40 }, (_, i) => [`k${i}`, 'v'])), 'body.credentials'],
      ['not an object', 'body.credentials'],
    ];
    for (const [credentials, field] of cases) {
      const res = await create({ spec_id: 'postgres', name: 'x', credentials });
      expect(res.status, field).toBe(400);
      const fields = (await json(res)).errors.map((e: { field: string }) => e.field);
      expect(fields, JSON.stringify(credentials).slice(0, 80)).toContain(field);
    }
    const unknownSpec = await create({ spec_id: 'snowflake', name: 'x', credentials: {} });
    expect((await json(unknownSpec)).errors[0].field).toBe('body.spec_id');
    const missing = await create({ spec_id: 'postgres', name: 'x' });
    expect((await json(missing)).errors[0].field).toBe('body.credentials');
    const huge = await create({
      spec_id: 'postgres',
      name: 'x',
      credentials: { ...db, password: 'x'.repeat(2_000_000) },
    });
    expect(huge.status).toBe(413);
    expect(await t.deps.prisma.connection.count({ where: { name: 'x' } })).toBe(0);
  });

  it('renames and replaces credentials; lists with filters and cursors; deletes', async () => {
    const a = await postgresConnection('list-a');
    const b = await postgresConnection('list-b', { ...db, password: 'wrong' });
    const renamed = await json(await patch(a.id, { name: 'list-a2' }));
    expect(renamed).toMatchObject({ name: 'list-a2', status: 'connected' });
    const fixed = await json(await patch(b.id, { credentials: db }));
    expect(fixed).toMatchObject({ status: 'connected', error: null });
    expect((await patch(a.id, { credentials: { nope: 1 } })).status).toBe(400);

    const page1 = await json(await get(`/api/v1/connectors/connections?workspace_id=${ws}&limit=1&sort=created_at`));
    expect(page1.data).toHaveLength(1);
    expect(page1.has_more).toBe(true);
    const page2 = await json(
      await get(
        `/api/v1/connectors/connections?workspace_id=${ws}&limit=1&sort=created_at&cursor=${page1.next_cursor}`,
      ),
    );
    expect(page2.data[0].id).not.toBe(page1.data[0].id);
    const after = encodeURIComponent(a.created_at);
    const recent = await json(await get(`/api/v1/connectors/connections?workspace_id=${ws}&created_after=${after}`));
    expect(recent.data.map((c: { id: string }) => c.id)).toContain(b.id);
    expect(recent.data.map((c: { id: string }) => c.id)).not.toContain(a.id);
    const errored = await json(await get(`/api/v1/connectors/connections?workspace_id=${ws}&status=error`));
    expect(errored.data.every((c: { status: string }) => c.status === 'error')).toBe(true);
    const none = await json(await get(`/api/v1/connectors/connections?workspace_id=${ws}&spec_id=notion`));
    expect(none.data).toEqual([]);

    const del = await t.fetch(`/api/v1/connectors/connections/${a.id}`, { method: 'DELETE', headers: h() });
    expect(del.status).toBe(204);
    expect((await get(`/api/v1/connectors/connections/${a.id}`)).status).toBe(404);
    expect(await t.deps.prisma.connection.count({ where: { id: a.id } })).toBe(0);
  });

  it('creates one connection for concurrent duplicates with one Idempotency-Key', async () => {
    const key = `idem-${randomBytes(6).toString('hex')}`;
    const body = { spec_id: 'postgres', name: 'idem', credentials: db };
    const answers = await Promise.all(
      Array.from({ length: 5 }, () => create(body, { ...h(), 'Idempotency-Key': key }).then(json)),
    );
    expect(new Set(answers.map((a) => a.id)).size).toBe(1);
    expect(await t.deps.prisma.connection.count({ where: { name: 'idem' } })).toBe(1);
    const other = await create({ ...body, name: 'idem-2' }, { ...h(), 'Idempotency-Key': key });
    expect(other.status).toBe(409);
  });
});

describe('projects and other workspaces', () => {
  it("checks connector_ids against the workspace's connections and drops deleted ones", async () => {
    const conn = await postgresConnection('for-project');
    const project = await json(
      await t.fetch('/api/v1/projects', jsonBody({ workspace_id: ws, name: 'P', connector_ids: [conn.id] }, h())),
    );
    expect(project.connector_ids).toEqual([conn.id]);

    const outsider = await signedInUser(t);
    const theirWs = await createWorkspace(t, outsider, 'Theirs');
    const o = auth(outsider.session);
    for (const [method, body] of [['GET'], ['PATCH', { name: 'x' }], ['DELETE']] as const) {
      const res = await t.fetch(`/api/v1/connectors/connections/${conn.id}`, {
        method,
        headers: { ...o, 'Content-Type': 'application/json' },
        ...(body ? { body: JSON.stringify(body) } : {}),
      });
      expect(res.status, method).toBe(404);
    }
    const theirs = await t.fetch(
      '/api/v1/projects',
      jsonBody({ workspace_id: theirWs, name: 'Q', connector_ids: [conn.id] }, o),
    );
    expect(theirs.status).toBe(404);
    expect((await json(theirs)).errors[0].field).toBe('body.connector_ids[0]');
    const listed = await get(`/api/v1/connectors/connections?workspace_id=${ws}`, o);
    expect(listed.status).toBe(404);
    const unknown = await t.fetch(`/api/v1/projects/${project.id}`, {
      ...jsonBody({ connector_ids: [conn.id, 'conn_nope'] }, h()),
      method: 'PATCH',
    });
    expect((await json(unknown)).errors[0].field).toBe('body.connector_ids[1]');

    await t.fetch(`/api/v1/connectors/connections/${conn.id}`, { method: 'DELETE', headers: h() });
    const after = await json(await get(`/api/v1/projects/${project.id}`));
    expect(after.connector_ids).toEqual([]);
  });

  it('lets viewers and members read, admins write; API keys by scope', async () => {
    const conn = await postgresConnection('perm');
    for (const role of ['viewer', 'member']) {
      const user = await signedInUser(t);
      await addMember(t, owner, ws, user, role);
      const u = auth(user.session);
      expect((await get(`/api/v1/connectors/connections/${conn.id}`, u)).status).toBe(200);
      const refused = await create({ spec_id: 'postgres', name: 'x', credentials: db }, u);
      expect(refused.status).toBe(403);
      expect((await json(refused)).detail).toContain('CONNECTORS_WRITE');
      expect((await patch(conn.id, { name: 'y' }, u)).status).toBe(403);
    }
    const admin = await signedInUser(t);
    await addMember(t, owner, ws, admin, 'admin');
    expect((await patch(conn.id, { name: 'by-admin' }, auth(admin.session))).status).toBe(200);

    const reader = auth(await createApiKey(t, owner, { scopes: ['connectors:read'] }));
    expect((await get(`/api/v1/connectors/connections?workspace_id=${ws}`, reader)).status).toBe(200);
    expect((await create({ spec_id: 'postgres', name: 'x', credentials: db }, reader)).status).toBe(403);
    const writer = auth(await createApiKey(t, owner, { scopes: ['connectors:write'] }));
    expect((await create({ spec_id: 'postgres', name: 'by-key', credentials: db }, writer)).status).toBe(201);
    const files = auth(await createApiKey(t, owner, { scopes: ['files:read'] }));
    expect((await get(`/api/v1/connectors/connections/${conn.id}`, files)).status).toBe(403);
  });
});

describe('without private hosts allowed', () => {
  let strict: TestApp;
  let sOwner: TestUser;
  let sWs: string;
  const hosts: Record<string, string[]> = {
    localhost: ['127.0.0.1'],
    'rebind.example.com': ['93.184.216.34', '10.0.0.5'],
    'metadata.example.com': ['169.254.169.254'],
  };
  beforeAll(async () => {
    strict = await createTestApp(
      { RATE_LIMIT_CONNECTORS_PER_MINUTE: '8' },
      {
        worker: false,
        resolveHost: async (name) => (hosts[name] ?? []).map((address) => ({ address, family: 4 as const })),
      },
    );
    sOwner = await signedInUser(strict);
    sWs = await createWorkspace(strict, sOwner);
  });
  afterAll(() => strict?.close());

  it('refuses loopback, private, link-local and unresolvable hosts before connecting (SSRF)', async () => {
    for (const host of [
      '127.0.0.1',
      'localhost',
      'rebind.example.com',
      'metadata.example.com',
      '::ffff:127.0.0.1',
      'nowhere.example',
    ]) {
      const res = await create(
        { workspace_id: sWs, spec_id: 'postgres', name: 'ssrf', credentials: { ...db, host } },
        auth(sOwner.session),
        strict,
      );
      expect(res.status, host).toBe(400);
      const body = await json(res);
      expect(body.type).toBe('CONNECTOR_HOST_REFUSED');
      expect(body.errors[0].field).toBe('body.credentials.host');
    }
    expect(await strict.deps.prisma.connection.count()).toBe(0);

    // A connection made while an operator allowed its host cannot be pointed at a private one now.
    const existing = await strict.deps.prisma.connection.create({
      data: { id: newId('conn'), workspaceId: sWs, specId: 'postgres', name: 'old', status: 'connected' },
    });
    const moved = await strict.fetch(`/api/v1/connectors/connections/${existing.id}`, {
      ...jsonBody({ credentials: { ...db, host: '10.1.2.3' } }, auth(sOwner.session)),
      method: 'PATCH',
    });
    expect(moved.status).toBe(400);
    expect((await json(moved)).type).toBe('CONNECTOR_HOST_REFUSED');
    const after = await strict.deps.prisma.connection.findUniqueOrThrow({ where: { id: existing.id } });
    expect(after).toEqual(existing);
  });

  it('limits connector requests in their own rate-limit class', async () => {
    const key = auth(await createApiKey(strict, sOwner));
    const statuses: number[] = [];
    let last: Response | undefined;
    for (let i = 0; i < 9; i++) {
      last = await strict.fetch(`/api/v1/connectors/connections?workspace_id=${sWs}`, { headers: key });
      statuses.push(last.status);
    }
    expect(statuses.slice(0, 8).every((s) => s === 200)).toBe(true);
    expect(statuses[8]).toBe(429);
    expect(last!.headers.get('RateLimit-Policy')).toBe('"connectors";q=8;w=60');
    expect(Number(last!.headers.get('Retry-After'))).toBeGreaterThan(0);
  });
});
