/**
 * Multipart uploads as clients really send them: real `curl -F` invocations in the seeds' order (file first or in
 * the middle), empty fields, UTF-8 file names, and hostile forms (late bad fields, two files, conflicting fields,
 * an abort after the file) that must leave no staging blob and no row behind.
 */
import { execFile } from 'node:child_process';
import { mkdtemp, writeFile } from 'node:fs/promises';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { assertMatchesContract } from './support/contract.ts';
import { storedBlobs } from './support/files.ts';
import { auth, createApiKey, createWorkspace, jsonBody, signedInUser, type TestUser } from './support/identity.ts';
import { createTestApp, json, type TestApp } from './support/test-app.ts';

const run = promisify(execFile);
const MAX_UPLOAD = 64 * 1024;

let t: TestApp;
let owner: TestUser;
let ws: string;
let dir: string;
beforeAll(async () => {
  t = await createTestApp(
    { MAX_UPLOAD_BYTES: String(MAX_UPLOAD), RATE_LIMIT_FILES_PER_MINUTE: '100000' },
    { worker: false },
  );
  owner = await signedInUser(t);
  ws = await createWorkspace(t, owner);
  dir = await mkdtemp(path.join(os.tmpdir(), 'curl-'));
});
afterAll(() => t?.close());

// biome-ignore lint/suspicious/noExplicitAny: test assertions read arbitrary JSON.
type Answer = { status: number; body: any };

/** `curl -F …` against the upload endpoint; the answer is checked against the document like every other. */
async function curl(formArgs: string[], secret = owner.session): Promise<Answer> {
  const url = new URL('/api/v1/files', t.url);
  const { stdout } = await run('curl', [
    '-sS',
    '-X',
    'POST',
    url.href,
    '-H',
    `Authorization: Bearer ${secret}`,
    ...formArgs.flatMap((a) => ['-F', a]),
    '-w',
    '\n%{http_code} %{content_type}',
  ]);
  const cut = stdout.lastIndexOf('\n');
  const [status, contentType] = stdout.slice(cut + 1).split(' ');
  const text = stdout.slice(0, cut);
  await assertMatchesContract(
    'POST',
    url,
    new Response(text, { status: Number(status), headers: { 'content-type': contentType ?? '' } }),
  );
  return { status: Number(status), body: text ? JSON.parse(text) : undefined };
}

async function localFile(name: string, content: string | Buffer): Promise<string> {
  const file = path.join(dir, name);
  await writeFile(file, content);
  return file;
}

const rows = () => t.deps.prisma.file.count({ where: { workspaceId: ws } });
const content = (p: string) =>
  t.fetch(`/api/v1/files/content?workspace_id=${ws}&path=${encodeURIComponent(p)}`, { headers: auth(owner.session) });

/** Runs `refused` and checks it left no blob, staged or published, and no row. */
async function leavesNothing(refused: () => Promise<Answer>): Promise<Answer> {
  const before = await storedBlobs(t, ws);
  const count = await rows();
  const answer = await refused();
  expect(await storedBlobs(t, ws)).toEqual(before);
  expect(await rows()).toBe(count);
  return answer;
}

