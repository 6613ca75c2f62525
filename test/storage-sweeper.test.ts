/**
 * The storage sweeper, run by the real retention workflow on the test app's worker, against local disk and again
 * against versitygw (SKILLPLANE_TEST_STORAGE=s3). The leftovers are made where a killed process would leave them:
 * blobs written by the storage (the same `storage.write` the handlers call) whose row was never committed, a
 * half-written local `.tmp/` file and a staged upload, an S3 multipart upload with a part sent and never completed
 * (the API's own client, as `uploadStream` starts one), and the working directory of a scratchpad deleted with its
 * conversation (rows cascade; the directory is the one a cell run makes). Grace is a few seconds: the old leftovers
 * are aged by waiting past it, then a fresh orphan of each kind is made, which must survive, as must every blob a
 * row points to (files, artifact files, run outputs) and a live scratchpad's directory. A second test makes the
 * leftover with a real crash: an API process SIGKILLed in the middle of an upload.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, readdir, writeFile } from 'node:fs/promises';
import http from 'node:http';
import path from 'node:path';
import { Readable } from 'node:stream';
import { setTimeout as sleep } from 'node:timers/promises';
import { CreateMultipartUploadCommand, ListMultipartUploadsCommand, UploadPartCommand } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { S3Storage } from '../src/files/s3-storage.ts';
import { newId } from '../src/lib/ids.ts';
import { scratchpadRoot } from '../src/scratchpads/paths.ts';
import { artifactForm } from './support/artifacts.ts';
import { upload } from './support/files.ts';
import { auth, createWorkspace, jsonBody, signedInUser, type TestUser } from './support/identity.ts';
import { spawnEntry } from './support/processes.ts';
import { apiProcessEnv, createTestApp, json, type TestApp } from './support/test-app.ts';

const GRACE_SECONDS = 12;
let t: TestApp;
let owner: TestUser;
let ws: string;

beforeAll(async () => {
  t = await createTestApp({
    STORAGE_SWEEP_GRACE_SECONDS: String(GRACE_SECONDS),
    RATE_LIMIT_DEFAULT_PER_MINUTE: '100000',
    RATE_LIMIT_FILES_PER_MINUTE: '1000',
  });
  owner = await signedInUser(t);
  ws = await createWorkspace(t, owner);
});
afterAll(async () => {
  await t?.close();
});

const orphanBlob = async (content: string) => (await t.deps.storage.write(ws, Readable.from([content]))).key;
const exists = async (key: string) => (await t.deps.storage.sizeOf(ws, key)) !== undefined;
const tmp = (...parts: string[]) => path.join(t.config.SKILLPLANE_DATA_DIR, 'files', '.tmp', ...parts);
const post = (p: string, body: object) => t.fetch(p, jsonBody(body, auth(owner.session)));

/** What a process killed mid-upload leaves on S3: a multipart upload with a part and no completion. */
async function unfinishedUpload(storage: S3Storage): Promise<string> {
  const Key = `${ws}/${randomUUID()}`;
  const created = await storage.client.send(new CreateMultipartUploadCommand({ Bucket: storage.bucket, Key }));
  await storage.client.send(
    new UploadPartCommand({
      Bucket: storage.bucket,
      Key,
      UploadId: created.UploadId,
      PartNumber: 1,
      Body: randomBytes(5 * 1024 * 1024),
    }),
  );
  return Key;
}
const openUploads = async (storage: S3Storage) =>
  ((await storage.client.send(new ListMultipartUploadsCommand({ Bucket: storage.bucket }))).Uploads ?? []).map(
    (u) => u.Key,
  );

/** A scratchpad with the working directory a cell run gives it. */
async function scratchpadWithDir(conversationId: string): Promise<string> {
  const res = await post('/api/v1/scratchpads', { conversation_id: conversationId });
  expect(res.status).toBe(201);
  const id = (await json(res)).id;
  const work = path.join(scratchpadRoot(t.config, id), 'work');
  await mkdir(work, { recursive: true });
  await writeFile(path.join(work, 'data.csv'), 'a,b\n1,2\n');
  return id;
}

