/**
 * Deleting a workspace cancels its running run, deletes its Temporal Schedules and purges its blobs and run
 * directories from disk (the purge workflow, checked on disk and in Temporal); the retention job removes expired
 * rows and run directories past retention but keeps fresh ones; a skill with active runs cannot be deleted.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, readdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { ScheduleNotFoundError } from '@temporalio/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newId } from '../src/lib/ids.ts';
import { ensureRetentionSchedule, retentionScheduleId } from '../src/purge/retention.ts';
import { purgeWorkflowId, runDir } from '../src/purge/workspace-purge.ts';
import type { FakeLlm } from './support/fake-llm.ts';
import { addMember, auth, createWorkspace, jsonBody, signedInUser } from './support/identity.ts';
import { getRun, putWorkspaceFile, type RunWorld, runWorld, startRun, waitForStatus } from './support/runs.ts';
import { json, type TestApp } from './support/test-app.ts';
import { createTestAppWithModel } from './support/test-app-with-model.ts';

let t: TestApp;
let llm: FakeLlm;

beforeAll(async () => {
  ({ t, llm } = await createTestAppWithModel({
    RATE_LIMIT_SKILL_RUNS_PER_MINUTE: '1000',
    RATE_LIMIT_DEFAULT_PER_MINUTE: '100000',
  }));
});
afterAll(async () => {
  await t?.close();
});

const filesDir = (ws: string) => path.join(t.config.SKILLPLANE_DATA_DIR, 'files', ws);
const del = (url: string, secret: string) => t.fetch(url, { method: 'DELETE', headers: auth(secret) });

/** A run that writes an output and then sleeps in Python until it is cancelled. */
async function sleepingRun(w: RunWorld): Promise<string> {
  const m = `sleep-${randomUUID()}`;
  llm.script(m, [
    {
      toolCalls: [
        {
          name: 'run_python',
          arguments: {
            code: "import time\nopen('outputs/partial.txt','w').write('half')\nprint('started', flush=True)\ntime.sleep(120)",
          },
        },
      ],
    },
    { text: 'never reached' },
  ]);
  const { run_id } = await json(await startRun(w, { instructions: m }));
  await expect.poll(async () => (await getRun(w, run_id)).console_output, { timeout: 20_000 }).toContain('started');
  return run_id;
}