describe("the seeds' curl examples", () => {
  it('seed 000: workspace, file, then path (the folder after the file still applies)', async () => {
    const csv = await localFile('data.csv', 'id,total\n1,10\n');
    const res = await curl([`workspace_id=${ws}`, `file=@${csv}`, 'path=input/']);
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ path: 'input/data.csv', size: 14, mime_type: 'text/csv' });
    expect(await (await content('input/data.csv')).text()).toBe('id,total\n1,10\n');
  });

  it('seed 001: file, then project_id, with a workspace-bound key as printed', async () => {
    const key = await createApiKey(t, owner, { name: 'seed 001', workspace_id: ws });
    const pdf = await localFile('Q2-report.pdf', '%PDF-1.4 fake');
    // The project must exist (an unknown one is a 404 naming body.project_id).
    const project = await json(await t.fetch('/api/v1/projects', jsonBody({ name: 'Sales' }, auth(key))));
    const res = await curl([`file=@${pdf}`, `project_id=${project.id}`], key);
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ path: 'Q2-report.pdf', project_id: project.id, workspace_id: ws });
    const unknown = await curl([`file=@${pdf}`, 'project_id=proj_xyz'], key);
    expect(unknown.status).toBe(404);
  });

  it('a generated client: file first, every field after it', async () => {
    const txt = await localFile('first.txt', 'first');
    const conv = await json(
      await t.fetch('/api/v1/conversations', jsonBody({ workspace_id: ws }, auth(owner.session))),
    );
    const res = await curl([`file=@${txt}`, 'path=late/folder', `workspace_id=${ws}`, `conversation_id=${conv.id}`]);
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ path: 'late/folder/first.txt', conversation_id: conv.id });
  });

  it('treats empty fields as absent', async () => {
    const txt = await localFile('empty-fields.txt', 'e');
    const res = await curl(['path=', `workspace_id=${ws}`, 'project_id=', `file=@${txt}`, 'conversation_id=']);
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ path: 'empty-fields.txt', project_id: null, conversation_id: null });
  });

  it('accepts a field repeated with the same value', async () => {
    const txt = await localFile('twice.txt', 't');
    const res = await curl([`workspace_id=${ws}`, 'path=same', `file=@${txt}`, 'path=same', `workspace_id=${ws}`]);
    expect(res.status).toBe(201);
    expect(res.body.path).toBe('same/twice.txt');
  });
});

describe('file names keep their UTF-8', () => {
  it.each(['café.txt', 'تقرير-الربع.csv', 'דוח שנתי.txt', 'mixed עברית and English.md', '数据 📊.json'])(
    '%s',
    async (name) => {
      const file = await localFile(name, name);
      const res = await curl([`file=@${file}`, `workspace_id=${ws}`, 'path=names']);
      expect(res.status).toBe(201);
      expect(res.body).toMatchObject({ name: name.normalize('NFC'), path: `names/${name.normalize('NFC')}` });
      const download = await content(`names/${name}`);
      expect(download.headers.get('content-disposition')).toContain(`filename*=UTF-8''${encodeURIComponent(name)}`);
      expect(await download.text()).toBe(name);
    },
  );

  it('honours an RFC 5987 filename* parameter', async () => {
    const res = await raw([
      part('workspace_id', ws),
      `--${B}\r\nContent-Disposition: form-data; name="file"; filename*=UTF-8''r%C3%A9sum%C3%A9.txt\r\n\r\nCV\r\n`,
    ]);
    expect(res.status).toBe(201);
    expect(res.body.name).toBe('résumé.txt');
  });
});

const B = 'b0undary';
const part = (name: string, value: string) =>
  `--${B}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`;
const filePart = (name: string, content: string, field = 'file') =>
  `--${B}\r\nContent-Disposition: form-data; name="${field}"; filename="${name}"\r\nContent-Type: text/plain\r\n\r\n${content}\r\n`;

/** A hand-built multipart body, for what curl will not send (NUL bytes, two files, a missing end). */
async function raw(parts: string[], { end = true } = {}): Promise<Answer> {
  const body = Buffer.from(parts.join('') + (end ? `--${B}--\r\n` : ''));
  const res = await t.fetch('/api/v1/files', {
    method: 'POST',
    headers: { ...auth(owner.session), 'Content-Type': `multipart/form-data; boundary=${B}` },
    body,
  });
  return { status: res.status, body: await json(res) };
}

