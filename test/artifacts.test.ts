/**
 * Artifacts through HTTP: publishing (multipart, fields in any order, replace keeps the id), listing with filters
 * and cursors, preview, rename, delete, raw serving with its sandboxing headers, signed view URLs, limits, and what
 * the storage holds afterwards.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signViewToken } from '../src/artifacts/view-token.ts';
import { artifactForm } from './support/artifacts.ts';
import { storedBlobs } from './support/files.ts';
import { auth, createWorkspace, jsonBody, signedInUser, type TestUser } from './support/identity.ts';
import { createTestApp, json, type TestApp } from './support/test-app.ts';

let t: TestApp;
let owner: TestUser;
let ws: string;
let projectId: string;

const publish = (form: FormData, who = owner.session) =>
  t.fetch('/api/v1/artifacts', { method: 'POST', headers: auth(who), body: form });

const get = (path: string, headers: Record<string, string> = auth(owner.session)) => t.fetch(path, { headers });

const INDEX = '<!doctype html><script src="assets/chart.js"></script><h1>Sales</h1>';
const CHART = 'document.body.append("chart");';

beforeAll(async () => {
  t = await createTestApp({ ARTIFACT_MAX_FILES: '5', ARTIFACT_MAX_BYTES: '300000' });
  owner = await signedInUser(t);
  ws = await createWorkspace(t, owner);
  const res = await t.fetch('/api/v1/projects', jsonBody({ workspace_id: ws, name: 'Sales' }, auth(owner.session)));
  projectId = (await json(res)).id;
});
afterAll(async () => {
  await t?.close();
});

describe('publishing and serving', () => {
  it('publishes files sent after the fields or before them, and serves them sandboxed', async () => {
    const res = await publish(
      artifactForm(
        { project_id: projectId, path: 'sales/index.html', type: 'dashboard' },
        [
          { name: 'index.html', content: INDEX },
          { name: 'assets/chart.js', content: CHART },
          { name: 'data.bin', content: new Uint8Array([0, 1, 2, 3]) },
        ],
        true,
      ),
    );
    expect(res.status).toBe(201);
    const art = await json(res);
    expect(art).toMatchObject({
      workspace_id: ws,
      project_id: projectId,
      title: 'sales',
      type: 'dashboard',
      path: 'sales/index.html',
      root: 'sales',
      source: 'user',
      conversation_id: null,
      version: 1,
      file_count: 3,
      size: INDEX.length + CHART.length + 4,
      serve_url: `/api/v1/artifacts/serve/${projectId}/sales/index.html`,
    });
    expect(art.id).toMatch(/^art_/);
    expect(art.files.map((f: { path: string }) => f.path)).toEqual(['assets/chart.js', 'data.bin', 'index.html']);
    expect(art.files[2]).toMatchObject({ mime_type: 'text/html', size: INDEX.length });

    const page = await get(art.serve_url);
    expect(page.status).toBe(200);
    expect(await page.text()).toBe(INDEX);
    expect(page.headers.get('content-type')).toBe('text/html; charset=utf-8');
    const csp = page.headers.get('content-security-policy') ?? '';
    expect(csp).toMatch(/^sandbox allow-scripts/);
    expect(csp).not.toContain('allow-same-origin');
    expect(page.headers.get('x-content-type-options')).toBe('nosniff');
    expect(page.headers.get('referrer-policy')).toBe('no-referrer');
    expect(page.headers.get('cross-origin-resource-policy')).toBe('cross-origin');
    expect(page.headers.get('content-disposition')).toBeNull();

    // A sibling asset, with its `/` literal or encoded.
    for (const p of ['sales/assets/chart.js', 'sales%2Fassets%2Fchart.js']) {
      const asset = await get(`/api/v1/artifacts/serve/${projectId}/${p}`);
      expect(asset.status).toBe(200);
      expect(asset.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
      expect(await asset.text()).toBe(CHART);
    }
    // Unknown types are downloads, never rendered.
    const bin = await get(`/api/v1/artifacts/serve/${projectId}/sales/data.bin`);
    expect(bin.headers.get('content-type')).toBe('application/octet-stream');
    expect(bin.headers.get('content-disposition')).toMatch(/^attachment; filename="data.bin"/);
    expect(new Uint8Array(await bin.arrayBuffer())).toEqual(new Uint8Array([0, 1, 2, 3]));
    // A client with a current copy gets a 304.
    const again = await get(art.serve_url, { ...auth(owner.session), 'If-None-Match': page.headers.get('etag')! });
    expect(again.status).toBe(304);

    // Fields before the files work alike; a missing file is a 404.
    const second = await publish(
      artifactForm({ project_id: projectId, path: 'notes/readme.md', title: 'Notes' }, [
        { name: 'readme.md', content: '# Notes' },
      ]),
    );
    expect(second.status).toBe(201);
    expect(await json(second)).toMatchObject({ type: 'doc', title: 'Notes', root: 'notes' });
    expect((await get(`/api/v1/artifacts/serve/${projectId}/notes/missing.md`)).status).toBe(404);
    expect((await get(`/api/v1/artifacts/serve/${projectId}/elsewhere/index.html`)).status).toBe(404);
  });

  it('replaces an artifact published to the same folder, keeping its id, and removes the old blobs', async () => {
    const first = await json(
      await publish(
        artifactForm({ project_id: projectId, path: 'weekly/index.html', title: 'Weekly', type: 'report' }, [
          { name: 'index.html', content: 'v1' },
          { name: 'old.css', content: 'body{}' },
        ]),
      ),
    );
    const before = await storedBlobs(t, ws);
    const res = await publish(
      artifactForm({ project_id: projectId, path: 'weekly/main.html' }, [{ name: 'main.html', content: 'v2' }]),
    );
    expect(res.status).toBe(200);
    const second = await json(res);
    expect(second).toMatchObject({
      id: first.id,
      version: 2,
      path: 'weekly/main.html',
      title: 'Weekly',
      type: 'report',
    });
    expect(second.file_count).toBe(1);
    expect((await get(`/api/v1/artifacts/serve/${projectId}/weekly/old.css`)).status).toBe(404);
    expect(await (await get(`/api/v1/artifacts/serve/${projectId}/weekly/main.html`)).text()).toBe('v2');
    expect((await storedBlobs(t, ws)).length).toBe(before.length - 1);
  });

  it('refuses folders inside or around another artifact with 409, and keeps both as they were', async () => {
    await publish(
      artifactForm({ project_id: projectId, path: 'outer/index.html' }, [{ name: 'index.html', content: 'o' }]),
    );
    for (const path of ['outer/inner/index.html', 'outer/inner/deeper/x.html']) {
      const res = await publish(
        artifactForm({ project_id: projectId, path }, [{ name: path.split('/').at(-1)!, content: 'x' }]),
      );
      expect(res.status).toBe(409);
      expect((await json(res)).errors[0].field).toBe('body.path');
    }
    await publish(
      artifactForm({ project_id: projectId, path: 'a/b/index.html' }, [{ name: 'index.html', content: 'ab' }]),
    );
    const around = await publish(
      artifactForm({ project_id: projectId, path: 'a/index.html' }, [{ name: 'index.html', content: 'a' }]),
    );
    expect(around.status).toBe(409);
    expect(await (await get(`/api/v1/artifacts/serve/${projectId}/outer/index.html`)).text()).toBe('o');
  });

  it('keeps folders apart under concurrent publishes: one of two nested folders wins, same-folder ones queue up', async () => {
    const results = await Promise.all(
      ['race/index.html', 'race/inner/index.html', 'race/index.html', 'race/inner/index.html'].map((path) =>
        publish(artifactForm({ project_id: projectId, path }, [{ name: 'index.html', content: path }])),
      ),
    );
    const statuses = results.map((r) => r.status);
    expect(
      statuses.every((s) => [200, 201, 409].includes(s)),
      String(statuses),
    ).toBe(true);
    expect(statuses.filter((s) => s === 201)).toHaveLength(1);
    const winners = await Promise.all(results.filter((r) => r.status < 300).map((r) => json(r)));
    expect(new Set(winners.map((a: { id: string }) => a.id)).size).toBe(1);
    expect(winners.map((a: { version: number }) => a.version).sort()).toEqual([1, 2]);
    const same = await Promise.all(
      [1, 2, 3].map((n) =>
        publish(
          artifactForm({ project_id: projectId, path: 'busy/index.html' }, [{ name: 'index.html', content: `${n}` }]),
        ),
      ),
    );
    const versions = await Promise.all(same.map(async (r) => (await json(r)).version));
    expect(versions.sort()).toEqual([1, 2, 3]);
  });

  it('refuses bad forms with a 400 naming the field, and limits with 413, leaving nothing stored', async () => {
    const before = await storedBlobs(t, ws);
    const cases: Array<[FormData, number, string | undefined]> = [
      [
        artifactForm({ project_id: projectId, path: 'x/index.html' }, [{ name: 'other.html', content: 'x' }]),
        400,
        'body.file',
      ],
      [
        artifactForm({ project_id: projectId, path: 'index.html' }, [{ name: 'index.html', content: 'x' }]),
        400,
        'body.path',
      ],
      [
        artifactForm({ project_id: projectId, path: '../x/index.html' }, [{ name: 'index.html', content: 'x' }]),
        400,
        'body.path',
      ],
      [
        artifactForm({ project_id: projectId, path: '/abs/index.html' }, [{ name: 'index.html', content: 'x' }]),
        400,
        'body.path',
      ],
      [
        artifactForm({ project_id: projectId, path: 'x/index.html' }, [{ name: '../index.html', content: 'x' }]),
        400,
        'body.file',
      ],
      [
        artifactForm({ project_id: projectId, path: 'x/index.html' }, [{ name: 'a\\..\\b.html', content: 'x' }]),
        400,
        'body.file',
      ],
      [
        artifactForm({ project_id: projectId, path: 'x/index.html' }, [{ name: '/etc/passwd', content: 'x' }]),
        400,
        'body.file',
      ],
      [
        artifactForm({ project_id: projectId, path: `x/${'a/'.repeat(600)}i.html` }, [
          { name: 'i.html', content: 'x' },
        ]),
        400,
        'body.path',
      ],
      [
        artifactForm({ project_id: projectId, path: 'x/index.html', type: 'movie' }, [
          { name: 'index.html', content: 'x' },
        ]),
        400,
        'body.type',
      ],
      [artifactForm({ path: 'x/index.html' }, [{ name: 'index.html', content: 'x' }]), 400, 'body.project_id'],
      [
        artifactForm({ project_id: 'proj_0000000000000000000000000', path: 'x/index.html' }, [
          { name: 'index.html', content: 'x' },
        ]),
        404,
        'body.project_id',
      ],
      [
        artifactForm({ project_id: projectId, path: 'x/index.html' }, [
          { name: 'index.html', content: 'x' },
          { name: 'index.html', content: 'y' },
        ]),
        400,
        'body.file',
      ],
      [artifactForm({ project_id: projectId, path: 'x/index.html' }, []), 400, 'body.file'],
      [
        artifactForm(
          { project_id: projectId, path: 'x/a.html' },
          ['a', 'b', 'c', 'd', 'e', 'f'].map((n) => ({ name: `${n}.html`, content: n })),
        ),
        413,
        undefined,
      ],
      [
        artifactForm({ project_id: projectId, path: 'x/a.html' }, [
          { name: 'a.html', content: 'a' },
          { name: 'big.bin', content: new Uint8Array(300_001) },
        ]),
        413,
        undefined,
      ],
    ];
    for (const [form, status, field] of cases) {
      const res = await publish(form);
      const body = await json(res);
      expect(res.status, JSON.stringify(body)).toBe(status);
      expect(res.headers.get('content-type')).toBe('application/problem+json');
      if (field) expect(body.errors.map((e: { field: string }) => e.field)).toContain(field);
    }
    // A NUL byte in a filename, percent-encoded (RFC 8187): a raw one is a malformed part header.
    const boundary = 'xYzBoundary';
    const raw = [
      `--${boundary}\r\nContent-Disposition: form-data; name="project_id"\r\n\r\n${projectId}\r\n`,
      `--${boundary}\r\nContent-Disposition: form-data; name="path"\r\n\r\nx/index.html\r\n`,
      `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename*=UTF-8''a%00.html\r\n\r\nx\r\n`,
      `--${boundary}--\r\n`,
    ].join('');
    const nul = await t.fetch('/api/v1/artifacts', {
      method: 'POST',
      headers: { ...auth(owner.session), 'Content-Type': `multipart/form-data; boundary=${boundary}` },
      body: raw,
    });
    const nulBody = await json(nul);
    expect(nul.status, JSON.stringify(nulBody)).toBe(400);
    expect(nulBody.errors?.[0]?.field, JSON.stringify(nulBody)).toBe('body.file');
    const wrongType = await t.fetch('/api/v1/artifacts', jsonBody({ project_id: projectId }, auth(owner.session)));
    expect(wrongType.status).toBe(415);
    expect(await storedBlobs(t, ws)).toEqual(before);
  });
});

describe('reading, previewing, renaming, deleting', () => {
  it('lists with filters and cursors, previews text and binary, renames and deletes', async () => {
    const project2 = await json(
      await t.fetch('/api/v1/projects', jsonBody({ workspace_id: ws, name: 'Other' }, auth(owner.session))),
    );
    const made: string[] = [];
    for (const [i, type] of (['app', 'report', 'report'] as const).entries()) {
      const res = await publish(
        artifactForm({ project_id: project2.id, path: `r${i}/index.html`, type }, [
          { name: 'index.html', content: `r${i}` },
        ]),
      );
      made.push((await json(res)).id);
    }
    const all = await json(await get(`/api/v1/artifacts?project_id=${project2.id}`));
    expect(all.data.map((a: { id: string }) => a.id)).toEqual([...made].reverse());
    const reports = await json(await get(`/api/v1/artifacts?project_id=${project2.id}&type=report&sort=created_at`));
    expect(reports.data.map((a: { id: string }) => a.id)).toEqual(made.slice(1));
    const p1 = await json(await get(`/api/v1/artifacts?project_id=${project2.id}&limit=2`));
    expect(p1.has_more).toBe(true);
    const p2 = await json(await get(`/api/v1/artifacts?project_id=${project2.id}&limit=2&cursor=${p1.next_cursor}`));
    expect(p2).toMatchObject({ has_more: false, next_cursor: null });
    expect(p2.data.map((a: { id: string }) => a.id)).toEqual([made[0]]);
    const future = await json(await get(`/api/v1/artifacts?workspace_id=${ws}&created_after=2999-01-01`));
    expect(future.data).toEqual([]);
    const workspaceWide = await json(await get(`/api/v1/artifacts?workspace_id=${ws}&limit=200`));
    expect(workspaceWide.data.length).toBeGreaterThan(made.length);

    // Preview: text (cut at 64 KiB on a character boundary), binary, and path rules.
    const long = `a${'é'.repeat(40_000)}`;
    await publish(
      artifactForm({ project_id: project2.id, path: 'docs/long.txt' }, [
        { name: 'long.txt', content: long },
        { name: 'pic.png', content: new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0, 0, 0xff]) },
      ]),
    );
    const text = await json(await get(`/api/v1/artifacts/preview?project_id=${project2.id}&path=docs/long.txt`));
    expect(text).toMatchObject({ encoding: 'utf-8', truncated: true, file: { path: 'long.txt', size: 80_001 } });
    // 65,536 bytes end inside an `é`: the half character is left out.
    expect(text.content).toBe(`a${'é'.repeat(32_767)}`);
    expect(text.artifact.root).toBe('docs');
    const png = await json(await get(`/api/v1/artifacts/preview?project_id=${project2.id}&path=docs/pic.png`));
    expect(png).toMatchObject({ encoding: 'none', content: null, truncated: false, file: { mime_type: 'image/png' } });
    for (const bad of ['../docs/long.txt', '/docs/long.txt', 'docs\\long.txt']) {
      const res = await get(`/api/v1/artifacts/preview?project_id=${project2.id}&path=${encodeURIComponent(bad)}`);
      expect(res.status).toBe(400);
      expect((await json(res)).errors[0].field).toBe('query.path');
    }
    const nul = await get(`/api/v1/artifacts/preview?project_id=${project2.id}&path=docs%2Flong.txt%00`);
    expect(nul.status).toBe(400);
    expect((await json(nul)).errors[0].field).toBe('query.path');
    expect((await get(`/api/v1/artifacts/preview?project_id=${project2.id}&path=docs/none.txt`)).status).toBe(404);

    // Rename, then delete: its files stop being served and its blobs go.
    const renamed = await t.fetch(`/api/v1/artifacts/${made[0]}`, {
      method: 'PATCH',
      headers: { ...auth(owner.session), 'Content-Type': 'application/json' },
      body: JSON.stringify({ title: 'Renamed', type: 'doc' }),
    });
    expect(await json(renamed)).toMatchObject({ id: made[0], title: 'Renamed', type: 'doc', version: 1 });
    const before = await storedBlobs(t, ws);
    const del = await t.fetch(`/api/v1/artifacts/${made[0]}`, { method: 'DELETE', headers: auth(owner.session) });
    expect(del.status).toBe(204);
    expect((await get(`/api/v1/artifacts/${made[0]}`)).status).toBe(404);
    expect((await get(`/api/v1/artifacts/serve/${project2.id}/r0/index.html`)).status).toBe(404);
    expect((await storedBlobs(t, ws)).length).toBe(before.length - 1);

    // Deleting the project deletes its artifacts and their blobs.
    expect(
      (await t.fetch(`/api/v1/projects/${project2.id}`, { method: 'DELETE', headers: auth(owner.session) })).status,
    ).toBe(204);
    expect((await get(`/api/v1/artifacts/${made[1]}`)).status).toBe(404);
    expect((await storedBlobs(t, ws)).length).toBe(before.length - 1 - 4);
  });
});

describe('view URLs', () => {
  it('shows the artifact and its siblings without credentials until it expires or is deleted', async () => {
    const art = await json(
      await publish(
        artifactForm({ project_id: projectId, path: 'shared/app/index.html' }, [
          { name: 'index.html', content: INDEX },
          { name: 'assets/chart.js', content: CHART },
        ]),
      ),
    );
    const res = await t.fetch(
      '/api/v1/artifacts/open',
      jsonBody({ artifact_id: art.id, expires_in: 120 }, auth(owner.session)),
    );
    expect(res.status).toBe(200);
    const opened = await json(res);
    expect(Date.parse(opened.expires_at) - Date.now()).toBeGreaterThan(100_000);
    expect(Date.parse(opened.expires_at) - Date.now()).toBeLessThanOrEqual(120_000);
    const url = new URL(opened.url);
    expect(url.origin).toBe(new URL(t.url).origin);
    expect(url.pathname).toMatch(/^\/api\/v1\/artifacts\/view\/[^/]+\/index\.html$/);

    const page = await t.fetch(url.pathname);
    expect(page.status).toBe(200);
    expect(await page.text()).toBe(INDEX);
    expect(page.headers.get('content-security-policy')).not.toContain('allow-same-origin');
    expect(page.headers.get('x-ratelimit-limit')).not.toBeNull();
    // The page's relative link resolves under the same token.
    const asset = await t.fetch(new URL('assets/chart.js', url).pathname);
    expect(await asset.text()).toBe(CHART);

    const token = url.pathname.split('/')[5]!;
    const tampered = token.replace(/.$/, (ch) => (ch === 'A' ? 'B' : 'A'));
    expect((await t.fetch(`/api/v1/artifacts/view/${tampered}/index.html`)).status).toBe(404);
    const expired = await signViewToken(t.config, art.id, new Date(Date.now() - 1000));
    expect((await t.fetch(`/api/v1/artifacts/view/${expired}/index.html`)).status).toBe(404);
    const viewBad = await t.fetch(`/api/v1/artifacts/view/${token}/..%2F..%2Fsales%2Findex.html`);
    expect(viewBad.status).toBe(400);
    expect((await json(viewBad)).errors[0].field).toBe('path.path');

    // A separate origin, when the operator sets one.
    t.config.ARTIFACT_VIEW_BASE_URL = 'https://artifacts.example.test/';
    try {
      const other = await json(
        await t.fetch('/api/v1/artifacts/open', jsonBody({ artifact_id: art.id }, auth(owner.session))),
      );
      expect(other.url).toMatch(/^https:\/\/artifacts\.example\.test\/api\/v1\/artifacts\/view\//);
      expect(Date.parse(other.expires_at) - Date.now()).toBeGreaterThan(800_000);
    } finally {
      t.config.ARTIFACT_VIEW_BASE_URL = undefined;
    }

    await t.fetch(`/api/v1/artifacts/${art.id}`, { method: 'DELETE', headers: auth(owner.session) });
    expect((await t.fetch(url.pathname)).status).toBe(404);
    const bad = await t.fetch('/api/v1/artifacts/open', jsonBody({ artifact_id: art.id }, auth(owner.session)));
    expect(bad.status).toBe(404);
    expect((await json(bad)).errors[0].field).toBe('body.artifact_id');
  });
});
