/** Schedules as Temporal Schedules, through HTTP against a real Temporal dev server. */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { reconcileSchedules } from '../src/schedules/schedules.service.ts';
import type { FakeLlm } from './support/fake-llm.ts';
import { auth, jsonBody } from './support/identity.ts';
import { awaitFreshWindow } from './support/rate-window.ts';
import { type RunWorld, runWorld, waitForStatus } from './support/runs.ts';
import { createTestApp, json, type TestApp } from './support/test-app.ts';
import { createTestAppWithModel } from './support/test-app-with-model.ts';

let t: TestApp;
let llm: FakeLlm;
let w: RunWorld;
beforeAll(async () => {
  ({ t, llm } = await createTestAppWithModel({
    OPENAI_API_KEY: 'k',
    RATE_LIMIT_DEFAULT_PER_MINUTE: '100000',
    RATE_LIMIT_SCHEDULES_PER_MINUTE: '1000',
  }));
  w = await runWorld(t);
});
afterAll(async () => {
  await t?.close();
});

const h = () => auth(w.owner.session);
const create = (body: Record<string, unknown>) =>
  t.fetch('/api/v1/schedules', jsonBody({ workspace_id: w.ws, name: 'Nightly', skill_id: w.skillId, ...body }, h()));
const get = async (id: string) => json(await t.fetch(`/api/v1/schedules/${id}`, { headers: h() }));
const post = (id: string, verb: string, body?: unknown) =>
  t.fetch(
    `/api/v1/schedules/${id}/${verb}`,
    body === undefined ? { method: 'POST', headers: h() } : jsonBody(body, h()),
  );
const runsOf = async (scheduleId: string) =>
  (await json(await t.fetch(`/api/v1/skill-runs?workspace_id=${w.ws}&schedule_id=${scheduleId}`, { headers: h() })))
    .data;

