/**
 * Scratchpads and their cells through HTTP: creation with cells, order kept dense under concurrent appends, moves
 * and deletes, hostile input, other workspaces' ids, permissions, and the scratchpad's deletion with its conversation.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addMember, auth, createApiKey, createWorkspace, signedInUser, type TestUser } from './support/identity.ts';
import { scratchpadClient } from './support/scratchpads.ts';
import { createTestApp, type TestApp } from './support/test-app.ts';

let t: TestApp;
let owner: TestUser;
let ws: string;
let conv: string;
let api: ReturnType<typeof scratchpadClient>;

beforeAll(async () => {
  t = await createTestApp({ RATE_LIMIT_DEFAULT_PER_MINUTE: '100000' }, { worker: false });
  owner = await signedInUser(t);
  ws = await createWorkspace(t, owner);
  api = scratchpadClient(t, owner);
  conv = (await api.ok('POST', '/api/v1/conversations', { workspace_id: ws, title: 'Analysis' }, 201)).id;
});
afterAll(() => t?.close());

const newScratchpad = (body: object = {}) =>
  api.ok('POST', '/api/v1/scratchpads', { conversation_id: conv, ...body }, 201);
const indexes = async (sp: string) => {
  const got = await api.ok('GET', `/api/v1/scratchpads/${sp}`);
  return got.cells.map((c: { index: number; content: string }) => [c.index, c.content]);
};

describe('scratchpads', () => {
  it('are created with their first cells, listed per conversation, updated and deleted', async () => {
    const sp = await newScratchpad({
      title: 'Sales analysis draft',
      cells: [
        { type: 'markdown', content: '# Plan' },
        { type: 'code', language: 'shell', content: 'echo hi', timeout_seconds: 5 },
        { type: 'output', content: 'by hand' },
      ],
    });
    expect(sp.id).toMatch(/^sp_/);
    expect(sp.saved).toBe(false);
    expect(sp.cells.map((c: { index: number; type: string }) => [c.index, c.type])).toEqual([
      [0, 'markdown'],
      [1, 'code'],
      [2, 'output'],
    ]);
    const code = sp.cells[1];
    expect(code).toMatchObject({ id: expect.stringMatching(/^cell_/), language: 'shell', status: null, outputs: [] });
    expect(code.timeout_seconds).toBe(5);
    expect(sp.cells[0]).toMatchObject({ language: null, status: null, timeout_seconds: null });

    const list = await api.ok('GET', `/api/v1/scratchpads?conversation_id=${conv}&limit=200`);
    expect(list.data.find((s: { id: string }) => s.id === sp.id)).toMatchObject({
      cell_count: 3,
      title: 'Sales analysis draft',
    });

    const saved = await api.ok('PATCH', `/api/v1/scratchpads/${sp.id}`, { title: 'Final analysis', saved: true });
    expect(saved).toMatchObject({ title: 'Final analysis', saved: true });
    expect(saved.cells).toHaveLength(3);

    expect((await api.send('DELETE', `/api/v1/scratchpads/${sp.id}`)).status).toBe(204);
    expect((await api.send('GET', `/api/v1/scratchpads/${sp.id}`)).status).toBe(404);
    expect((await api.send('GET', api.cellPath(sp.id, code.id))).status).toBe(404);
  });

  it('pages a conversation’s scratchpads', async () => {
    const other = (await api.ok('POST', '/api/v1/conversations', { workspace_id: ws }, 201)).id;
    for (let i = 0; i < 3; i++)
      await api.ok('POST', '/api/v1/scratchpads', { conversation_id: other, title: `p${i}` }, 201);
    const first = await api.ok('GET', `/api/v1/scratchpads?conversation_id=${other}&limit=2&sort=created_at`);
    expect(first.data.map((s: { title: string }) => s.title)).toEqual(['p0', 'p1']);
    expect(first.has_more).toBe(true);
    const second = await api.ok(
      'GET',
      `/api/v1/scratchpads?conversation_id=${other}&limit=2&sort=created_at&cursor=${first.next_cursor}`,
    );
    expect(second.data.map((s: { title: string }) => s.title)).toEqual(['p2']);
    expect(second.has_more).toBe(false);
    expect((await api.send('GET', '/api/v1/scratchpads')).body.errors[0].field).toBe('query.conversation_id');
  });

  it('go with their conversation', async () => {
    const c = (await api.ok('POST', '/api/v1/conversations', { workspace_id: ws }, 201)).id;
    const sp = await api.ok('POST', '/api/v1/scratchpads', { conversation_id: c, cells: [{ type: 'markdown' }] }, 201);
    expect((await api.send('DELETE', `/api/v1/conversations/${c}`)).status).toBe(204);
    expect((await api.send('GET', `/api/v1/scratchpads/${sp.id}`)).status).toBe(404);
    expect(await t.deps.prisma.scratchpadCell.count({ where: { scratchpadId: sp.id } })).toBe(0);
  });
});

describe('cells', () => {
  it('are appended, inserted, moved and deleted with dense indexes', async () => {
    const sp = await newScratchpad();
    const add = (content: string, extra: object = {}) =>
      api.ok('POST', `/api/v1/scratchpads/${sp.id}/cells`, { type: 'markdown', content, ...extra }, 201);
    const a = await add('a');
    const b = await add('b');
    await add('c');
    expect((await add('first', { index: 0 })).index).toBe(0);
    expect(await indexes(sp.id)).toEqual([
      [0, 'first'],
      [1, 'a'],
      [2, 'b'],
      [3, 'c'],
    ]);

    const moved = await api.ok('PATCH', api.cellPath(sp.id, a.id), { content: 'a2', index: 3 });
    expect(moved).toMatchObject({ index: 3, content: 'a2' });
    expect(await indexes(sp.id)).toEqual([
      [0, 'first'],
      [1, 'b'],
      [2, 'c'],
      [3, 'a2'],
    ]);
    await api.ok('PATCH', api.cellPath(sp.id, a.id), { index: 0 });
    expect(await indexes(sp.id)).toEqual([
      [0, 'a2'],
      [1, 'first'],
      [2, 'b'],
      [3, 'c'],
    ]);

    expect((await api.send('DELETE', api.cellPath(sp.id, b.id))).status).toBe(204);
    expect(await indexes(sp.id)).toEqual([
      [0, 'a2'],
      [1, 'first'],
      [2, 'c'],
    ]);
    expect((await api.send('DELETE', api.cellPath(sp.id, b.id))).status).toBe(404);

    const far = await api.send('PATCH', api.cellPath(sp.id, a.id), { index: 3 });
    expect(far.status).toBe(400);
    expect(far.body.errors[0].field).toBe('body.index');
    const gap = await api.send('POST', `/api/v1/scratchpads/${sp.id}/cells`, { type: 'markdown', index: 4 });
    expect(gap.body.errors[0].field).toBe('body.index');
  });

  it('keep one cell per index under concurrent appends, moves and deletes', async () => {
    const sp = await newScratchpad();
    const made = await Promise.all(
      Array.from({ length: 24 }, (_, i) =>
        api.ok('POST', `/api/v1/scratchpads/${sp.id}/cells`, { type: 'markdown', content: `c${i}` }, 201),
      ),
    );
    const results = await Promise.all([
      ...made.slice(0, 8).map((c, i) => api.send('PATCH', api.cellPath(sp.id, c.id), { index: (i * 5) % 20 })),
      ...made.slice(8, 12).map((c) => api.send('DELETE', api.cellPath(sp.id, c.id))),
      ...Array.from({ length: 6 }, (_, i) =>
        api.send('POST', `/api/v1/scratchpads/${sp.id}/cells`, { type: 'markdown', content: `n${i}`, index: i }),
      ),
    ]);
    for (const r of results) expect([200, 201, 204], JSON.stringify(r.body)).toContain(r.status);
    const cells = (await indexes(sp.id)) as Array<[number, string]>;
    expect(cells).toHaveLength(24 - 4 + 6);
    expect(cells.map(([i]) => i)).toEqual(cells.map((_, i) => i));
    const rows = await t.deps.prisma.scratchpadCell.findMany({
      where: { scratchpadId: sp.id },
      orderBy: { position: 'asc' },
    });
    expect(rows.map((r) => r.position)).toEqual(rows.map((_, i) => i));
  });

  it('refuse NUL bytes, huge content, wrong types and misplaced fields with 400 naming the field', async () => {
    const sp = await newScratchpad();
    const cells = `/api/v1/scratchpads/${sp.id}/cells`;
    const field = async (body: unknown, path = cells, method = 'POST') => {
      const res = await api.send(method, path, body);
      expect(res.status, JSON.stringify(res.body)).toBe(400);
      return res.body.errors.map((e: { field: string }) => e.field);
    };
    expect(await field({ type: 'code', content: 'print(1)\u0000' })).toContain('body.content');
    expect(await field({ type: 'code', content: 'x'.repeat(100_001) })).toContain('body.content');
    expect(await field({ type: 5 })).toContain('body.type');
    expect(await field({ type: 'code', language: 'ruby' })).toContain('body.language');
    expect(await field({ type: 'markdown', language: 'python' })).toContain('body.language');
    expect(await field({ type: 'markdown', timeout_seconds: 3 })).toContain('body.timeout_seconds');
    expect(await field({ type: 'code', timeout_seconds: 3601 })).toContain('body.timeout_seconds');
    expect(await field({ type: 'code', timeout_seconds: 3000 })).toContain('body.timeout_seconds');
    expect(await field({ type: 'code', extra: 1 })).toEqual(expect.arrayContaining([expect.stringMatching(/^body/)]));
    expect(await field({ conversation_id: conv, title: 'a\u0000' }, '/api/v1/scratchpads')).toContain('body.title');
    expect(
      await field({ conversation_id: conv, cells: [{ type: 'markdown', language: 'shell' }] }, '/api/v1/scratchpads'),
    ).toContain('body.cells[0].language');
    expect(await field({ saved: 'yes' }, `/api/v1/scratchpads/${sp.id}`, 'PATCH')).toContain('body.saved');
    const wrongType = await api.send('POST', cells, 'type=code', { 'Content-Type': 'text/plain' });
    expect(wrongType.status).toBe(415);
    expect(await t.deps.prisma.scratchpadCell.count({ where: { scratchpadId: sp.id } })).toBe(0);
  });

  it('are not found from another workspace, and follow roles and key scopes', async () => {
    const sp = await newScratchpad({ cells: [{ type: 'code', content: 'print(1)' }] });
    const cell = sp.cells[0].id;
    const stranger = await signedInUser(t);
    await createWorkspace(t, stranger);
    const them = scratchpadClient(t, stranger);
    expect((await them.send('GET', `/api/v1/scratchpads/${sp.id}`)).status).toBe(404);
    expect((await them.send('GET', them.cellPath(sp.id, cell))).status).toBe(404);
    expect((await them.send('PATCH', them.cellPath(sp.id, cell), { content: 'x' })).status).toBe(404);
    expect((await them.send('POST', `${them.cellPath(sp.id, cell)}/run`)).status).toBe(404);
    expect((await them.send('GET', `${them.cellPath(sp.id, cell)}/events`)).status).toBe(404);
    expect((await them.send('DELETE', `/api/v1/scratchpads/${sp.id}`)).status).toBe(404);
    const foreign = await them.send('POST', '/api/v1/scratchpads', { conversation_id: conv });
    expect(foreign.status).toBe(404);
    expect((await them.send('GET', `/api/v1/scratchpads?conversation_id=${conv}`)).status).toBe(404);
    // A cell id of another scratchpad under this one's path.
    const mine = await newScratchpad();
    expect((await api.send('GET', api.cellPath(mine.id, cell))).status).toBe(404);

    const viewer = await signedInUser(t);
    await addMember(t, owner, ws, viewer, 'viewer');
    const asViewer = scratchpadClient(t, viewer);
    expect((await asViewer.send('GET', `/api/v1/scratchpads/${sp.id}`)).status).toBe(200);
    expect((await asViewer.send('POST', `${asViewer.cellPath(sp.id, cell)}/run`)).status).toBe(403);
    expect((await asViewer.send('POST', `/api/v1/scratchpads/${sp.id}/cells`, { type: 'markdown' })).status).toBe(403);

    const readKey = await createApiKey(t, owner, { name: 'read', workspace_id: ws, scopes: ['conversations:read'] });
    const read = (method: string, path: string, body?: unknown) =>
      t.fetch(path, {
        method,
        headers: { ...auth(readKey), 'Content-Type': 'application/json' },
        ...(body ? { body: JSON.stringify(body) } : {}),
      });
    expect((await read('GET', `/api/v1/scratchpads/${sp.id}`)).status).toBe(200);
    expect((await read('PATCH', `/api/v1/scratchpads/${sp.id}`, { saved: true })).status).toBe(403);
    expect((await read('POST', `${api.cellPath(sp.id, cell)}/run`)).status).toBe(403);
  });

  it('replays a creation sent again with the same Idempotency-Key', async () => {
    const sp = await newScratchpad();
    const send = () =>
      api.send(
        'POST',
        `/api/v1/scratchpads/${sp.id}/cells`,
        { type: 'markdown', content: 'once' },
        { 'Idempotency-Key': `k-${sp.id}` },
      );
    const [a, b] = await Promise.all([send(), send()]);
    expect(a.body.id).toBe(b.body.id);
    expect(await indexes(sp.id)).toEqual([[0, 'once']]);
  });
});
