/**
 * No input and no stream error takes the API process down. The real server entry point (`src/server.ts`) runs as its
 * own process against this file's database and Temporal; each hostile case is fired at it, and afterwards the same
 * process must still answer /health, must not have exited, and must not have needed its safety net (an uncaught
 * exception it only logged would still be a bug).
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, rm, symlink } from 'node:fs/promises';
import net from 'node:net';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkedFetch } from './support/contract.ts';
import { type FakeLlm, startFakeLlm } from './support/fake-llm.ts';
import { makeZip, upload, uploadForm } from './support/files.ts';
import { auth, jsonBody } from './support/identity.ts';
import { type Spawned, spawnEntry } from './support/processes.ts';
import { type RunWorld, runWorld, startRun, waitForStatus } from './support/runs.ts';
import { apiProcessEnv, createTestApp, json, type TestApp } from './support/test-app.ts';

let t: TestApp;
let api: TestApp;
let llm: FakeLlm;
let server: Spawned;
let w: RunWorld;
let port: number;

const TIMEOUT_SECONDS = 2;

beforeAll(async () => {
  llm = await startFakeLlm();
  const shared = {
    OPENAI_BASE_URL: llm.baseUrl,
    OPENAI_API_KEY: 'test-key',
    RATE_LIMIT_DEFAULT_PER_MINUTE: '100000',
    RATE_LIMIT_FILES_PER_MINUTE: '100000',
    RATE_LIMIT_SKILL_RUNS_PER_MINUTE: '100000',
  };
  // The in-process worker carries out runs; the API under test is the spawned process.
  t = await createTestApp(shared);
  server = spawnEntry(
    'src/server.ts',
    apiProcessEnv(t, {
      ...shared,
      REQUEST_BODY_TIMEOUT_SECONDS: String(TIMEOUT_SECONDS),
      UPLOAD_IDLE_TIMEOUT_SECONDS: String(TIMEOUT_SECONDS),
      HTTP_HEADERS_TIMEOUT_SECONDS: String(TIMEOUT_SECONDS),
      HTTP_KEEPALIVE_TIMEOUT_SECONDS: String(TIMEOUT_SECONDS),
    }),
  );
  await server.waitFor(/"msg":"api listening"/);
  const url = /"url":"(http:\/\/[^"]+)"/.exec(server.output())![1]!;
  port = Number(new URL(url).port);
  api = { ...t, url, fetch: (p, init) => checkedFetch(new URL(p, url), init) };
  w = await runWorld(api);
});

afterAll(async () => {
  await server?.kill('SIGTERM');
  await t?.close();
  await llm?.close();
});

/** Sends raw bytes and collects everything the server answers until it closes the connection. */
function raw(head: string, body: Buffer | string = '', { endAfterMs }: { endAfterMs?: number } = {}) {
  const socket = net.connect(port, '127.0.0.1');
  socket.on('error', () => {});
  let received = '';
  socket.on('data', (chunk) => {
    received += chunk.toString('latin1');
  });
  const closed = new Promise<string>((resolve) => socket.once('close', () => resolve(received)));
  socket.write(head.replaceAll('\n', '\r\n'));
  if (body.length > 0) socket.write(body);
  if (endAfterMs !== undefined) setTimeout(() => socket.destroy(), endAfterMs);
  return { socket, closed, received: () => received };
}

const bigFile = (bytes: number) => randomBytes(bytes);

async function expectAlive() {
  const health = await fetch(`${api.url}/api/v1/health`);
  expect(health.status).toBe(200);
  expect(server.child.exitCode).toBeNull();
  expect(server.child.signalCode).toBeNull();
  expect(server.output()).not.toMatch(/uncaught exception|unhandled rejection/);
}

