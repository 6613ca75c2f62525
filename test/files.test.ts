/** Files through HTTP: the tree, file objects, streamed uploads and downloads, and path confinement. */
import { createHash } from 'node:crypto';
import http from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { storedBlobs, upload } from './support/files.ts';
import { auth, createWorkspace, jsonBody, signedInUser, type TestUser } from './support/identity.ts';
import { createTestApp, json, type TestApp } from './support/test-app.ts';

const MAX_UPLOAD = 256 * 1024;

let t: TestApp;
let owner: TestUser;
let ws: string;
beforeAll(async () => {
  t = await createTestApp(
    { MAX_UPLOAD_BYTES: String(MAX_UPLOAD), RATE_LIMIT_FILES_PER_MINUTE: '100000' },
    { worker: false },
  );
  owner = await signedInUser(t);
  ws = await createWorkspace(t, owner);
});
afterAll(() => t?.close());

const get = (url: string, headers: Record<string, string> = {}, who = owner) =>
  t.fetch(url, { headers: { ...auth(who.session), ...headers } });
const tree = (path: string, headers: Record<string, string> = {}) =>
  get(`/api/v1/files/tree?workspace_id=${ws}&path=${encodeURIComponent(path)}`, headers);
const download = (path: string, headers: Record<string, string> = {}) =>
  get(`/api/v1/files/content?workspace_id=${ws}&path=${encodeURIComponent(path)}`, headers);
const del = (url: string) => t.fetch(url, { method: 'DELETE', headers: auth(owner.session) });
const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');
const rows = () => t.deps.prisma.file.count({ where: { workspaceId: ws } });