describe('deleting a workspace', () => {
  it('answers 204 at once, cancels its running run and leaves no blob, run directory or schedule behind', async () => {
    const w = await runWorld(t);
    await putWorkspaceFile(w, 'data/a.csv', 'x,y\n1,2\n');
    expect(await readdir(filesDir(w.ws))).toHaveLength(1);

    const m = `done-${randomUUID()}`;
    llm.script(m, [
      { toolCalls: [{ name: 'write_file', arguments: { path: 'report.md', content: '# Report\n' } }] },
      { text: 'Written.' },
    ]);
    const finished = (await json(await startRun(w, { instructions: m }))).run_id;
    expect((await waitForStatus(w, finished, ['completed'])).output_files).toEqual(['report.md']);
    const running = await sleepingRun(w);
    // A finished run's sandbox is gone from the worker (its outputs are in storage); the running one has its own.
    expect(existsSync(runDir(t.config.SKILLPLANE_DATA_DIR, finished))).toBe(false);
    expect(existsSync(runDir(t.config.SKILLPLANE_DATA_DIR, running))).toBe(true);
    expect(await readdir(filesDir(w.ws))).toHaveLength(2);

    const schedule = await t.fetch(
      '/api/v1/schedules',
      jsonBody(
        { workspace_id: w.ws, name: 'nightly', cron_expression: '0 3 * * *', skill_id: w.skillId },
        auth(w.owner.session),
      ),
    );
    expect(schedule.status).toBe(201);
    const scheduleId = (await json(schedule)).id;

    const res = await del(`/api/v1/workspaces/${w.ws}`, w.owner.session);
    expect(res.status).toBe(204);
    // Gone for every caller at once, though the purge is still under way.
    expect((await t.fetch(`/api/v1/workspaces/${w.ws}`, { headers: auth(w.owner.session) })).status).toBe(404);
    expect((await t.fetch(`/api/v1/skill-runs/${running}`, { headers: auth(w.owner.session) })).status).toBe(404);
    expect((await del(`/api/v1/workspaces/${w.ws}`, w.owner.session)).status).toBe(404);

    await t.deps.temporal.workflow.getHandle(purgeWorkflowId(w.ws)).result();
    expect(await t.deps.temporal.workflow.getHandle(running).result()).toBe('cancelled');
    expect(existsSync(filesDir(w.ws))).toBe(false);
    expect(existsSync(runDir(t.config.SKILLPLANE_DATA_DIR, finished))).toBe(false);
    expect(existsSync(runDir(t.config.SKILLPLANE_DATA_DIR, running))).toBe(false);
    await expect(t.deps.temporal.schedule.getHandle(scheduleId).describe()).rejects.toBeInstanceOf(
      ScheduleNotFoundError,
    );
    expect(await t.deps.prisma.workspace.findUnique({ where: { id: w.ws } })).toBeNull();
    expect(await t.deps.prisma.skillRun.count({ where: { workspaceId: w.ws } })).toBe(0);
    expect(await t.deps.prisma.file.count({ where: { workspaceId: w.ws } })).toBe(0);
  }, 90_000);

  it('is refused to non-owners (403) and strangers (404), and changes nothing', async () => {
    const w = await runWorld(t);
    const admin = await signedInUser(t);
    await addMember(t, w.owner, w.ws, admin, 'admin');
    const stranger = await signedInUser(t);
    expect((await del(`/api/v1/workspaces/${w.ws}`, admin.session)).status).toBe(403);
    expect((await del(`/api/v1/workspaces/${w.ws}`, stranger.session)).status).toBe(404);
    expect((await del(`/api/v1/workspaces/${w.ws}%00`, w.owner.session)).status).not.toBe(500);
    expect((await t.fetch(`/api/v1/workspaces/${w.ws}`, { headers: auth(admin.session) })).status).toBe(200);
  });
});