describe(`storage sweeper (${process.env.SKILLPLANE_TEST_STORAGE ?? 'local'})`, () => {
  it('removes leftovers past the grace period and keeps every referenced blob and fresh leftover', async () => {
    const { prisma, storage } = t.deps;
    // Referenced: a file, an artifact's files, a run's output.
    const fileRes = await upload(t, owner.session, { name: 'kept.txt', content: 'kept', fields: { workspace_id: ws } });
    expect(fileRes.status).toBe(201);
    const file = await json(fileRes);
    const project = await json(await post('/api/v1/projects', { workspace_id: ws, name: 'Sales' }));
    const form = artifactForm({ project_id: project.id, path: 'site/index.html' }, [
      { name: 'index.html', content: '<h1>kept</h1>' },
      { name: 'app.js', content: 'console.log(1)' },
    ]);
    const published = await t.fetch('/api/v1/artifacts', { method: 'POST', body: form, headers: auth(owner.session) });
    expect(published.status).toBe(201);
    const outputKey = await orphanBlob('run output');
    await prisma.skillRun.create({
      data: {
        id: newId('run'),
        workspaceId: ws,
        skillName: 'analyst',
        skillVersion: 1,
        model: 'openai:gpt-4o-mini',
        maxDurationSeconds: 60,
        status: 'completed',
        completedAt: new Date(),
        outputs: { create: { path: 'out.txt', size: 10, sha256: 'x', storageKey: outputKey } },
      },
    });
    const fileKey = (await prisma.file.findUniqueOrThrow({ where: { id: file.id } })).storageKey;
    const artifactKeys = (await prisma.artifactFile.findMany({ where: { artifact: { projectId: project.id } } })).map(
      (f) => f.storageKey,
    );
    const referenced = [fileKey, ...artifactKeys, outputKey];

    // Old leftovers.
    const oldOrphans = [await orphanBlob('never committed'), await orphanBlob('x'.repeat(1000))];
    await mkdir(tmp('staging', 'uploads'), { recursive: true });
    await writeFile(tmp(randomUUID()), 'half a write');
    await writeFile(tmp('staging', 'uploads', randomUUID()), 'a staged upload');
    const s3 = storage instanceof S3Storage ? storage : undefined;
    const oldUpload = s3 ? await unfinishedUpload(s3) : undefined;
    // On S3 a multipart object is dated by its upload's start: an old-looking object whose upload is still open
    // (completing while the sweeper lists) must be kept. Its upload is opened after the wait, so it is fresh.
    const completing = s3 ? await orphanBlob('completing') : undefined;
    const conv = async () => (await json(await post('/api/v1/conversations', { workspace_id: ws }))).id;
    const liveConversation = await conv();
    const doomedConversation = await conv();
    const live = await scratchpadWithDir(liveConversation);
    const doomed = await scratchpadWithDir(doomedConversation);
    const gone = await t.fetch(`/api/v1/conversations/${doomedConversation}`, {
      method: 'DELETE',
      headers: auth(owner.session),
    });
    expect(gone.status).toBe(204);
    expect(existsSync(scratchpadRoot(t.config, doomed))).toBe(true);

    await sleep((GRACE_SECONDS + 1) * 1000);

    // Fresh leftovers: within the grace period, as a write or publish in flight would be.
    const freshOrphan = await orphanBlob('in flight');
    const freshTmp = tmp(randomUUID());
    await writeFile(freshTmp, 'being written');
    const freshUpload = s3 ? await unfinishedUpload(s3) : undefined;
    if (s3 && completing)
      await s3.client.send(new CreateMultipartUploadCommand({ Bucket: s3.bucket, Key: `${ws}/${completing}` }));

    const result = await t.deps.temporal.workflow.execute('retentionWorkflow', {
      taskQueue: t.config.TEMPORAL_TASK_QUEUE,
      workflowId: `retention-sweep-${randomUUID()}`,
      args: [],
    });

    for (const key of oldOrphans) expect(await exists(key)).toBe(false);
    for (const key of referenced) expect(await exists(key)).toBe(true);
    expect(await exists(freshOrphan)).toBe(true);
    expect(existsSync(freshTmp)).toBe(true);
    expect(existsSync(scratchpadRoot(t.config, doomed))).toBe(false);
    expect(existsSync(path.join(scratchpadRoot(t.config, live), 'work', 'data.csv'))).toBe(true);
    expect(result.swept).toMatchObject({ blobs: 2, tempFiles: 2, scratchpadDirs: 1, uploads: s3 ? 1 : 0 });
    if (s3) {
      expect(oldUpload).toBeDefined();
      expect(await exists(completing!)).toBe(true);
      expect((await openUploads(s3)).sort()).toEqual([freshUpload, `${ws}/${completing}`].sort());
    }

    // Everything kept still serves.
    const content = await t.fetch(`/api/v1/files/${file.id}/content`, { headers: auth(owner.session) });
    expect(await content.text()).toBe('kept');
  }, 120_000);
});