describe('upload, list and download', () => {
  it('uploads into a folder, lists it and downloads with Content-Disposition, ETag and ranges', async () => {
    const content = 'id,name\n1,Ada\n2,Grace\n';
    const project = await t.fetch('/api/v1/projects', jsonBody({ workspace_id: ws, name: 'p' }, auth(owner.session)));
    const projectId = (await json(project)).id;
    const res = await upload(t, owner.session, {
      name: 'data.csv',
      content,
      type: 'text/csv',
      fields: { workspace_id: ws, path: 'input/', project_id: projectId },
    });
    expect(res.status).toBe(201);
    const file = await json(res);
    expect(file).toMatchObject({
      path: 'input/data.csv',
      name: 'data.csv',
      size: content.length,
      sha256: sha256(content),
      mime_type: 'text/csv',
      project_id: projectId,
      conversation_id: null,
    });
    expect(file.id).toMatch(/^file_/);

    const root = await json(await tree(''));
    expect(root.data).toEqual([
      expect.objectContaining({ name: 'input', type: 'directory', path: 'input', size: content.length, file_id: null }),
    ]);
    const folder = await json(await tree('input/'));
    expect(folder).toMatchObject({ path: 'input', has_more: false });
    expect(folder.data).toEqual([expect.objectContaining({ name: 'data.csv', type: 'file', file_id: file.id })]);

    const downloaded = await download('input/data.csv');
    expect(downloaded.status).toBe(200);
    expect(downloaded.headers.get('content-type')).toBe('application/octet-stream');
    expect(downloaded.headers.get('content-disposition')).toBe(
      `attachment; filename="data.csv"; filename*=UTF-8''data.csv`,
    );
    expect(downloaded.headers.get('content-length')).toBe(String(content.length));
    expect(downloaded.headers.get('etag')).toBe(`"${file.sha256}"`);
    expect(await downloaded.text()).toBe(content);

    const byId = `/api/v1/files/${file.id}/content`;
    const part = await get(byId, { Range: 'bytes=3-6' });
    expect(part.status).toBe(206);
    expect(part.headers.get('content-range')).toBe(`bytes 3-6/${content.length}`);
    expect(await part.text()).toBe(content.slice(3, 7));
    const tail = await get(byId, { Range: 'bytes=-6' });
    expect(await tail.text()).toBe(content.slice(-6));
    const past = await get(byId, { Range: `bytes=${content.length}-` });
    expect(past.status).toBe(416);
    expect(past.headers.get('content-range')).toBe(`bytes */${content.length}`);
    expect((await json(past)).type).toBe('RANGE_NOT_SATISFIABLE');
    const stale = await get(byId, { Range: 'bytes=0-1', 'If-Range': '"other"' });
    expect(stale.status).toBe(200);
    expect(await stale.text()).toBe(content);
    const cached = await get(byId, { 'If-None-Match': `"${file.sha256}"` });
    expect(cached.status).toBe(304);

    const page = await json(await get(`/api/v1/files?workspace_id=${ws}&project_id=${projectId}`));
    expect(page.data.map((f: { id: string }) => f.id)).toEqual([file.id]);
    expect((await json(await get(`/api/v1/files?workspace_id=${ws}&conversation_id=conv_1`))).data).toEqual([]);
    expect(await json(await get(`/api/v1/files/${file.id}`))).toEqual(file);
  });

  it('replaces a file uploaded to the same path atomically, keeping its id', async () => {
    const first = await json(
      await upload(t, owner.session, { name: 'notes.txt', content: 'one', fields: { workspace_id: ws } }),
    );
    const before = await storedBlobs(t, ws);
    const again = await upload(t, owner.session, { name: 'notes.txt', content: 'two!', fields: { workspace_id: ws } });
    expect(again.status).toBe(200);
    const second = await json(again);
    expect(second).toMatchObject({ id: first.id, size: 4, sha256: sha256('two!') });
    expect(await (await download('notes.txt')).text()).toBe('two!');
    const after = await storedBlobs(t, ws);
    expect(after).toHaveLength(before.length);
    expect(after).not.toEqual(before);
  });

  it('paginates a folder by name', async () => {
    for (const name of ['c.txt', 'a.txt', 'b.txt']) {
      await upload(t, owner.session, { name, content: name, fields: { workspace_id: ws, path: 'paged' } });
    }
    const first = await json(await get(`/api/v1/files/tree?workspace_id=${ws}&path=paged&limit=2`));
    expect(first.data.map((e: { name: string }) => e.name)).toEqual(['a.txt', 'b.txt']);
    expect(first.has_more).toBe(true);
    const rest = await json(
      await get(`/api/v1/files/tree?workspace_id=${ws}&path=paged&limit=2&cursor=${first.next_cursor}`),
    );
    expect(rest.data.map((e: { name: string }) => e.name)).toEqual(['c.txt']);
  });

  it('refuses a file under a file, and a file over a folder, with 409 FILE_PATH_CONFLICT', async () => {
    await upload(t, owner.session, { name: 'report', content: 'x', fields: { workspace_id: ws } });
    const under = await upload(t, owner.session, {
      name: 'x.txt',
      content: 'x',
      fields: { workspace_id: ws, path: 'report' },
    });
    expect(under.status).toBe(409);
    expect((await json(under)).type).toBe('FILE_PATH_CONFLICT');
    const over = await upload(t, owner.session, { name: 'input', content: 'x', fields: { workspace_id: ws } });
    expect(over.status).toBe(409);
  });

  it('hides files from another workspace with 404', async () => {
    const file = await json(
      await upload(t, owner.session, { name: 'secret.txt', content: 's', fields: { workspace_id: ws } }),
    );
    const outsider = await signedInUser(t);
    await createWorkspace(t, outsider);
    for (const url of [
      `/api/v1/files/${file.id}`,
      `/api/v1/files/${file.id}/content`,
      `/api/v1/files/content?workspace_id=${ws}&path=secret.txt`,
      `/api/v1/files/tree?workspace_id=${ws}&path=`,
    ]) {
      const res = await get(url, {}, outsider);
      expect(res.status).toBe(404);
      expect((await json(res)).type).toBe('NOT_FOUND');
    }
  });
});