describe('retention', () => {
  it('purges expired keys, counters and sessions and old run directories, and keeps fresh ones', async () => {
    const { prisma } = t.deps;
    const owner = await signedInUser(t);
    const ws = await createWorkspace(t, owner);
    const day = 24 * 60 * 60 * 1000;
    const ago = (ms: number) => new Date(Date.now() - ms);
    const tag = randomBytes(4).toString('hex');

    await prisma.idempotencyKey.createMany({
      data: [
        { scope: `s-${tag}`, key: 'old', requestHash: 'h', status: 201, expiresAt: ago(1000) },
        { scope: `s-${tag}`, key: 'new', requestHash: 'h', status: 201, expiresAt: ago(-day) },
      ],
    });
    await prisma.rateLimitCounter.createMany({
      data: [
        { bucket: `old-${tag}`, windowStart: ago(10 * 60 * 1000), count: 3 },
        { bucket: `new-${tag}`, windowStart: ago(0), count: 3 },
      ],
    });
    await prisma.session.createMany({
      data: [
        { id: `sess_old${tag}`, userId: owner.id, tokenHash: `old-${tag}`, expiresAt: ago(1000) },
        { id: `sess_rev${tag}`, userId: owner.id, tokenHash: `rev-${tag}`, expiresAt: ago(-day), revokedAt: ago(0) },
        { id: `sess_new${tag}`, userId: owner.id, tokenHash: `new-${tag}`, expiresAt: ago(-day) },
      ],
    });

    const run = async (status: 'completed' | 'running', completedAt: Date | null) => {
      const id = newId('run');
      await prisma.skillRun.create({
        data: {
          id,
          workspaceId: ws,
          skillName: 'analyst',
          skillVersion: 1,
          model: 'openai:gpt-4o-mini',
          maxDurationSeconds: 60,
          status,
          completedAt,
          createdAt: ago(40 * day),
          outputs: { create: { path: 'out.txt', size: 2, sha256: 'x' } },
        },
      });
      await mkdir(path.join(runDir(t.config.SKILLPLANE_DATA_DIR, id), 'outputs'), { recursive: true });
      await writeFile(path.join(runDir(t.config.SKILLPLANE_DATA_DIR, id), 'outputs', 'out.txt'), 'hi');
      return id;
    };
    const old = await run('completed', ago(31 * day));
    const recent = await run('completed', ago(29 * day));
    const active = await run('running', null);
    const orphan = newId('run');
    await mkdir(runDir(t.config.SKILLPLANE_DATA_DIR, orphan), { recursive: true });

    await t.deps.temporal.workflow.execute('retentionWorkflow', {
      taskQueue: t.config.TEMPORAL_TASK_QUEUE,
      workflowId: `retention-test-${tag}`,
      args: [],
    });

    const keys = await prisma.idempotencyKey.findMany({ where: { scope: `s-${tag}` } });
    expect(keys.map((k) => k.key)).toEqual(['new']);
    const counters = await prisma.rateLimitCounter.findMany({ where: { bucket: { endsWith: tag } } });
    expect(counters.map((c) => c.bucket)).toEqual([`new-${tag}`]);
    const sessions = await prisma.session.findMany({ where: { tokenHash: { endsWith: tag } } });
    expect(sessions.map((s) => s.id)).toEqual([`sess_new${tag}`]);
    // The signed-in owner's own session is fresh and still works.
    expect((await t.fetch(`/api/v1/workspaces/${ws}`, { headers: auth(owner.session) })).status).toBe(200);

    const dataDir = t.config.SKILLPLANE_DATA_DIR;
    expect(existsSync(runDir(dataDir, old))).toBe(false);
    expect(existsSync(runDir(dataDir, orphan))).toBe(false);
    expect(existsSync(runDir(dataDir, recent))).toBe(true);
    expect(existsSync(runDir(dataDir, active))).toBe(true);
    const listed = async (id: string) =>
      (await json(await t.fetch(`/api/v1/skill-runs/${id}`, { headers: auth(owner.session) }))).output_files;
    expect(await listed(old)).toEqual([]);
    expect(await listed(recent)).toEqual(['out.txt']);
    const download = await t.fetch(`/api/v1/skill-runs/${recent}/download`, { headers: auth(owner.session) });
    expect(download.status).toBe(200);
    expect((await download.arrayBuffer()).byteLength).toBeGreaterThan(0);
  }, 60_000);

  it('runs hourly from one Temporal Schedule per task queue, created idempotently', async () => {
    await ensureRetentionSchedule(t.deps);
    await ensureRetentionSchedule(t.deps);
    const handle = t.deps.temporal.schedule.getHandle(retentionScheduleId(t.config.TEMPORAL_TASK_QUEUE));
    try {
      const described = await handle.describe();
      expect(described.action.type).toBe('startWorkflow');
      expect(described.action.type === 'startWorkflow' && described.action.workflowType).toBe('retentionWorkflow');
      expect(described.spec.intervals?.[0]?.every).toBe(60 * 60 * 1000);
    } finally {
      await handle.delete();
    }
  });
});

describe('deleting a skill', () => {
  it('is refused with 409 SKILL_HAS_ACTIVE_RUNS while a run is active, and allowed once it ended', async () => {
    const w = await runWorld(t);
    const m = `ask-${randomUUID()}`;
    llm.script(m, [{ toolCalls: [{ name: 'ask_user', arguments: { question: 'Which quarter?' } }] }]);
    const { run_id } = await json(await startRun(w, { instructions: m }));
    await waitForStatus(w, run_id, ['waiting']);

    const refused = await del(`/api/v1/skills/${w.skillId}`, w.owner.session);
    expect(refused.status).toBe(409);
    expect((await json(refused)).type).toBe('SKILL_HAS_ACTIVE_RUNS');
    expect((await t.fetch(`/api/v1/skills/${w.skillId}`, { headers: auth(w.owner.session) })).status).toBe(200);

    const cancel = await t.fetch(`/api/v1/skill-runs/${run_id}/cancel`, {
      method: 'POST',
      headers: auth(w.owner.session),
    });
    expect(cancel.status).toBe(202);
    await waitForStatus(w, run_id, ['cancelled']);
    expect((await del(`/api/v1/skills/${w.skillId}`, w.owner.session)).status).toBe(204);
    expect((await getRun(w, run_id)).status).toBe('cancelled');
  }, 60_000);
});
