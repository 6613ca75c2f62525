/** Helpers for skill-run tests: a workspace with a skill, starting runs, waiting for them. */
import path from 'node:path';
import { expect } from 'vitest';
import { upload } from './files.ts';
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

/** Uploads a file into the workspace tree through the files API. */
export async function putWorkspaceFile(w: RunWorld, filePath: string, content: string) {
  const res = await upload(w.t, w.owner.session, {
    name: path.basename(filePath),
    content,
    fields: { workspace_id: w.ws, path: path.dirname(filePath) },
  });
  expect(res.status).toBe(201);
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