describe('limits and failures leave nothing behind', () => {
  it('answers 413 for a declared Content-Length over the limit', async () => {
    const before = await storedBlobs(t, ws);
    const count = await rows();
    const res = await upload(t, owner.session, {
      name: 'big.bin',
      content: new Uint8Array(MAX_UPLOAD * 2),
      fields: { workspace_id: ws },
    });
    expect(res.status).toBe(413);
    expect((await json(res)).type).toBe('PAYLOAD_TOO_LARGE');
    expect(await storedBlobs(t, ws)).toEqual(before);
    expect(await rows()).toBe(count);
  });

  it('answers 413 when a chunked upload runs over the limit while streaming, removing the partial file', async () => {
    const before = await storedBlobs(t, ws);
    const count = await rows();
    const boundary = 'xyzzy';
    const head = `--${boundary}\r\nContent-Disposition: form-data; name="workspace_id"\r\n\r\n${ws}\r\n--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="big.bin"\r\n\r\n`;
    const chunk = new Uint8Array(64 * 1024);
    let sent = 0;
    const body = new ReadableStream<Uint8Array>({
      pull(controller) {
        if (sent === 0) controller.enqueue(new TextEncoder().encode(head));
        if (sent > MAX_UPLOAD * 2) {
          controller.enqueue(new TextEncoder().encode(`\r\n--${boundary}--\r\n`));
          controller.close();
          return;
        }
        controller.enqueue(chunk);
        sent += chunk.length;
      },
    });
    const res = await t.fetch('/api/v1/files', {
      method: 'POST',
      headers: { ...auth(owner.session), 'Content-Type': `multipart/form-data; boundary=${boundary}` },
      body,
      duplex: 'half',
    } as RequestInit);
    expect(res.status).toBe(413);
    expect(await storedBlobs(t, ws)).toEqual(before);
    expect(await rows()).toBe(count);
  });

  it('leaves nothing behind when the client disconnects mid-upload', async () => {
    const before = await storedBlobs(t, ws);
    const count = await rows();
    const boundary = 'cut';
    const url = new URL('/api/v1/files', t.url);
    const req = http.request(url, {
      method: 'POST',
      headers: {
        ...auth(owner.session),
        'Content-Type': `multipart/form-data; boundary=${boundary}`,
        'Content-Length': String(MAX_UPLOAD),
      },
    });
    req.on('error', () => {});
    req.write(`--${boundary}\r\nContent-Disposition: form-data; name="workspace_id"\r\n\r\n${ws}\r\n`);
    req.write(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="cut.bin"\r\n\r\n`);
    req.write(Buffer.alloc(100 * 1024, 1));
    if (t.config.STORAGE_BACKEND === 'local') {
      // Wait until the server is writing the temporary file, then cut the connection.
      for (let i = 0; i < 100 && !(await storedBlobs(t, ws)).some((f) => f.startsWith('.tmp/')); i++) {
        await new Promise((r) => setTimeout(r, 20));
      }
      expect((await storedBlobs(t, ws)).some((f) => f.startsWith('.tmp/'))).toBe(true);
    } else {
      // S3 buffers up to one part (8 MiB) before anything reaches the bucket: nothing to observe mid-way.
      await new Promise((r) => setTimeout(r, 300));
    }
    req.destroy();
    for (let i = 0; i < 100 && (await storedBlobs(t, ws)).length !== before.length; i++) {
      await new Promise((r) => setTimeout(r, 20));
    }
    expect(await storedBlobs(t, ws)).toEqual(before);
    expect(await rows()).toBe(count);
  });

  it('refuses a body that is not multipart with 415', async () => {
    const res = await t.fetch('/api/v1/files', {
      method: 'POST',
      headers: { ...auth(owner.session), 'Content-Type': 'application/json' },
      body: JSON.stringify({ workspace_id: ws }),
    });
    expect(res.status).toBe(415);
  });

  it('names the field for a missing file, an unknown field and a bad project id; a field after the file applies', async () => {
    const noFile = new FormData();
    noFile.set('workspace_id', ws);
    const missing = await json(
      await t.fetch('/api/v1/files', { method: 'POST', headers: auth(owner.session), body: noFile }),
    );
    expect(missing.errors[0].field).toBe('body.file');

    const unknown = await json(
      await upload(t, owner.session, { name: 'u.txt', content: 'u', fields: { workspace_id: ws, colour: 'red' } }),
    );
    expect(unknown.errors[0].field).toBe('body.colour');

    const late = new FormData();
    late.set('workspace_id', ws);
    late.set('file', new Blob(['late']), 'late.txt');
    late.set('path', 'later');
    const after = await t.fetch('/api/v1/files', { method: 'POST', headers: auth(owner.session), body: late });
    expect(after.status).toBe(201);
    expect((await json(after)).path).toBe('later/late.txt');

    const project = await json(
      await upload(t, owner.session, {
        name: 'p.txt',
        content: 'p',
        fields: { workspace_id: ws, project_id: 'conv_1' },
      }),
    );
    expect(project.errors[0].field).toBe('body.project_id');
  });
});

describe('paths are confined to the workspace', () => {
  const attacks = ['../x', 'a/../../x', '/etc/passwd', 'a\u0000b', `${'n'.repeat(300)}.txt`, 'a\\..\\b'];

  it.each(attacks)('refuses query path %j with 400 naming query.path', async (path) => {
    for (const res of [
      await tree(path),
      await download(path),
      await del(`/api/v1/files/tree?workspace_id=${ws}&path=${encodeURIComponent(path)}`),
    ]) {
      expect(res.status).toBe(400);
      expect((await json(res)).errors[0].field).toBe('query.path');
    }
  });

  it.each(attacks)('refuses upload folder %j with 400 naming body.path', async (path) => {
    const res = await upload(t, owner.session, { name: 'x.txt', content: 'x', fields: { workspace_id: ws, path } });
    expect(res.status).toBe(400);
    expect((await json(res)).errors[0].field).toBe('body.path');
  });

  it('refuses an over-long or dot filename with 400 naming body.file', async () => {
    for (const name of [`${'n'.repeat(300)}.txt`, '..']) {
      const res = await upload(t, owner.session, { name, content: 'x', fields: { workspace_id: ws } });
      expect(res.status).toBe(400);
      expect((await json(res)).errors[0].field).toBe('body.file');
    }
  });

  it('normalises harmless variations to one path', async () => {
    await upload(t, owner.session, {
      name: 'n.txt',
      content: 'n',
      fields: { workspace_id: ws, path: './norm//deep/' },
    });
    expect(await (await download('norm/./deep//n.txt')).text()).toBe('n');
  });
});

describe('delete', () => {
  it('deletes a file by path and by id, and a folder recursively, removing the content', async () => {
    const a = await json(
      await upload(t, owner.session, { name: 'a.txt', content: 'a', fields: { workspace_id: ws, path: 'gone' } }),
    );
    await upload(t, owner.session, { name: 'b.txt', content: 'b', fields: { workspace_id: ws, path: 'gone/sub' } });
    await upload(t, owner.session, {
      name: 'c.txt',
      content: 'c',
      fields: { workspace_id: ws, path: 'gone/sub/deeper' },
    });
    await upload(t, owner.session, { name: 'keep.txt', content: 'k', fields: { workspace_id: ws, path: 'gone-not' } });
    const before = (await storedBlobs(t, ws)).length;

    expect((await del(`/api/v1/files/${a.id}`)).status).toBe(204);
    expect((await get(`/api/v1/files/${a.id}`)).status).toBe(404);
    expect((await del(`/api/v1/files/tree?workspace_id=${ws}&path=gone/sub/deeper/c.txt`)).status).toBe(204);
    await upload(t, owner.session, {
      name: 'c.txt',
      content: 'c',
      fields: { workspace_id: ws, path: 'gone/sub/deeper' },
    });
    expect((await del(`/api/v1/files/tree?workspace_id=${ws}&path=gone`)).status).toBe(204);

    expect((await tree('gone')).status).toBe(404);
    expect((await download('gone/sub/b.txt')).status).toBe(404);
    expect(await (await download('gone-not/keep.txt')).text()).toBe('k');
    expect(await storedBlobs(t, ws)).toHaveLength(before - 3);
    expect((await del(`/api/v1/files/tree?workspace_id=${ws}&path=gone`)).status).toBe(404);
    const root = await del(`/api/v1/files/tree?workspace_id=${ws}&path=`);
    expect(root.status).toBe(400);
  });
});