describe('hostile forms leave nothing behind', () => {
  it('file first, then a field over the size limit: 400 naming it', async () => {
    const res = await leavesNothing(() =>
      raw([filePart('big-field.txt', 'x'.repeat(1000)), part('workspace_id', ws), part('path', 'p'.repeat(5000))]),
    );
    expect(res.status).toBe(400);
    expect(res.body.errors[0]).toMatchObject({ field: 'body.path', code: 'too_big' });
  });

  it('two file parts: 400 naming the second', async () => {
    const res = await leavesNothing(() =>
      raw([part('workspace_id', ws), filePart('one.txt', 'one'), filePart('two.txt', 'two')]),
    );
    expect(res.status).toBe(400);
    expect(res.body.errors[0]).toMatchObject({ field: 'body.file', code: 'unexpected_file' });
    expect((await content('one.txt')).status).toBe(404);
  });

  it('a field after the file that conflicts with one before it: 400 naming it', async () => {
    const other = await createWorkspace(t, owner, 'Other');
    for (const [name, first, second] of [
      ['workspace_id', ws, other],
      ['path', 'a', 'b'],
    ] as const) {
      const res = await leavesNothing(() =>
        raw([part(name, first), part('workspace_id', ws), filePart('conflict.txt', 'c'), part(name, second)]),
      );
      expect(res.status).toBe(400);
      expect(res.body.errors[0]).toMatchObject({ field: `body.${name}`, code: 'conflicting_field' });
    }
  });

  it('U+0000 in a field after the file: 400 naming it', async () => {
    const res = await leavesNothing(() =>
      raw([part('workspace_id', ws), filePart('nul.txt', 'n'), part('path', 'in\u0000side')]),
    );
    expect(res.status).toBe(400);
    expect(res.body.errors[0]).toMatchObject({ field: 'body.path', code: 'invalid_character' });
  });

  it('a bad value after the file: 400 naming it', async () => {
    const txt = await localFile('late-bad.txt', 'l');
    for (const [field, value] of [
      ['project_id', 'conv_1'],
      ['path', '../escape'],
      ['colour', 'red'],
    ]) {
      const res = await leavesNothing(() => curl([`workspace_id=${ws}`, `file=@${txt}`, `${field}=${value}`]));
      expect(res.status).toBe(400);
      expect(res.body.errors[0].field).toBe(`body.${field}`);
    }
  });

  it('a workspace after the file that the caller cannot see: 404', async () => {
    const stranger = await signedInUser(t);
    const theirs = await createWorkspace(t, stranger, 'Theirs');
    const txt = await localFile('foreign.txt', 'f');
    const res = await leavesNothing(() => curl([`file=@${txt}`, `workspace_id=${theirs}`]));
    expect(res.status).toBe(404);
    expect(await storedBlobs(t, theirs)).toEqual([]);
  });

  it('a folder after the file that runs through a file: 409', async () => {
    const blocker = await localFile('blocker', 'b');
    expect((await curl([`workspace_id=${ws}`, `file=@${blocker}`])).status).toBe(201);
    const txt = await localFile('under.txt', 'u');
    const res = await leavesNothing(() => curl([`workspace_id=${ws}`, `file=@${txt}`, 'path=blocker']));
    expect(res.status).toBe(409);
  });

  it('a file over the limit with its workspace after it: 413', async () => {
    const big = await localFile('big.bin', Buffer.alloc(MAX_UPLOAD + 1, 7));
    const res = await leavesNothing(() => curl([`file=@${big}`, `workspace_id=${ws}`]));
    expect(res.status).toBe(413);
  });

  it('no workspace anywhere in the form: 400 naming body.workspace_id', async () => {
    const txt = await localFile('nowhere.txt', 'n');
    const res = await leavesNothing(() => curl([`file=@${txt}`, 'path=x']));
    expect(res.status).toBe(400);
    expect(res.body.errors[0].field).toBe('body.workspace_id');
  });

  it('a disconnect after the file, before the fields that follow it', async () => {
    const before = await storedBlobs(t, ws);
    const count = await rows();
    const req = http.request(new URL('/api/v1/files', t.url), {
      method: 'POST',
      headers: {
        ...auth(owner.session),
        'Content-Type': `multipart/form-data; boundary=${B}`,
        'Content-Length': String(MAX_UPLOAD),
      },
    });
    req.on('error', () => {});
    req.write(filePart('cut-after.txt', 'all of the content'));
    req.write(`--${B}\r\nContent-Disposition: form-data; name="workspace_id"\r\n\r\n`);
    // The content is staged once the file part is complete; wait until it is, then cut the connection.
    const staged = async () => (await storedBlobs(t, ws)).some((f) => f.startsWith('.tmp/'));
    for (let i = 0; i < 200 && !(await staged()); i++) await new Promise((r) => setTimeout(r, 20));
    expect(await staged()).toBe(true);
    req.destroy();
    for (let i = 0; i < 200 && (await staged()); i++) await new Promise((r) => setTimeout(r, 20));
    expect(await storedBlobs(t, ws)).toEqual(before);
    expect(await rows()).toBe(count);
  });
});
