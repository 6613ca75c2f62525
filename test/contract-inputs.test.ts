/**
 * Inputs the document allows are accepted, through HTTP: RFC 3339 offsets and plain dates in the time filters
 * (including `updated_after` / `updated_before`), date-times with offsets in bodies, one e-mail rule shared by the
 * document and the server, required PATCH bodies, empty updates that change nothing, and 405 with `Allow`.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openApiDocument } from '../src/app/operations.ts';
import { createUser } from '../src/auth/users.ts';
import { upload } from './support/files.ts';
import { auth, createWorkspace, jsonBody, signedInUser, type TestUser } from './support/identity.ts';
import { createTestApp, json, type TestApp } from './support/test-app.ts';

let t: TestApp;
let owner: TestUser;
let ws: string;
let skillId: string;
beforeAll(async () => {
  t = await createTestApp(
    {
      OPENAI_BASE_URL: 'http://127.0.0.1:9/v1',
      OPENAI_API_KEY: 'k',
      RATE_LIMIT_DEFAULT_PER_MINUTE: '100000',
      RATE_LIMIT_FILES_PER_MINUTE: '100000',
      RATE_LIMIT_SCHEDULES_PER_MINUTE: '100000',
      // Schedule lists describe every schedule in Temporal; on a loaded machine the 5 s default deadline can pass.
      TEMPORAL_RPC_TIMEOUT_MS: '30000',
    },
    { worker: false },
  );
  owner = await signedInUser(t);
  ws = await createWorkspace(t, owner);
  skillId = (await json(await post('/api/v1/skills', { workspace_id: ws, name: 'first', description: 'd' }))).id;
});
afterAll(() => t?.close());

const h = () => auth(owner.session);
const get = (url: string) => t.fetch(url, { headers: h() });
const post = (url: string, body: unknown) => t.fetch(url, jsonBody(body, h()));
const patch = (url: string, body?: unknown) =>
  t.fetch(url, body === undefined ? { method: 'PATCH', headers: h() } : { ...jsonBody(body, h()), method: 'PATCH' });

/** `at` written in another offset, e.g. `+14:00`, keeping its milliseconds. */
function inOffset(at: Date, offsetMinutes: number): string {
  const local = new Date(at.getTime() + offsetMinutes * 60_000).toISOString().slice(0, -1);
  const sign = offsetMinutes < 0 ? '-' : '+';
  const abs = Math.abs(offsetMinutes);
  return `${local}${sign}${String(Math.floor(abs / 60)).padStart(2, '0')}:${String(abs % 60).padStart(2, '0')}`;
}

// biome-ignore lint/suspicious/noExplicitAny: list items are read loosely.
type Item = any;
async function listAll(url: string): Promise<Item[]> {
  const res = await get(url);
  expect(res.status).toBe(200);
  return (await json(res)).data;
}
const ids = (items: Item[]) => items.map((i) => i.id).sort();