describe('refused uploads', () => {
  it('answers 404 for a 2 MB upload to an unknown workspace, and keeps serving', async () => {
    const form = uploadForm({
      name: 'big.bin',
      content: bigFile(2 * 1024 * 1024),
      fields: { workspace_id: 'ws_nope' },
    });
    const res = await fetch(`${api.url}/api/v1/files`, { method: 'POST', headers: auth(w.owner.session), body: form });
    expect(res.status).toBe(404);
    expect((await json(res)).type).toBe('NOT_FOUND');
    await expectAlive();
  });

  it('answers 409 for a 2 MB upload through an existing file, and keeps serving', async () => {
    expect(
      (await upload(api, w.owner.session, { name: 'a.txt', content: 'x', fields: { workspace_id: w.ws } })).status,
    ).toBe(201);
    const form = uploadForm({
      name: 'big.bin',
      content: bigFile(2 * 1024 * 1024),
      fields: { workspace_id: w.ws, path: 'a.txt' },
    });
    const res = await fetch(`${api.url}/api/v1/files`, { method: 'POST', headers: auth(w.owner.session), body: form });
    expect(res.status).toBe(409);
    expect((await json(res)).type).toBe('FILE_PATH_CONFLICT');
    await expectAlive();
  });

  it('answers 400 for a malformed multipart body and one without a boundary, 415 for another content type', async () => {
    const garbage = await fetch(`${api.url}/api/v1/files`, {
      method: 'POST',
      headers: { ...auth(w.owner.session), 'Content-Type': 'multipart/form-data; boundary=xyz' },
      body: `--xyz\r\nContent-Disposition: form-data; name="file"; filename="a"\r\n\r\n${'z'.repeat(700_000)}`,
    });
    expect(garbage.status).toBe(400);
    const noBoundary = await fetch(`${api.url}/api/v1/files`, {
      method: 'POST',
      headers: { ...auth(w.owner.session), 'Content-Type': 'multipart/form-data; charset=utf-8' },
      body: 'whatever',
    });
    expect(noBoundary.status).toBe(400);
    const text = await fetch(`${api.url}/api/v1/files`, {
      method: 'POST',
      headers: { ...auth(w.owner.session), 'Content-Type': 'text/plain' },
      body: 'z'.repeat(600_000),
    });
    expect(text.status).toBe(415);
    const json415 = await fetch(`${api.url}/api/v1/workspaces`, {
      method: 'POST',
      headers: { ...auth(w.owner.session), 'Content-Type': 'text/plain' },
      body: '{"name":"x"}',
    });
    expect(json415.status).toBe(415);
    const badJson = await fetch(`${api.url}/api/v1/workspaces`, {
      method: 'POST',
      headers: { ...auth(w.owner.session), 'Content-Type': 'application/json' },
      body: '{"name":',
    });
    expect(badJson.status).toBe(400);
    expect((await json(badJson)).type).toBe('MALFORMED_REQUEST');
    await expectAlive();
  });
});

describe('clients that go away or stall', () => {
  it('survives a client that disconnects in the middle of an upload', async () => {
    const boundary = 'b0undary';
    const head = [
      'POST /api/v1/files HTTP/1.1',
      'Host: x',
      `Authorization: Bearer ${w.owner.session}`,
      `Content-Type: multipart/form-data; boundary=${boundary}`,
      `Content-Length: ${10 * 1024 * 1024}`,
      '',
      '',
    ].join('\n');
    const part = Buffer.concat([
      Buffer.from(
        `--${boundary}\r\nContent-Disposition: form-data; name="workspace_id"\r\n\r\n${w.ws}\r\n` +
          `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="cut.bin"\r\n\r\n`,
      ),
      bigFile(1024 * 1024),
    ]);
    const conn = raw(head, part);
    // Wait until the server has taken the upload in (the first chunks are on disk), then vanish.
    await new Promise((r) => setTimeout(r, 300));
    conn.socket.destroy();
    await conn.closed;
    await expectAlive();
    const listing = await json(
      await api.fetch(`/api/v1/files/tree?workspace_id=${w.ws}`, { headers: auth(w.owner.session) }),
    );
    expect(JSON.stringify(listing)).not.toContain('cut.bin');
  });

  it('survives a client that disconnects in the middle of a file download, and a download of a lost blob is 404', async () => {
    const res = await upload(api, w.owner.session, {
      name: 'large.bin',
      content: bigFile(8 * 1024 * 1024),
      fields: { workspace_id: w.ws },
    });
    expect(res.status).toBe(201);
    const file = await json(res);
    const abort = new AbortController();
    const download = await fetch(`${api.url}/api/v1/files/${file.id}/content`, {
      headers: auth(w.owner.session),
      signal: abort.signal,
    });
    expect(download.status).toBe(200);
    await download.body!.getReader().read();
    abort.abort();
    await expectAlive();

    const stored = await t.deps.prisma.file.findUniqueOrThrow({ where: { id: file.id } });
    await rm(path.join(t.config.SKILLPLANE_DATA_DIR, 'files', w.ws, stored.storageKey));
    const lost = await fetch(`${api.url}/api/v1/files/${file.id}/content`, { headers: auth(w.owner.session) });
    expect(lost.status).toBe(404);
    await expectAlive();
  });

  it('cuts a client that trickles a JSON body with 408, and one that stalls an upload', async () => {
    const trickle = raw(
      [
        'POST /api/v1/workspaces HTTP/1.1',
        'Host: x',
        `Authorization: Bearer ${w.owner.session}`,
        'Content-Type: application/json',
        'Content-Length: 100',
        '',
        '',
      ].join('\n'),
      '{"name":',
    );
    expect(await trickle.closed).toMatch(/^HTTP\/1\.1 408 [\s\S]*"type":"REQUEST_TIMEOUT"/);

    const boundary = 'stall';
    const stalled = raw(
      [
        'POST /api/v1/files HTTP/1.1',
        'Host: x',
        `Authorization: Bearer ${w.owner.session}`,
        `Content-Type: multipart/form-data; boundary=${boundary}`,
        'Content-Length: 1000000',
        '',
        '',
      ].join('\n'),
      `--${boundary}\r\nContent-Disposition: form-data; name="workspace_id"\r\n\r\n${w.ws}\r\n` +
        `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="slow.bin"\r\n\r\nsome bytes`,
    );
    expect(await stalled.closed).toMatch(/^HTTP\/1\.1 408 [\s\S]*"type":"REQUEST_TIMEOUT"/);
    await expectAlive();
  });

  it('cuts a client that never finishes its headers, and closes an idle keep-alive connection', async () => {
    const slowHeaders = raw('GET /api/v1/health HTTP/1.1\nHost: x\nX-Slow: ');
    expect(await slowHeaders.closed).toMatch(/^HTTP\/1\.1 408 /);

    const idle = raw('GET /api/v1/health HTTP/1.1\nHost: x\n\n');
    const answered = await idle.closed;
    expect(answered).toMatch(/^HTTP\/1\.1 200 /);
    expect(answered).toMatch(/Keep-Alive: timeout=2/i);
    await expectAlive();
  });
});