describe('schedules', () => {
  it('runs at once with trigger_immediately, and reports next_run_at from Temporal on a minute boundary', async () => {
    const m = `sched-${randomUUID()}`;
    llm.script(m, [{ text: 'Scheduled work done.' }]);
    const res = await create({ cron_expression: '*/1 * * * *', instructions: m, trigger_immediately: true });
    expect(res.status).toBe(201);
    const s = await json(res);
    expect(s).toMatchObject({
      status: 'active',
      enabled: true,
      timezone: 'UTC',
      overlap_policy: 'skip',
      action: 'skill_run',
    });
    const next = new Date(s.next_run_at);
    expect(next.getUTCSeconds()).toBe(0);
    expect(next.getTime() - Date.now()).toBeLessThanOrEqual(61_000);
    await expect.poll(async () => (await runsOf(s.id)).length, { timeout: 20_000 }).toBeGreaterThan(0);
    const [run] = await runsOf(s.id);
    expect(run.schedule_id).toBe(s.id);
    expect((await waitForStatus(w, run.id, ['completed', 'failed'])).status).toBe('completed');
    await expect.poll(async () => (await get(s.id)).run_count, { timeout: 10_000 }).toBeGreaterThan(0);
    expect((await get(s.id)).last_run_at).not.toBeNull();
  });

  it('triggers now: a run appears linked to the schedule', async () => {
    const m = `trig-${randomUUID()}`;
    llm.script(m, [{ text: 'Triggered.' }]);
    const s = await json(await create({ cron_expression: '0 9 * * 1', timezone: 'America/New_York', instructions: m }));
    const res = await post(s.id, 'trigger');
    expect(res.status).toBe(202);
    expect((await json(res)).triggered).toBe(true);
    await expect.poll(async () => (await runsOf(s.id)).length, { timeout: 20_000 }).toBe(1);
  });

  it('pauses with who and why, starts no runs while paused, and resumes', async () => {
    const s = await json(await create({ cron_expression: '* * * * *', instructions: `pause-${randomUUID()}` }));
    const paused = await json(await post(s.id, 'pause', { note: 'maintenance window' }));
    expect(paused).toMatchObject({
      status: 'paused',
      enabled: false,
      paused_by: w.owner.id,
      pause_note: 'maintenance window',
    });
    const described = await t.deps.temporal.schedule.getHandle(s.id).describe();
    expect(described.state.paused).toBe(true);
    expect(described.state.note).toBe('maintenance window');
    // Wait past the next minute boundary: an unpaused schedule would have started a run.
    const boundary = Math.ceil(Date.now() / 60_000) * 60_000;
    await new Promise((r) => setTimeout(r, boundary - Date.now() + 3000));
    expect(await runsOf(s.id)).toHaveLength(0);
    expect((await get(s.id)).run_count).toBe(0);
    const resumed = await json(await post(s.id, 'resume'));
    expect(resumed).toMatchObject({ status: 'active', paused_by: null });
    expect((await t.deps.temporal.schedule.getHandle(s.id).describe()).state.paused).toBe(false);
  }, 90_000);

  it('updates the cron expression and gets a new next_run_at', async () => {
    // Enabled: a paused schedule has no next_run_at.
    const s = await json(await create({ cron_expression: '0 9 1 * *' }));
    const res = await t.fetch(`/api/v1/schedules/${s.id}`, {
      ...jsonBody({ cron_expression: '30 3 * * *' }, h()),
      method: 'PATCH',
    });
    expect(res.status).toBe(200);
    const updated = await json(res);
    expect(updated.cron_expression).toBe('30 3 * * *');
    const next = new Date(updated.next_run_at);
    expect([next.getUTCHours(), next.getUTCMinutes()]).toEqual([3, 30]);
    const described = await t.deps.temporal.schedule.getHandle(s.id).describe();
    expect(described.spec.calendars?.length ?? 0).toBeGreaterThan(0);
    expect((await t.fetch(`/api/v1/schedules/${s.id}`, { method: 'DELETE', headers: h() })).status).toBe(204);
  });

  it('deletes the Temporal Schedule but keeps past runs', async () => {
    const m = `del-${randomUUID()}`;
    llm.script(m, [{ text: 'Before deletion.' }]);
    const s = await json(await create({ cron_expression: '0 0 * * *', instructions: m }));
    await post(s.id, 'trigger');
    await expect.poll(async () => (await runsOf(s.id)).length, { timeout: 20_000 }).toBe(1);
    const [run] = await runsOf(s.id);
    await waitForStatus(w, run.id, ['completed']);
    const del = await t.fetch(`/api/v1/schedules/${s.id}`, { method: 'DELETE', headers: h() });
    expect(del.status).toBe(204);
    await expect(t.deps.temporal.schedule.getHandle(s.id).describe()).rejects.toThrow();
    expect((await t.fetch(`/api/v1/schedules/${s.id}`, { headers: h() })).status).toBe(404);
    expect((await t.fetch(`/api/v1/skill-runs/${run.id}`, { headers: h() })).status).toBe(200);
  });

  it('names the bad field for invalid cron expressions and time zones', async () => {
    for (const [cron, hint] of [
      ['61 * * * *', 'minute'],
      ['* * *', '5 fields'],
      ['0 25 * * *', 'hour'],
      ['0 9 * 13 *', 'month'],
      ['0 9 * * MON-XYZ', 'day of week'],
    ] as const) {
      const body = await json(await create({ cron_expression: cron }));
      expect(body.type, cron).toBe('VALIDATION_FAILED');
      expect(body.errors[0].field).toBe('body.cron_expression');
      expect(body.errors[0].message).toContain(hint);
    }
    const tz = await json(await create({ cron_expression: '0 9 * * *', timezone: 'Mars/Olympus' }));
    expect(tz.errors[0].field).toBe('body.timezone');
    for (const preset of ['0 * * * *', '0 9 * * *', '0 9 * * 1', '0 9 * * 1-5', '0 9 1 * *']) {
      expect((await create({ cron_expression: preset, enabled: false })).status, preset).toBe(201);
    }
  });

  it('stores prompt schedules whose project and conversation exist, and triggers them', async () => {
    const body = { workspace_id: w.ws, name: 'Digest', cron_expression: '0 9 * * 1', prompt: 'Weekly digest' };
    const unknown = await t.fetch('/api/v1/schedules', jsonBody({ ...body, project_id: 'proj_ABC' }, h()));
    expect(unknown.status).toBe(404);
    expect((await json(unknown)).errors[0].field).toBe('body.project_id');
    const noConversation = await t.fetch('/api/v1/schedules', jsonBody({ ...body, conversation_id: 'conv_ABC' }, h()));
    expect(noConversation.status).toBe(404);
    expect((await json(noConversation)).errors[0].field).toBe('body.conversation_id');
    const project = await json(await t.fetch('/api/v1/projects', jsonBody({ workspace_id: w.ws, name: 'p' }, h())));
    const res = await t.fetch('/api/v1/schedules', jsonBody({ ...body, project_id: project.id }, h()));
    expect(res.status).toBe(201);
    const s = await json(res);
    expect(s).toMatchObject({ action: 'prompt', prompt: 'Weekly digest', project_id: project.id, skill_id: null });
    const trig = await post(s.id, 'trigger');
    expect(trig.status).toBe(202);
  });

  it('repairs a row without its Temporal Schedule and a Temporal Schedule without its row', async () => {
    const s = await json(await create({ cron_expression: '0 9 * * *', enabled: false }));
    // A crash after the insert but before Temporal heard of it:
    await t.deps.temporal.schedule.getHandle(s.id).delete();
    await t.deps.prisma.schedule.update({ where: { id: s.id }, data: { syncedAt: null } });
    // A crash after Temporal created a schedule whose row never committed:
    const orphan = await json(await create({ cron_expression: '0 10 * * *', enabled: false }));
    await t.deps.prisma.schedule.delete({ where: { id: orphan.id } });

    const repaired = await reconcileSchedules(t.deps);
    expect(repaired).toEqual({ created: 1, deleted: 1 });
    expect((await t.deps.temporal.schedule.getHandle(s.id).describe()).scheduleId).toBe(s.id);
    await expect(t.deps.temporal.schedule.getHandle(orphan.id).describe()).rejects.toThrow();
  });
});

it('rate-limits the 31st schedule operation in a minute', async () => {
  const limited = await createTestApp({ RATE_LIMIT_DEFAULT_PER_MINUTE: '100000' }, { worker: false });
  try {
    const lw = await runWorld(limited);
    await awaitFreshWindow();
    const statuses: number[] = [];
    for (let i = 0; i < 31; i++) {
      const res = await limited.fetch(`/api/v1/schedules?workspace_id=${lw.ws}`, { headers: auth(lw.owner.session) });
      statuses.push(res.status);
    }
    expect(statuses.slice(0, 30).every((s) => s === 200)).toBe(true);
    expect(statuses[30]).toBe(429);
  } finally {
    await limited.close();
  }
});
