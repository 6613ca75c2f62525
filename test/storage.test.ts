/**
 * The storage backend through the API: large uploads stream through (multipart on S3, parts through reused buffers)
 * with the right SHA-256, an upload over the limit leaves no object and no parts, ranged downloads, a blob lost behind
 * the API's back is a clean 404, a deleted workspace leaves no blob, and concurrent uploads each get their own hash. `npm test` runs this file against local disk
 * and again against versitygw (SKILLPLANE_TEST_STORAGE=s3).
 */
import { createHash, randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { storedBlobs, upload } from './support/files.ts';
import { auth, createWorkspace, signedInUser, type TestUser } from './support/identity.ts';
import { createTestApp, json, type TestApp } from './support/test-app.ts';

const MAX_UPLOAD = 24 * 1024 * 1024;
let t: TestApp;
let owner: TestUser;
let ws: string;

beforeAll(async () => {
  // S3's smallest parts, one at a time: a 20 MiB file takes five parts through the same two part buffers.
  t = await createTestApp({
    RATE_LIMIT_FILES_PER_MINUTE: '1000',
    MAX_UPLOAD_BYTES: String(MAX_UPLOAD),
    S3_UPLOAD_PART_MB: '5',
    S3_UPLOAD_CONCURRENCY: '1',
  });
  owner = await signedInUser(t);
  ws = await createWorkspace(t, owner);
});
afterAll(async () => {
  await t?.close();
});

describe(`storage (${process.env.SKILLPLANE_TEST_STORAGE ?? 'local'})`, () => {
  it('streams an upload larger than one S3 part and serves it whole and by range', async () => {
    const content = randomBytes(20 * 1024 * 1024 + 123);
    const res = await upload(t, owner.session, { name: 'big.bin', content, fields: { workspace_id: ws, path: 'big' } });
    expect(res.status).toBe(201);
    const file = await json(res);
    expect(file.size).toBe(content.length);
    expect(file.sha256).toBe(createHash('sha256').update(content).digest('hex'));

    const whole = await t.fetch(`/api/v1/files/${file.id}/content`, { headers: auth(owner.session) });
    expect(whole.status).toBe(200);
    expect(Buffer.from(await whole.arrayBuffer()).equals(content)).toBe(true);

    const start = 9 * 1024 * 1024 - 5;
    const part = await t.fetch(`/api/v1/files/${file.id}/content`, {
      headers: { ...auth(owner.session), Range: `bytes=${start}-${start + 99}` },
    });
    expect(part.status).toBe(206);
    expect(Buffer.from(await part.arrayBuffer()).equals(content.subarray(start, start + 100))).toBe(true);
  });

  it('hashes concurrent uploads each on its own (one hashing thread serves them all, in turn)', async () => {
    const contents = [3, 7, 1, 5, 9, 2].map((mib, i) => randomBytes(mib * 1024 * 1024 + i * 4099));
    const uploaded = await Promise.all(
      contents.map(async (content, i) => {
        const res = await upload(t, owner.session, {
          name: `c${i}.bin`,
          content,
          fields: { workspace_id: ws, path: `concurrent/${i}` },
        });
        expect(res.status).toBe(201);
        return json(res);
      }),
    );
    uploaded.forEach((file, i) => {
      expect(file.size).toBe(contents[i]!.length);
      expect(file.sha256).toBe(createHash('sha256').update(contents[i]!).digest('hex'));
    });
  });

  it('leaves no object and no parts when an upload runs over the limit after several parts', async () => {
    const before = await storedBlobs(t, ws);
    const content = randomBytes(MAX_UPLOAD + 1);
    const res = await upload(t, owner.session, { name: 'over.bin', content, fields: { workspace_id: ws } });
    expect(res.status).toBe(413);
    expect(await storedBlobs(t, ws)).toEqual(before);
    expect(await t.deps.prisma.file.count({ where: { workspaceId: ws, name: 'over.bin' } })).toBe(0);
  });

  it('answers 404 for a file whose blob was lost behind the API, and keeps serving', async () => {
    const res = await upload(t, owner.session, {
      name: 'lost.txt',
      content: 'soon gone',
      fields: { workspace_id: ws },
    });
    const file = await json(res);
    const row = await t.deps.prisma.file.findUniqueOrThrow({ where: { id: file.id } });
    await t.deps.storage.remove(ws, [row.storageKey]);
    const gone = await t.fetch(`/api/v1/files/${file.id}/content`, { headers: auth(owner.session) });
    expect(gone.status).toBe(404);
    expect((await json(gone)).type).toBe('NOT_FOUND');
    expect((await t.fetch('/api/v1/health')).status).toBe(200);
  });

  it('removes every blob of a deleted workspace', async () => {
    const doomed = await createWorkspace(t, owner, 'Doomed');
    for (const name of ['a.txt', 'b.txt', 'c.txt']) {
      const res = await upload(t, owner.session, { name, content: name, fields: { workspace_id: doomed, path: 'x' } });
      expect(res.status).toBe(201);
    }
    expect(await storedBlobs(t, doomed)).toHaveLength(3);
    const del = await t.fetch(`/api/v1/workspaces/${doomed}`, { method: 'DELETE', headers: auth(owner.session) });
    expect(del.status).toBe(204);
    await expect.poll(() => storedBlobs(t, doomed), { timeout: 30_000, interval: 250 }).toEqual([]);
    expect((await storedBlobs(t, ws)).length).toBeGreaterThan(0);
  });
});