describe('archives', () => {
  it('refuses a corrupt ZIP, a truncated ZIP and a ZIP bomb with 422', async () => {
    const good = await makeZip([{ name: 'a.txt', content: 'hello '.repeat(1000) }]);
    const bomb = await makeZip([{ name: 'zeros.bin', content: Buffer.alloc(50 * 1024 * 1024) }]);
    const cases = {
      'corrupt.zip': randomBytes(4096),
      'truncated.zip': good.subarray(0, Math.floor(good.length / 2)),
      'bomb.zip': bomb,
    };
    for (const [name, content] of Object.entries(cases)) {
      const res = await upload(api, w.owner.session, { name, content, fields: { workspace_id: w.ws, path: 'zips' } });
      expect(res.status).toBe(201);
      const extract = await api.fetch(
        '/api/v1/files/extract',
        jsonBody({ workspace_id: w.ws, path: `zips/${name}` }, auth(w.owner.session)),
      );
      expect(extract.status).toBe(422);
      const problem = await json(extract);
      expect(problem.type).toMatch(/^ZIP_/);
      expect(problem.detail).not.toContain(t.config.SKILLPLANE_DATA_DIR);
    }
    await expectAlive();
  });
});

describe('skill run streams', () => {
  const marker = () => `robust-${randomUUID()}`;

  it('downloads outputs, then answers 404 once an output is lost or swapped for a link, and survives aborts', async () => {
    const m = marker();
    llm.script(m, [
      { toolCalls: [{ name: 'write_file', arguments: { path: 'one.txt', content: 'one' } }] },
      { toolCalls: [{ name: 'write_file', arguments: { path: 'two.txt', content: 'two'.repeat(100_000) } }] },
      { text: 'Done.' },
    ]);
    const { run_id } = await json(await startRun(w, { instructions: m }));
    expect((await waitForStatus(w, run_id, ['completed', 'failed'])).status).toBe('completed');
    const url = `${api.url}/api/v1/skill-runs/${run_id}/download`;

    const abort = new AbortController();
    const partial = await fetch(url, { headers: auth(w.owner.session), signal: abort.signal });
    expect(partial.status).toBe(200);
    await partial.body!.getReader().read();
    abort.abort();
    await expectAlive();

    // Outputs are served from storage: the run's sandbox on the worker is gone, planting a link there changes nothing.
    const runRoot = path.join(t.config.SKILLPLANE_DATA_DIR, 'runs', run_id);
    expect(existsSync(runRoot)).toBe(false);
    await mkdir(path.join(runRoot, 'outputs'), { recursive: true });
    await symlink('/etc/passwd', path.join(runRoot, 'outputs', 'one.txt'));
    const served = await fetch(url, { headers: auth(w.owner.session) });
    expect(served.status).toBe(200);
    expect(Buffer.from(await served.arrayBuffer()).toString('latin1')).not.toContain('root:');

    // A blob lost behind the API's back is a clean 404 before any byte is sent.
    const row = await t.deps.prisma.skillRunOutput.findFirstOrThrow({ where: { runId: run_id, path: 'one.txt' } });
    const run = await t.deps.prisma.skillRun.findUniqueOrThrow({ where: { id: run_id } });
    await t.deps.storage.remove(run.workspaceId, [row.storageKey!]);
    const missing = await fetch(url, { headers: auth(w.owner.session) });
    expect(missing.status).toBe(404);
    expect((await json(missing)).detail).toBe('Output file "one.txt" is no longer stored.');
    await expectAlive();
  });

  it('survives a client that disconnects from the event stream of a waiting run', async () => {
    const m = marker();
    llm.script(m, [{ toolCalls: [{ name: 'ask_user', arguments: { question: 'Which?' } }] }, { text: 'Done.' }]);
    const { run_id } = await json(await startRun(w, { instructions: m }));
    await waitForStatus(w, run_id, ['waiting']);
    for (let i = 0; i < 3; i++) {
      const abort = new AbortController();
      const events = await fetch(`${api.url}/api/v1/skill-runs/${run_id}/events`, {
        headers: auth(w.owner.session),
        signal: abort.signal,
      });
      expect(events.status).toBe(200);
      const first = await events.body!.getReader().read();
      expect(new TextDecoder().decode(first.value)).toContain('event: ');
      abort.abort();
    }
    await expectAlive();
    const cancel = await api.fetch(`/api/v1/skill-runs/${run_id}/cancel`, {
      method: 'POST',
      headers: auth(w.owner.session),
    });
    expect(cancel.status).toBe(202);
  });
});
