/** Helpers for skill-run tests: a workspace with a skill, starting runs, waiting for them. */
import { createHash, randomUUID } from 'node:crypto';
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { expect } from 'vitest';
import { newId } from '../../src/lib/ids.ts';
import { storagePath } from '../../src/runs/context.ts';
import { auth, createWorkspace, jsonBody, signedInUser, type TestUser } from './identity.ts';
import { json, type TestApp } from './test-app.ts';

export interface RunWorld {
  t: TestApp;
  owner: TestUser;
  ws: string;
  skillId: string;
}

export async function runWorld(
  t: TestApp,
  tools = ['read_file', 'write_file', 'list_files', 'run_python', 'run_shell', 'ask_user'],
) {
  const owner = await signedInUser(t);
  const ws = await createWorkspace(t, owner);
  const res = await t.fetch(
    '/api/v1/skills',
    jsonBody(
      { workspace_id: ws, name: 'analyst', description: 'Analyses data', instructions: 'Be precise.', tools },
      auth(owner.session),
    ),
  );
  expect(res.status).toBe(201);
  return { t, owner, ws, skillId: (await json(res)).id } satisfies RunWorld;
}

/** Puts a file into the workspace tree (as the files API stores it). */
export async function putWorkspaceFile(w: RunWorld, filePath: string, content: string) {
  const storageKey = randomUUID();
  const target = storagePath(w.t.config, w.ws, storageKey);
  await mkdir(path.dirname(target), { recursive: true });
  await writeFile(target, content);
  await w.t.deps.prisma.file.create({
    data: {
      id: newId('file'),
      workspaceId: w.ws,
      path: filePath,
      name: path.basename(filePath),
      size: BigInt(Buffer.byteLength(content)),
      sha256: createHash('sha256').update(content).digest('hex'),
      mimeType: 'text/plain',
      storageKey,
    },
  });
}

export async function startRun(w: RunWorld, body: Record<string, unknown>, headers: Record<string, string> = {}) {
  return w.t.fetch(
    '/api/v1/skill-runs',
    jsonBody({ workspace_id: w.ws, skill_id: w.skillId, ...body }, { ...auth(w.owner.session), ...headers }),
  );
}

export async function getRun(w: RunWorld, runId: string) {
  return json(await w.t.fetch(`/api/v1/skill-runs/${runId}`, { headers: auth(w.owner.session) }));
}

export async function waitForStatus(w: RunWorld, runId: string, statuses: string[], timeoutMs = 30_000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const run = await getRun(w, runId);
    if (statuses.includes(run.status)) return run;
    if (Date.now() > deadline)
      throw new Error(`run ${runId} is ${run.status}, not ${statuses.join('/')}: ${JSON.stringify(run)}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}
