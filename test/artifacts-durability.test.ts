/**
 * A worker process that really dies while the agent publishes an artifact (SKILLPLANE_TEST_CRASH_AT) is replaced,
 * and the turn completes with the artifact published once: after the blobs were written but before anything
 * committed, the step runs again; after it committed, it is not repeated (one version, one tool result). The blobs the
 * dead worker wrote before it died belong to no row; a storage sweep pass (src/purge/storage-sweep.ts) removes them.
 */
import { randomUUID } from 'node:crypto';
import { once } from 'node:events';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { sweepBlobs } from '../src/purge/storage-sweep.ts';
import type { FakeLlm } from './support/fake-llm.ts';
import { auth, createWorkspace, jsonBody, signedInUser, type TestUser } from './support/identity.ts';
import { spawnEntry } from './support/processes.ts';
import { json, type TestApp } from './support/test-app.ts';
import { createTestAppWithModel, workerProcessEnv } from './support/test-app-with-model.ts';

let t: TestApp;
let llm: FakeLlm;
let owner: TestUser;
let projectId: string;
let ws: string;

const post = async (path: string, body: object) => json(await t.fetch(path, jsonBody(body, auth(owner.session))));

beforeAll(async () => {
  ({ t, llm } = await createTestAppWithModel(
    { OPENAI_API_KEY: 'k', RATE_LIMIT_DEFAULT_PER_MINUTE: '100000' },
    { worker: false },
  ));
  owner = await signedInUser(t);
  ws = await createWorkspace(t, owner);
  const skill = await post('/api/v1/skills', {
    workspace_id: ws,
    name: 'writer',
    description: 'd',
    tools: ['write_file'],
  });
  projectId = (await post('/api/v1/projects', { workspace_id: ws, name: 'P', skill_ids: [skill.id] })).id;
});
afterAll(async () => {
  await t?.close();
});

const workerEnv = (extra: Record<string, string> = {}) => workerProcessEnv(t, llm, extra);

async function publishThroughCrash(point: string) {
  const m = `artifact-${point}-${randomUUID()}`;
  const root = `crash-${point}`;
  const script = llm.script(m, [
    { toolCalls: [{ name: 'write_file', arguments: { path: `${root}/index.html`, content: `<p>${m}</p>` } }] },
    { toolCalls: [{ name: 'publish_artifact', arguments: { path: `${root}/index.html`, title: 'Crash' } }] },
    { text: 'Published.' },
  ]);
  const conv = await post('/api/v1/conversations', { project_id: projectId });
  const crashing = spawnEntry('workflows/main.ts', workerEnv({ SKILLPLANE_TEST_CRASH_AT: point }));
  await crashing.waitFor(/worker polling/);
  const exited = once(crashing.child, 'exit');
  const { id } = await post('/api/v1/responses', {
    conversation_id: conv.id,
    input: m,
    stream: false,
    background: true,
  });
  const [code] = await exited;
  expect(code).toBe(86);
  const replacement = spawnEntry('workflows/main.ts', workerEnv());
  try {
    await replacement.waitFor(/worker polling/);
    const deadline = Date.now() + 60_000;
    for (;;) {
      const r = await json(await t.fetch(`/api/v1/responses/${id}`, { headers: auth(owner.session) }));
      if (['completed', 'failed', 'incomplete', 'cancelled'].includes(r.status)) return { r, root, m, script };
      if (Date.now() > deadline) throw new Error(`turn ${id} is still ${r.status}`);
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  } finally {
    await replacement.kill('SIGTERM');
  }
}

it.each(['artifact-prepared', 'artifact-committed'])(
  'publishes once when the worker dies at %s',
  async (point) => {
    const { r, root, m, script } = await publishThroughCrash(point);
    expect(r.status).toBe('completed');
    expect(r.output_text).toBe('Published.');
    const artifacts = await t.deps.prisma.artifact.findMany({ where: { projectId, root }, include: { files: true } });
    expect(artifacts).toHaveLength(1);
    expect(artifacts[0]).toMatchObject({ version: 1, source: 'agent', responseId: r.id, fileCount: 1 });
    const outputs = r.output.filter((o: { type: string }) => o.type === 'function_call_output');
    expect(outputs.filter((o: { output: string }) => o.output.startsWith('Published artifact'))).toHaveLength(1);
    // The model step that called the tool ran once (committed before the crash); only the tool step was at stake.
    expect(script.calls[1]).toBe(1);
    const served = await t.fetch(`/api/v1/artifacts/serve/${projectId}/${root}/index.html`, {
      headers: auth(owner.session),
    });
    expect(await served.text()).toBe(`<p>${m}</p>`);
    if (point === 'artifact-prepared') await sweepsTheDeadAttemptsBlobs();
  },
  120_000,
);

/** The workspace's blobs no row points to. */
async function unreferencedBlobs(): Promise<string[]> {
  const { prisma, storage } = t.deps;
  const keys = (await storage.listBlobs(undefined, 1000)).blobs.filter((b) => b.workspaceId === ws).map((b) => b.key);
  const rows = [
    ...(await prisma.file.findMany({ where: { storageKey: { in: keys } } })),
    ...(await prisma.artifactFile.findMany({ where: { storageKey: { in: keys } } })),
    ...(await prisma.skillRunOutput.findMany({ where: { storageKey: { in: keys } } })),
  ];
  const used = new Set(rows.map((r) => r.storageKey));
  return keys.filter((k) => !used.has(k));
}

async function sweepsTheDeadAttemptsBlobs() {
  expect((await unreferencedBlobs()).length).toBeGreaterThan(0);
  // Nothing is in flight any more: a cutoff a minute ahead stands for the grace period having passed.
  const { prisma, storage } = t.deps;
  const swept = await sweepBlobs(prisma, storage, { cutoff: new Date(Date.now() + 60_000), maxPages: 10 });
  expect(swept.blobs.count).toBeGreaterThan(0);
  expect(await unreferencedBlobs()).toEqual([]);
}