/** The unfinished writes storage holds: local `.tmp/` files (not staging), or open S3 multipart uploads. */
async function unfinishedWrites(): Promise<string[]> {
  const { storage } = t.deps;
  if (storage instanceof S3Storage) return (await openUploads(storage)).flatMap((k) => (k ? [k] : []));
  const entries = await readdir(tmp(), { withFileTypes: true }).catch(() => []);
  return entries.filter((e) => e.isFile()).map((e) => e.name);
}

describe(`storage sweeper after a real crash (${process.env.SKILLPLANE_TEST_STORAGE ?? 'local'})`, () => {
  it('removes what an API process killed mid-upload left behind', async () => {
    const s3 = t.config.STORAGE_BACKEND === 's3';
    const api = spawnEntry(
      'src/server.ts',
      apiProcessEnv(t, {
        RATE_LIMIT_FILES_PER_MINUTE: '1000',
        STORAGE_BACKEND: t.config.STORAGE_BACKEND,
        ...(s3
          ? {
              S3_ENDPOINT: t.config.S3_ENDPOINT ?? '',
              S3_BUCKET: t.config.S3_BUCKET,
              S3_ACCESS_KEY_ID: t.config.S3_ACCESS_KEY_ID ?? '',
              S3_SECRET_ACCESS_KEY: t.config.S3_SECRET_ACCESS_KEY ?? '',
              S3_UPLOAD_PART_MB: '5',
              S3_UPLOAD_CONCURRENCY: '1',
            }
          : {}),
      }),
    );
    try {
      await api.waitFor(/"msg":"api listening"/);
      const url = new URL(/"url":"(http:\/\/[^"]+)"/.exec(api.output())![1]!);
      const before = await unfinishedWrites();
      // The fields first, then more than one S3 part of the file, and then the client goes quiet.
      const boundary = `b${randomUUID()}`;
      const req = http.request({
        host: url.hostname,
        port: url.port,
        path: '/api/v1/files',
        method: 'POST',
        headers: { ...auth(owner.session), 'Content-Type': `multipart/form-data; boundary=${boundary}` },
      });
      req.on('error', () => {});
      req.write(
        `--${boundary}\r\nContent-Disposition: form-data; name="workspace_id"\r\n\r\n${ws}\r\n` +
          `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="big.bin"\r\n` +
          'Content-Type: application/octet-stream\r\n\r\n',
      );
      req.write(randomBytes(6 * 1024 * 1024));
      const deadline = Date.now() + 30_000;
      let left: string[] = [];
      while (left.length === 0) {
        if (Date.now() > deadline) throw new Error('the upload left no unfinished write to kill');
        await sleep(100);
        left = (await unfinishedWrites()).filter((w) => !before.includes(w));
      }
      await api.kill('SIGKILL');
      req.destroy();
      expect(await unfinishedWrites()).toEqual(expect.arrayContaining(left));

      await sleep((GRACE_SECONDS + 1) * 1000);
      const result = await t.deps.temporal.workflow.execute('retentionWorkflow', {
        taskQueue: t.config.TEMPORAL_TASK_QUEUE,
        workflowId: `retention-crash-${randomUUID()}`,
        args: [],
      });
      for (const w of left) expect(await unfinishedWrites()).not.toContain(w);
      expect(s3 ? result.swept.uploads : result.swept.tempFiles).toBeGreaterThanOrEqual(1);
      expect(result.swept.bytes).toBeGreaterThan(0);
    } finally {
      await api.kill('SIGKILL');
    }
  }, 120_000);
});
