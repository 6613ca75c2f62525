/**
 * Promoting a scratchpad to an artifact through HTTP, against the real sandbox, storage and database: the page served
 * raw is inert (hostile markdown, outputs and data URLs come out as text), promoting again makes a new version of the
 * same artifact, concurrent promotions make one artifact, a deleted artifact is replaced by a new one, and refusals
 * (other workspaces, roles and scopes, running cells, bad bodies, a folder taken) change nothing.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { artifactForm } from './support/artifacts.ts';
import { storedBlobs } from './support/files.ts';
import { addMember, auth, createApiKey, createWorkspace, signedInUser, type TestUser } from './support/identity.ts';
import { scratchpadClient } from './support/scratchpads.ts';
import { createTestApp, json, type TestApp } from './support/test-app.ts';

let t: TestApp;
let owner: TestUser;
let ws: string;
let project: string;
let conv: string;
let api: ReturnType<typeof scratchpadClient>;

beforeAll(async () => {
  t = await createTestApp({
    RATE_LIMIT_DEFAULT_PER_MINUTE: '100000',
    RATE_LIMIT_FILES_PER_MINUTE: '100000',
    RATE_LIMIT_SKILL_RUNS_PER_MINUTE: '100000',
    SANDBOX_COMMAND_TIMEOUT_SECONDS: '30',
    ARTIFACT_MAX_BYTES: '250000',
  });
  owner = await signedInUser(t);
  ws = await createWorkspace(t, owner);
  api = scratchpadClient(t, owner);
  project = (await api.ok('POST', '/api/v1/projects', { workspace_id: ws, name: 'Sales' }, 201)).id;
  conv = (await api.ok('POST', '/api/v1/conversations', { project_id: project, title: 'Q3' }, 201)).id;
});
afterAll(() => t?.close());

const promotePath = (sp: string) => `/api/v1/scratchpads/${sp}/promote`;
const newScratchpad = async (cells: object[] = [{ type: 'markdown', content: '# Notes' }], conversation = conv) =>
  (await api.ok('POST', '/api/v1/scratchpads', { conversation_id: conversation, cells }, 201)).id as string;
const raw = async (path: string) => {
  const res = await t.fetch(path, { headers: auth(owner.session) });
  expect(res.status).toBe(200);
  return res;
};
/** Every tag name the page opens. */
const tagsOf = (html: string) =>
  new Set([...html.matchAll(/<([a-zA-Z][a-zA-Z0-9-]*)/g)].map((m) => m[1]!.toLowerCase()));
const PAGE_TAGS =
  'html head meta title style body main h1 h2 h3 p br section div pre code figure img ul ol li strong em';

const PNG_SCRIPT = String.raw`
import base64, struct, sys, zlib
def chunk(kind, data):
    return struct.pack('>I', len(data)) + kind + data + struct.pack('>I', zlib.crc32(kind + data) & 0xffffffff)
png = b'\x89PNG\r\n\x1a\n' + chunk(b'IHDR', struct.pack('>IIBBBBB', 2, 1, 8, 2, 0, 0, 0)) + chunk(b'IDAT', zlib.compress(b'\x00\xff\x00\x00\x00\x00\xff')) + chunk(b'IEND', b'')
open('/sandbox/outputs/chart.png', 'wb').write(png)
open('/sandbox/outputs/page.html', 'w').write('<script>alert("file")</script>')
print('data:text/html;base64,' + base64.b64encode(b'<script>alert(3)</script>').decode())
print('<b>"quoted"</b>', file=sys.stderr)
`;

