/** ZIP extraction: what is extracted, and every unsafe archive refused with a 4xx naming why, extracting nothing. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeZip, storedBlobs, upload } from './support/files.ts';
import { auth, createWorkspace, jsonBody, signedInUser, type TestUser } from './support/identity.ts';
import { createTestApp, json, type TestApp } from './support/test-app.ts';

let t: TestApp;
let owner: TestUser;
let ws: string;
beforeAll(async () => {
  t = await createTestApp(
    {
      RATE_LIMIT_FILES_PER_MINUTE: '100000',
      ZIP_MAX_ENTRIES: '20',
      ZIP_MAX_UNCOMPRESSED_BYTES: String(8 * 1024 * 1024),
      ZIP_MAX_RATIO: '100',
    },
    { worker: false },
  );
  owner = await signedInUser(t);
  ws = await createWorkspace(t, owner);
});
afterAll(() => t?.close());

const tree = (path: string) =>
  t.fetch(`/api/v1/files/tree?workspace_id=${ws}&path=${encodeURIComponent(path)}`, { headers: auth(owner.session) });
const download = (path: string) =>
  t.fetch(`/api/v1/files/content?workspace_id=${ws}&path=${encodeURIComponent(path)}`, {
    headers: auth(owner.session),
  });
const extract = (body: Record<string, unknown>) =>
  t.fetch('/api/v1/files/extract', jsonBody({ workspace_id: ws, ...body }, auth(owner.session)));
const uploadZip = async (name: string, bytes: Buffer) => {
  const res = await upload(t, owner.session, { name, content: bytes, fields: { workspace_id: ws } });
  expect(res.status).toBe(201);
};

describe('extract', () => {
  it('extracts into a folder named after the archive, streaming every entry', async () => {
    await uploadZip(
      'data.zip',
      await makeZip([
        { name: 'readme.md', content: '# Data' },
        { name: 'empty/', dir: true },
        { name: 'csv/2024/q1.csv', content: 'a,b\n1,2\n' },
        { name: 'csv/2024/q2.csv', content: 'a,b\n3,4\n' },
      ]),
    );
    const res = await extract({ path: 'data.zip' });
    expect(res.status).toBe(201);
    expect(await json(res)).toEqual({ extracted_to: 'data', file_count: 3, size: 22 });
    const listing = await json(await tree('data'));
    expect(listing.data.map((e: { name: string; type: string }) => [e.name, e.type])).toEqual([
      ['csv', 'directory'],
      ['readme.md', 'file'],
    ]);
    expect(await (await download('data/csv/2024/q2.csv')).text()).toBe('a,b\n3,4\n');
    expect((await download('data/readme.md')).headers.get('content-type')).toBe('application/octet-stream');

    const again = await extract({ path: 'data.zip', destination: 'copy/' });
    expect((await json(again)).extracted_to).toBe('copy');
    expect(await (await download('copy/csv/2024/q1.csv')).text()).toBe('a,b\n1,2\n');
  });

  it('replaces files already at the entries’ paths', async () => {
    await uploadZip('v.zip', await makeZip([{ name: 'f.txt', content: 'new' }]));
    await upload(t, owner.session, { name: 'f.txt', content: 'old', fields: { workspace_id: ws, path: 'v' } });
    expect((await extract({ path: 'v.zip' })).status).toBe(201);
    expect(await (await download('v/f.txt')).text()).toBe('new');
  });

  it('answers 404 for a missing archive and 400 naming body.path for a bad one', async () => {
    expect((await extract({ path: 'nope.zip' })).status).toBe(404);
    const bad = await extract({ path: '../x.zip' });
    expect(bad.status).toBe(400);
    expect((await json(bad)).errors[0].field).toBe('body.path');
    const dest = await extract({ path: 'data.zip', destination: '/etc' });
    expect((await json(dest)).errors[0].field).toBe('body.destination');
  });
});

describe('refuses unsafe archives, extracting nothing', () => {
  const cases: Array<[string, () => Promise<Buffer>, string, RegExp]> = [
    [
      'a ../ entry (zip slip)',
      () =>
        makeZip(
          [
            { name: 'ok.txt', content: 'fine' },
            { name: 'zz/evil.txt', content: 'x' },
          ],
          { 'zz/evil.txt': '../evil.txt' },
        ),
      'ZIP_UNSAFE_ENTRY',
      /\.\./,
    ],
    [
      'an absolute entry',
      () =>
        makeZip(
          [
            { name: 'ok.txt', content: 'fine' },
            { name: 'zetc/passwd', content: 'x' },
          ],
          { 'zetc/passwd': '/etc/passwd' },
        ),
      'ZIP_UNSAFE_ENTRY',
      /absolute/,
    ],
    [
      'a symlink entry',
      () =>
        makeZip([
          { name: 'ok.txt', content: 'fine' },
          { name: 'link', content: '/etc/passwd', mode: 0o120777 },
        ]),
      'ZIP_UNSAFE_ENTRY',
      /symbolic link/,
    ],
    [
      'a duplicate entry',
      () =>
        makeZip([
          { name: 'same.txt', content: 'a' },
          { name: 'same.txt', content: 'b' },
        ]),
      'ZIP_UNSAFE_ENTRY',
      /twice/,
    ],
    [
      'too many entries',
      () => makeZip(Array.from({ length: 21 }, (_, i) => ({ name: `f${i}.txt`, content: String(i) }))),
      'ZIP_TOO_MANY_ENTRIES',
      /21 entries/,
    ],
    [
      'too much uncompressed data',
      () =>
        makeZip([
          { name: 'ok.txt', content: 'fine' },
          { name: 'zeros.bin', content: Buffer.alloc(9 * 1024 * 1024) },
        ]),
      'ZIP_TOO_LARGE',
      /more than 8388608 bytes/,
    ],
    [
      'a compression ratio of a zip bomb',
      () =>
        makeZip([
          { name: 'ok.txt', content: 'fine' },
          { name: 'zeros.bin', content: Buffer.alloc(4 * 1024 * 1024) },
        ]),
      'ZIP_COMPRESSION_RATIO_EXCEEDED',
      /at most 100-fold/,
    ],
    ['a file that is not a ZIP', async () => Buffer.from('not a zip at all'), 'ZIP_INVALID', /Not a readable ZIP/],
  ];

  it.each(cases)('refuses %s', async (_, build, code, detail) => {
    const name = `${code.toLowerCase()}-${Math.random().toString(36).slice(2)}.zip`;
    await uploadZip(name, await build());
    const before = await storedBlobs(t, ws);
    const count = await t.deps.prisma.file.count({ where: { workspaceId: ws } });
    const res = await extract({ path: name });
    expect(res.status).toBe(422);
    const problem = await json(res);
    expect(problem.type).toBe(code);
    expect(problem.detail).toMatch(detail);
    expect(await storedBlobs(t, ws)).toEqual(before);
    expect(await t.deps.prisma.file.count({ where: { workspaceId: ws } })).toBe(count);
    expect((await tree(name.slice(0, -4))).status).toBe(404);
  });

  it('refuses an entry that clashes with an existing file with 409, extracting nothing', async () => {
    await upload(t, owner.session, { name: 'clash', content: 'file', fields: { workspace_id: ws, path: 'c' } });
    await uploadZip(
      'c.zip',
      await makeZip([
        { name: 'fine.txt', content: 'x' },
        { name: 'clash/inner.txt', content: 'y' },
      ]),
    );
    const before = await storedBlobs(t, ws);
    const res = await extract({ path: 'c.zip' });
    expect(res.status).toBe(409);
    expect((await json(res)).type).toBe('FILE_PATH_CONFLICT');
    expect(await storedBlobs(t, ws)).toEqual(before);
    expect((await download('c/fine.txt')).status).toBe(404);
  });
});