describe('time filters take RFC 3339 offsets and plain dates', () => {
  const lists = () => [
    `/api/v1/skills?workspace_id=${ws}&limit=200`,
    `/api/v1/files?workspace_id=${ws}&limit=200`,
    `/api/v1/schedules?workspace_id=${ws}&limit=200`,
  ];

  beforeAll(async () => {
    for (const name of ['second', 'third']) {
      await post('/api/v1/skills', { workspace_id: ws, name, description: 'd' });
    }
    for (const name of ['a.txt', 'b.txt', 'c.txt']) {
      await upload(t, owner.session, { name, content: name, fields: { workspace_id: ws } });
    }
    for (const name of ['one', 'two', 'three']) {
      const res = await post('/api/v1/schedules', {
        workspace_id: ws,
        name,
        skill_id: skillId,
        cron_expression: '0 9 * * *',
      });
      expect(res.status).toBe(201);
    }
    // Touch the oldest of each so that updated_at and created_at orders differ.
    await patch(`/api/v1/skills/${skillId}`, { description: 'changed' });
    await upload(t, owner.session, { name: 'a.txt', content: 'new', fields: { workspace_id: ws } });
  });

  it.each([
    ['Z', 0],
    ['+14:00', 14 * 60],
    ['-12:00', -12 * 60],
    ['+05:45', 5 * 60 + 45],
    ['-00:30', -30],
  ])('filters by created_* and updated_* written with %s, compared in UTC', async (_, offset) => {
    for (const url of lists()) {
      const all = await listAll(url);
      expect(all.length).toBeGreaterThanOrEqual(3);
      for (const field of ['created', 'updated'] as const) {
        const pivot = new Date(all[1][`${field}_at`]);
        const at = encodeURIComponent(inOffset(pivot, offset));
        const after = await listAll(`${url}&${field}_after=${at}`);
        const before = await listAll(`${url}&${field}_before=${at}`);
        expect(ids(after)).toEqual(ids(all.filter((i) => new Date(i[`${field}_at`]) > pivot)));
        expect(ids(before)).toEqual(ids(all.filter((i) => new Date(i[`${field}_at`]) < pivot)));
      }
    }
  });

  it('takes fractional seconds of any precision', async () => {
    const url = lists()[0]!;
    const all = await listAll(url);
    const pivot = new Date(all[0].created_at);
    const nanos = `${pivot.toISOString().slice(0, -1)}999999Z`;
    expect(ids(await listAll(`${url}&created_before=${nanos}`))).toEqual(ids(all));
    expect(ids(await listAll(`${url}&created_after=${nanos}`))).toEqual([]);
    const tenths = `${pivot.toISOString().slice(0, 19)}.${String(pivot.getUTCMilliseconds()).padStart(3, '0')}0Z`;
    expect(ids(await listAll(`${url}&created_before=${tenths}`))).toEqual(
      ids(all.filter((i) => new Date(i.created_at) < pivot)),
    );
  });

  it('reads a plain date as 00:00 UTC that day, exclusive for *_before', async () => {
    for (const url of lists()) {
      const all = await listAll(url);
      const day = all[0].created_at.slice(0, 10);
      const next = new Date(Date.parse(`${day}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);
      const since = (d: string) => all.filter((i) => i.created_at > `${d}T00:00:00.000Z`);
      expect(ids(await listAll(`${url}&created_after=${day}`))).toEqual(ids(since(day)));
      expect(ids(await listAll(`${url}&created_before=${day}`))).toEqual(
        ids(all.filter((i) => i.created_at < `${day}T00:00:00.000Z`)),
      );
      expect(ids(await listAll(`${url}&created_before=${next}&updated_after=2025-01-01`))).toEqual(
        ids(all.filter((i) => i.created_at < `${next}T00:00:00.000Z`)),
      );
    }
  });

  it.each([
    '2025-02-30',
    '2025-02-30T00:00:00Z',
    '2025-13-01',
    '2025-01-01T25:00:00Z',
    '2025-01-01T00:00:00+0100',
    '2025-01-01T00:00:00+24:00',
    '2025-01-01T00:00',
    '25-01-01',
    'yesterday',
    '1735689600',
  ])('refuses %j with 400 naming the query field', async (value) => {
    for (const field of ['created_after', 'created_before', 'updated_after', 'updated_before']) {
      const res = await get(`/api/v1/skills?workspace_id=${ws}&${field}=${encodeURIComponent(value)}`);
      expect(res.status).toBe(400);
      expect((await json(res)).errors[0].field).toBe(`query.${field}`);
    }
  });

  it('refuses a skill-run filter with an impossible date', async () => {
    const res = await get(`/api/v1/skill-runs?workspace_id=${ws}&created_after=2025-02-29`);
    expect(res.status).toBe(400);
    expect((await json(res)).errors[0].field).toBe('query.created_after');
  });
});

describe('date-times in bodies take offsets and are answered in UTC', () => {
  it('normalises an API key expiry given with an offset', async () => {
    const res = await post('/api/v1/api-keys', { name: 'offset', expires_at: '2099-06-01T09:30:00.5+05:30' });
    expect(res.status).toBe(201);
    expect((await json(res)).expires_at).toBe('2099-06-01T04:00:00.500Z');
  });

  it('refuses an impossible expiry naming body.expires_at', async () => {
    const res = await post('/api/v1/api-keys', { name: 'bad', expires_at: '2099-02-30T00:00:00+01:00' });
    expect(res.status).toBe(400);
    expect((await json(res)).errors[0].field).toBe('body.expires_at');
  });
});

describe('one e-mail rule for the document and the server', () => {
  const schemas = (openApiDocument.components as { schemas: Record<string, { pattern: string }> }).schemas;
  const rule = new RegExp(schemas.EmailAddress!.pattern);
  const valid = [
    "o'brien+reports@example.com",
    'ops@localhost',
    'a!#$%&*/=?^_`{|}~-z@example.com',
    'first.last@sub-domain.example.co',
    'x@a.b',
    `${'l'.repeat(64)}@example.com`,
  ];
  const invalid = [
    'a..b@example.com',
    '.a@example.com',
    'a.@example.com',
    'a@-example.com',
    'a@example-.com',
    'a@example..com',
    '"quoted"@example.com',
    'user@[127.0.0.1]',
    'no-at-sign',
    'a@b@c.com',
    'a b@example.com',
    `${'l'.repeat(65)}@example.com`,
    `a@${'d'.repeat(63)}.${'d'.repeat(63)}.${'d'.repeat(63)}.${'d'.repeat(62)}`,
    'ünï@example.com',
  ];

  it('the document pattern says what the server does', () => {
    for (const address of valid) expect(rule.test(address), address).toBe(true);
    for (const address of invalid) expect(rule.test(address) && address.length <= 254, address).toBe(false);
  });

  it.each(valid)('accepts %j as a schedule recipient and as a member', async (address) => {
    const res = await post('/api/v1/schedules', {
      workspace_id: ws,
      name: `mail ${address}`.slice(0, 200),
      skill_id: skillId,
      cron_expression: '0 9 * * *',
      notify_emails: [address],
    });
    expect(res.status).toBe(201);
    expect((await json(res)).notify_emails).toEqual([address]);
    await createUser(t.deps.prisma, { email: address, password: 'correct horse battery staple' });
    const member = await post(`/api/v1/workspaces/${ws}/members`, { email: address, role: 'viewer' });
    expect(member.status).toBe(201);
    expect((await json(member)).email).toBe(address.toLowerCase());
  });

  it.each(invalid)('refuses %j naming the field', async (address) => {
    const res = await post('/api/v1/schedules', {
      workspace_id: ws,
      name: 'bad mail',
      skill_id: skillId,
      cron_expression: '0 9 * * *',
      notify_emails: [address],
    });
    expect(res.status).toBe(400);
    expect((await json(res)).errors[0].field).toBe('body.notify_emails[0]');
    const member = await post(`/api/v1/workspaces/${ws}/members`, { email: address, role: 'viewer' });
    expect(member.status).toBe(400);
    expect((await json(member)).errors[0].field).toBe('body.email');
  });
});

describe('maxLength counts characters (code points), as JSON Schema does', () => {
  const emoji = '\u{1F600}'; // one character, two UTF-16 units

  it('accepts a description of exactly maxLength characters outside the BMP, and keeps it intact', async () => {
    const description = emoji.repeat(1000); // maxLength 1000; 2000 UTF-16 units
    const res = await post('/api/v1/skills', { workspace_id: ws, name: 'emoji', description });
    expect(res.status).toBe(201);
    const created = await json(res);
    expect(created.description).toBe(description);
    expect((await json(await get(`/api/v1/skills/${created.id}`))).description).toBe(description);
  });

  it('refuses one character more with too_big naming the field', async () => {
    const res = await post('/api/v1/skills', { workspace_id: ws, name: 'emoji', description: emoji.repeat(1001) });
    expect(res.status).toBe(400);
    expect((await json(res)).errors).toEqual([expect.objectContaining({ field: 'body.description', code: 'too_big' })]);
  });

  it('counts the same in a PATCH, with characters of two and four UTF-8 bytes mixed', async () => {
    const ok = await patch(`/api/v1/skills/${skillId}`, { description: `${'é'.repeat(500)}${emoji.repeat(500)}` });
    expect(ok.status).toBe(200);
    const tooLong = await patch(`/api/v1/skills/${skillId}`, { description: `x${emoji.repeat(1000)}` });
    expect(tooLong.status).toBe(400);
    expect((await json(tooLong)).errors[0]).toMatchObject({ field: 'body.description', code: 'too_big' });
  });
});

describe('PATCH bodies', () => {
  it('refuses every PATCH without a body with 400 naming body', async () => {
    const other = await signedInUser(t);
    expect((await post(`/api/v1/workspaces/${ws}/members`, { email: other.email, role: 'viewer' })).status).toBe(201);
    const schedule = await json(
      await post('/api/v1/schedules', {
        workspace_id: ws,
        name: 'patchy',
        skill_id: skillId,
        cron_expression: '0 9 * * *',
      }),
    );
    for (const url of [
      `/api/v1/workspaces/${ws}`,
      `/api/v1/workspaces/${ws}/members/${other.id}`,
      `/api/v1/skills/${skillId}`,
      `/api/v1/schedules/${schedule.id}`,
    ]) {
      const res = await patch(url);
      expect(res.status, url).toBe(400);
      expect((await json(res)).errors[0]).toMatchObject({ field: 'body', code: 'invalid_type' });
      const empty = await t.fetch(url, { method: 'PATCH', headers: { ...h(), 'Content-Type': 'application/json' } });
      expect(empty.status, url).toBe(400);
    }
  });

  it('an empty skill update makes no version and answers the skill as it is', async () => {
    const before = await json(await get(`/api/v1/skills/${skillId}`));
    const versions = async () => (await json(await get(`/api/v1/skills/${skillId}/versions`))).data.length;
    const count = await versions();
    for (const body of [{}, { publish: false }, { description: before.description, tools: before.tools }]) {
      const res = await patch(`/api/v1/skills/${skillId}`, body);
      expect(res.status).toBe(200);
      expect(await json(res)).toEqual(before);
    }
    expect(await versions()).toBe(count);
    const changed = await json(await patch(`/api/v1/skills/${skillId}`, { instructions: 'new' }));
    expect(changed.version).toBe(before.version + 1);
    expect(changed.published_version).toBe(before.published_version);
    const published = await json(await patch(`/api/v1/skills/${skillId}`, { publish: true }));
    expect(published).toMatchObject({ version: changed.version, published_version: changed.version });
    expect(await versions()).toBe(count + 1);
  });

  it('an empty workspace or schedule update changes nothing, updated_at included', async () => {
    const workspace = await json(await get(`/api/v1/workspaces/${ws}`));
    const res = await patch(`/api/v1/workspaces/${ws}`, {});
    expect(res.status).toBe(200);
    expect(await json(res)).toEqual(workspace);

    const created = await json(
      await post('/api/v1/schedules', {
        workspace_id: ws,
        name: 'still',
        skill_id: skillId,
        cron_expression: '0 9 * * *',
      }),
    );
    const schedule = await json(await get(`/api/v1/schedules/${created.id}`));
    const same = await patch(`/api/v1/schedules/${created.id}`, {});
    expect(same.status).toBe(200);
    expect((await json(same)).updated_at).toBe(schedule.updated_at);
  });
});

describe('405 for a method the document does not have on a known path', () => {
  const verbs = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'];
  const templates = Object.entries(openApiDocument.paths).map(([path, item]) => ({
    path,
    pattern: new RegExp(`^${path.replace(/\{[^}]+\}/g, '[^/]+')}$`),
    methods: Object.keys(item).map((m) => m.toUpperCase()),
    params: (path.match(/\{/g) ?? []).length,
  }));

  it.each(templates.map((x) => x.path))('%s', async (template) => {
    const path = template.replace(/\{[^}]+\}/g, 'x_1');
    // The most specific templates decide: `/files/extract` has only POST, whatever `/files/{file_id}` has.
    const matching = templates.filter((x) => x.pattern.test(path));
    const fewest = Math.min(...matching.map((x) => x.params));
    const allowed = new Set(matching.filter((x) => x.params === fewest).flatMap((x) => x.methods));
    if (allowed.has('GET')) allowed.add('HEAD');
    for (const method of verbs.filter((v) => !allowed.has(v))) {
      // Plain fetch: these requests are outside the document on purpose, which the contract checker refuses.
      const res = await fetch(new URL(path, t.url), { method, headers: h() });
      expect(res.status, `${method} ${path}`).toBe(405);
      expect(res.headers.get('allow')).toBe([...allowed].sort().join(', '));
      expect(res.headers.get('content-type')).toBe('application/problem+json');
      expect((await json(res)).type).toBe('METHOD_NOT_ALLOWED');
    }
  });

  it('an unknown path is still 404 ROUTE_NOT_FOUND', async () => {
    for (const path of ['/api/v1/nothing', '/api/v1/skills/x/y/z', '/api/v1/skills/']) {
      const res = await fetch(new URL(path, t.url), { method: 'PUT' });
      expect(res.status).toBe(404);
      expect((await json(res)).type).toBe('ROUTE_NOT_FOUND');
    }
  });
});