describe('promoting a scratchpad', () => {
  it('publishes its cells as an inert page beside notebook.json, and marks the scratchpad', async () => {
    const sp = await newScratchpad([
      {
        type: 'markdown',
        content: '# Plan\n<script>alert(1)</script>\n"><img src=x onerror=alert(2)>\n- **one** and `<i>`\n- two',
      },
      { type: 'code', language: 'python', content: PNG_SCRIPT },
      { type: 'code', language: 'shell', content: 'echo "</code></pre><script>x</script>"; exit 3' },
      { type: 'output', content: '<iframe src="javascript:alert(4)">' },
    ]);
    const cells = (await api.ok('GET', `/api/v1/scratchpads/${sp}`)).cells;
    for (const cell of cells.slice(1, 3)) {
      expect((await api.start(sp, cell.id)).status).toBe(202);
      await api.settle(sp, cell.id);
    }
    const res = await api.send('POST', promotePath(sp), { title: 'Q3 <draft>', description: 'By "region" & month' });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    const art = res.body;
    expect(art).toMatchObject({
      id: expect.stringMatching(/^art_/),
      project_id: project,
      conversation_id: conv,
      title: 'Q3 <draft>',
      type: 'report',
      path: `scratchpads/${sp}/index.html`,
      root: `scratchpads/${sp}`,
      version: 1,
      file_count: 2,
    });
    expect(art.files.map((f: { path: string }) => f.path)).toEqual(['index.html', 'notebook.json']);
    expect(await api.ok('GET', `/api/v1/scratchpads/${sp}`)).toMatchObject({ saved: true, artifact_id: art.id });
    const listed = await api.ok('GET', `/api/v1/scratchpads?conversation_id=${conv}&limit=200`);
    expect(listed.data.find((s: { id: string }) => s.id === sp)).toMatchObject({ saved: true, artifact_id: art.id });

    const page = await raw(art.serve_url);
    expect(page.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(page.headers.get('content-security-policy')).toMatch(/^sandbox/);
    const html = await page.text();
    expect(html).toContain(
      `<meta http-equiv="Content-Security-Policy" content="default-src 'none'; img-src data:; style-src 'unsafe-inline'">`,
    );
    expect(html).toContain('<title>Q3 &lt;draft&gt;</title>');
    expect(html).toContain('<p class="description">By &quot;region&quot; &amp; month</p>');
    // Markdown: the subset rendered, everything else text.
    expect(html).toContain('<h1>Plan</h1>');
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(html).toContain('&quot;&gt;&lt;img src=x onerror=alert(2)&gt;');
    expect(html).toContain('<ul><li><strong>one</strong> and <code>&lt;i&gt;</code></li><li>two</li></ul>');
    // Outputs: the PNG is the only image; the HTML file, the printed data URL and stderr are text.
    const images = [...html.matchAll(/<img [^>]*>/g)].map((m) => m[0]);
    expect(images).toHaveLength(1);
    expect(images[0]).toMatch(/^<img src="data:image\/png;base64,[A-Za-z0-9+/=]+" alt="chart.png">$/);
    expect(html).toContain('&lt;script&gt;alert(&quot;file&quot;)&lt;/script&gt;');
    expect(html).toContain('<pre>data:text/html;base64,PHNjcmlwdD5hbGVydCgzKTwvc2NyaXB0Pg==\n</pre>');
    expect(html).toContain('&lt;b&gt;&quot;quoted&quot;&lt;/b&gt;');
    // The failed shell cell: its code, its output and its error, escaped.
    expect(html).toContain('<code class="language-shell">echo &quot;&lt;/code&gt;&lt;/pre&gt;&lt;script&gt;');
    expect(html).toMatch(/<pre class="error">[^<]*3[^<]*<\/pre>/);
    expect(html).toContain('<pre>&lt;iframe src=&quot;javascript:alert(4)&quot;&gt;</pre>');
    expect([...tagsOf(html)].filter((tag) => !PAGE_TAGS.split(' ').includes(tag))).toEqual([]);

    const notebook = await json(await raw(art.serve_url.replace(/index\.html$/, 'notebook.json')));
    expect(notebook).toMatchObject({ format: 'skillplane.scratchpad.v1', scratchpad_id: sp, title: 'Q3 <draft>' });
    expect(notebook.cells.map((c: { id: string; content: string }) => [c.id, c.content])).toEqual(
      cells.map((c: { id: string; content: string }) => [c.id, c.content]),
    );
    expect(notebook.cells[2]).toMatchObject({ status: 'error', error: expect.stringContaining('3') });
  });

  it('shows an image output only when its data is a base64 data URL of an image type', async () => {
    const sp = await newScratchpad([{ type: 'code', content: 'print(1)' }]);
    const cell = (await api.ok('GET', `/api/v1/scratchpads/${sp}`)).cells[0];
    // What no run writes (a worker writes image outputs from files it encoded itself), set in the database to show
    // that the page does not trust the stored outputs either.
    const html = 'data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==';
    await t.deps.prisma.scratchpadCell.update({
      where: { id: cell.id },
      data: {
        status: 'success',
        outputs: [
          { mime_type: 'image/png', data: html },
          { mime_type: 'image/svg+xml', data: 'data:image/svg+xml;base64,PHN2Zz48L3N2Zz4=' },
          { mime_type: 'image/png', data: 'data:image/png;base64,iVBO"><script>' },
          { mime_type: 'image/gif', data: 'data:image/gif;base64,R0lGODlhAQABAAAAACw=' },
        ],
      },
    });
    const art = (await api.send('POST', promotePath(sp))).body;
    const page = await (await raw(art.serve_url)).text();
    expect([...page.matchAll(/<img [^>]*>/g)].map((m) => m[0])).toEqual([
      '<img src="data:image/gif;base64,R0lGODlhAQABAAAAACw=" alt="output">',
    ]);
    expect(page).toContain(`<pre>${html}</pre>`);
    expect(page).toContain('<pre>data:image/png;base64,iVBO&quot;&gt;&lt;script&gt;</pre>');
    expect(page).not.toMatch(/<script/i);
  });

  it('publishes a new version of the same artifact when promoted again, and removes the old blobs', async () => {
    const sp = await newScratchpad([{ type: 'markdown', content: 'first' }]);
    const first = await api.ok('POST', promotePath(sp), { title: 'Kept title' }, 201);
    const blobs = (await storedBlobs(t, ws)).length;
    const cell = (await api.ok('GET', `/api/v1/scratchpads/${sp}`)).cells[0];
    await api.ok('PATCH', api.cellPath(sp, cell.id), { content: 'second' });
    const again = await api.ok('POST', promotePath(sp), undefined, 200);
    expect(again).toMatchObject({ id: first.id, version: 2, title: 'Kept title', path: first.path });
    const page = await (await raw(again.serve_url)).text();
    expect(page).toContain('<p>second</p>');
    expect(page).not.toContain('first');
    expect((await storedBlobs(t, ws)).length).toBe(blobs);
    const renamed = await api.ok('POST', promotePath(sp), { title: 'New title' }, 200);
    expect(renamed).toMatchObject({ id: first.id, version: 3, title: 'New title' });
    // The artifact outlives its scratchpad.
    expect((await api.send('DELETE', `/api/v1/scratchpads/${sp}`)).status).toBe(204);
    expect(await api.ok('GET', `/api/v1/artifacts/${first.id}`)).toMatchObject({ version: 3 });
  });

  it('makes one artifact of concurrent promotions, and one version of concurrent retries with one Idempotency-Key', async () => {
    const sp = await newScratchpad();
    const results = await Promise.all(Array.from({ length: 5 }, () => api.send('POST', promotePath(sp))));
    expect(results.map((r) => r.status).sort()).toEqual([200, 200, 200, 200, 201]);
    expect(new Set(results.map((r) => r.body.id)).size).toBe(1);
    expect(results.map((r) => r.body.version).sort()).toEqual([1, 2, 3, 4, 5]);
    const id = results[0]!.body.id;
    expect((await api.ok('GET', `/api/v1/scratchpads/${sp}`)).artifact_id).toBe(id);
    const listed = await api.ok('GET', `/api/v1/artifacts?project_id=${project}&limit=200`);
    expect(listed.data.filter((a: { root: string }) => a.root === `scratchpads/${sp}`)).toHaveLength(1);

    const key = { 'Idempotency-Key': `promote-${sp}` };
    const retries = await Promise.all(
      Array.from({ length: 3 }, () => api.send('POST', promotePath(sp), { title: 'Once' }, key)),
    );
    expect(retries.map((r) => [r.status, r.body.id, r.body.version])).toEqual(Array(3).fill([200, id, 6]));
    const other = await api.send('POST', promotePath(sp), { title: 'Twice' }, key);
    expect(other.status).toBe(409);
    expect(other.body.type).toBe('IDEMPOTENCY_KEY_REUSED');
  });

  it('creates a new artifact when the one it was promoted to was deleted', async () => {
    const sp = await newScratchpad();
    const first = await api.ok('POST', promotePath(sp), undefined, 201);
    expect((await api.send('DELETE', `/api/v1/artifacts/${first.id}`)).status).toBe(204);
    expect(await api.ok('GET', `/api/v1/scratchpads/${sp}`)).toMatchObject({ saved: true, artifact_id: null });
    const second = await api.ok('POST', promotePath(sp), undefined, 201);
    expect(second.id).not.toBe(first.id);
    expect(second).toMatchObject({ version: 1, root: `scratchpads/${sp}` });
    expect((await api.ok('GET', `/api/v1/scratchpads/${sp}`)).artifact_id).toBe(second.id);
  });
});

describe('refusals', () => {
  const expectField = (
    res: { status: number; body: { errors?: Array<{ field: string }> } },
    status: number,
    field: string,
  ) => {
    expect(res.status, JSON.stringify(res.body)).toBe(status);
    expect(res.body.errors?.map((e) => e.field)).toContain(field);
  };
  const unchanged = async (sp: string) =>
    expect(await api.ok('GET', `/api/v1/scratchpads/${sp}`)).toMatchObject({ saved: false, artifact_id: null });

  it('answers bad bodies and wrong media types with problem+json naming the field', async () => {
    const sp = await newScratchpad();
    const text = await t.fetch(promotePath(sp), {
      method: 'POST',
      headers: { ...auth(owner.session), 'Content-Type': 'text/plain' },
      body: 'title=x',
    });
    expect(text.status).toBe(415);
    expect(text.headers.get('content-type')).toContain('application/problem+json');
    expect((await api.send('POST', promotePath(sp), '{"title":')).status).toBe(400);
    expectField(await api.send('POST', promotePath(sp), { title: '' }), 400, 'body.title');
    expectField(await api.send('POST', promotePath(sp), { title: 'a\u0000b' }), 400, 'body.title');
    expectField(await api.send('POST', promotePath(sp), { description: 'x'.repeat(2001) }), 400, 'body.description');
    expectField(await api.send('POST', promotePath(sp), { project_id: '../x' }), 400, 'body.project_id');
    expectField(await api.send('POST', promotePath(sp), { project_id: 'proj_Missing1' }), 404, 'body.project_id');
    const extra = await api.send('POST', promotePath(sp), { title: 'x', html: '<script>' });
    expect(extra.status).toBe(400);
    expect(JSON.stringify(extra.body.errors)).toContain('html');
    expect((await api.send('POST', promotePath('sp_Missing1'))).status).toBe(404);
    await unchanged(sp);
  });

  it('refuses a scratchpad whose page would be larger than an artifact may be', async () => {
    const sp = await newScratchpad(
      Array.from({ length: 3 }, () => ({ type: 'markdown', content: 'x'.repeat(100_000) })),
    );
    const blobs = (await storedBlobs(t, ws)).length;
    const res = await api.send('POST', promotePath(sp));
    expect(res.status).toBe(422);
    expect(res.body.detail).toContain('250000');
    expect((await storedBlobs(t, ws)).length).toBe(blobs);
    await unchanged(sp);
  });

  it('needs a project when the conversation has none, in the same workspace', async () => {
    const loose = (await api.ok('POST', '/api/v1/conversations', { workspace_id: ws }, 201)).id;
    const sp = await newScratchpad(undefined, loose);
    expectField(await api.send('POST', promotePath(sp)), 400, 'body.project_id');
    const ws2 = await createWorkspace(t, owner, 'Other');
    const elsewhere = (await api.ok('POST', '/api/v1/projects', { workspace_id: ws2, name: 'Other' }, 201)).id;
    expectField(await api.send('POST', promotePath(sp), { project_id: elsewhere }), 404, 'body.project_id');
    await unchanged(sp);
    const art = await api.ok('POST', promotePath(sp), { project_id: project }, 201);
    expect(art.project_id).toBe(project);
    const other = (await api.ok('POST', '/api/v1/projects', { workspace_id: ws, name: 'Later' }, 201)).id;
    expectField(await api.send('POST', promotePath(sp), { project_id: other }), 409, 'body.project_id');
  });

  it("hides other workspaces' scratchpads, and needs both CONVERSATIONS_WRITE and ARTIFACTS_WRITE", async () => {
    const sp = await newScratchpad();
    const outsider = await signedInUser(t);
    await createWorkspace(t, outsider, 'Theirs');
    const theirs = scratchpadClient(t, outsider);
    expect((await theirs.send('POST', promotePath(sp))).status).toBe(404);
    const viewer = await signedInUser(t);
    await addMember(t, owner, ws, viewer, 'viewer');
    const refused = await scratchpadClient(t, viewer).send('POST', promotePath(sp));
    expect(refused.status).toBe(403);
    expect(refused.body.detail).toContain('CONVERSATIONS_WRITE');
    const keyed = (scopes: string[]) => async () =>
      t.fetch(promotePath(sp), {
        method: 'POST',
        headers: auth(await createApiKey(t, owner, { name: scopes.join(' '), scopes })),
      });
    const noArtifacts = await keyed(['conversations:read', 'conversations:write'])();
    expect(noArtifacts.status).toBe(403);
    expect((await json(noArtifacts)).detail).toContain('artifacts:write');
    const noConversations = await keyed(['artifacts:read', 'artifacts:write'])();
    expect(noConversations.status).toBe(403);
    await unchanged(sp);
    expect((await keyed(['conversations:write', 'artifacts:write'])()).status).toBe(201);
  });

  it('refuses while a cell runs, and when the folder overlaps another artifact, leaving nothing behind', async () => {
    const sp = await newScratchpad([{ type: 'code', language: 'shell', content: 'sleep 20' }]);
    const cell = (await api.ok('GET', `/api/v1/scratchpads/${sp}`)).cells[0];
    expect((await api.start(sp, cell.id)).status).toBe(202);
    const busy = await api.send('POST', promotePath(sp));
    expect(busy.status).toBe(409);
    expect(busy.body.errors[0]).toMatchObject({ field: 'path.scratchpad_id', code: 'cell_running' });
    expect((await api.send('POST', `${api.cellPath(sp, cell.id)}/cancel`)).status).toBe(202);
    await api.settle(sp, cell.id);
    await unchanged(sp);

    // Another project whose artifact owns the folder `scratchpads`: the promotion's folder would sit inside it.
    const taken = (await api.ok('POST', '/api/v1/projects', { workspace_id: ws, name: 'Taken' }, 201)).id;
    const form = artifactForm({ project_id: taken, path: 'scratchpads/index.html' }, [
      { name: 'index.html', content: 'x' },
    ]);
    expect(
      (await t.fetch('/api/v1/artifacts', { method: 'POST', headers: auth(owner.session), body: form })).status,
    ).toBe(201);
    const conversation = (await api.ok('POST', '/api/v1/conversations', { project_id: taken }, 201)).id;
    const blocked = await newScratchpad(undefined, conversation);
    const blobs = (await storedBlobs(t, ws)).length;
    const conflict = await api.send('POST', promotePath(blocked));
    expect(conflict.status).toBe(409);
    expect(conflict.body.errors[0]).toMatchObject({ code: 'folder_conflict' });
    expect((await storedBlobs(t, ws)).length).toBe(blobs);
    await unchanged(blocked);
  });
});
