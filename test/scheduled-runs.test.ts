/**
 * Scheduled runs, through HTTP and a real Temporal: a retried insert leaves one run, a run the schedule cannot start
 * is recorded as a failed run, scheduled runs carry the search attributes of any run, run_count counts runs, and a
 * paused schedule has no next run.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMailer } from '../src/notify/mailer.ts';
import { createScheduleActivities } from '../workflows/activities/schedule.ts';
import type { FakeLlm } from './support/fake-llm.ts';
import { upload } from './support/files.ts';
import { auth, jsonBody } from './support/identity.ts';
import { type RunWorld, runWorld, waitForStatus } from './support/runs.ts';
import { json, type TestApp } from './support/test-app.ts';
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
const trigger = (id: string) => t.fetch(`/api/v1/schedules/${id}/trigger`, { method: 'POST', headers: h() });
const runsOf = async (scheduleId: string) =>
  (await json(await t.fetch(`/api/v1/skill-runs?workspace_id=${w.ws}&schedule_id=${scheduleId}`, { headers: h() })))
    .data;
const putFile = async (dir: string, name: string) => {
  const res = await upload(t, w.owner.session, { name, content: 'x', fields: { workspace_id: w.ws, path: dir } });
  expect(res.status).toBe(201);
  return (await json(res)).id as string;
};

describe('scheduled runs', () => {
  it('inserts one run however often the action activity is retried', async () => {
    const s = await json(await create({ cron_expression: '0 0 1 1 *', enabled: false }));
    const activities = createScheduleActivities({
      prisma: t.deps.prisma,
      config: t.config,
      storage: t.deps.storage,
      logger: t.deps.logger,
      mailer: createMailer(undefined, t.config.MAIL_FROM),
    });
    // What Temporal does on retry: the same input again (also concurrently, as with a zombie attempt).
    const input = { scheduleId: s.id, seed: `${s.id}-action-2026-11-25T00:00:00Z`, createdAtMs: Date.now() };
    const first = await activities.createScheduledRun(input);
    const again = await Promise.all([activities.createScheduledRun(input), activities.createScheduledRun(input)]);
    expect(first?.runId).toMatch(/^run_/);
    expect(again.map((r) => r?.runId)).toEqual([first?.runId, first?.runId]);
    expect(await t.deps.prisma.skillRun.count({ where: { scheduleId: s.id } })).toBe(1);
  });

  it('gives scheduled runs the search attributes of any run, and counts real runs', async () => {
    const m = `attrs-${randomUUID()}`;
    llm.script(m, [{ text: 'Scheduled.' }]);
    const s = await json(await create({ cron_expression: '0 9 * * 1', instructions: m }));
    expect((await trigger(s.id)).status).toBe(202);
    await expect.poll(async () => (await runsOf(s.id)).length, { timeout: 20_000 }).toBe(1);
    const [run] = await runsOf(s.id);
    expect((await waitForStatus(w, run.id, ['completed', 'failed'])).status).toBe('completed');
    const query = `SkillplaneWorkspaceId = '${w.ws}' AND SkillplaneSkillId = '${w.skillId}' AND SkillplaneScheduleId = '${s.id}' AND WorkflowType = 'skillRunWorkflow'`;
    await expect
      .poll(
        async () => {
          const found: string[] = [];
          for await (const wf of t.deps.temporal.workflow.list({ query })) found.push(wf.workflowId);
          return found;
        },
        { timeout: 15_000 },
      )
      .toEqual([run.id]);
    const after = await get(s.id);
    expect(after.run_count).toBe(1);
    expect(after.last_run_at).toBe(run.created_at);
  });

  it('records a run it cannot start as a failed run with the reason', async () => {
    const fileId = await putFile('inputs', `gone-${randomUUID()}.txt`);
    const file = await json(await t.fetch(`/api/v1/files/${fileId}`, { headers: h() }));
    const s = await json(await create({ cron_expression: '0 9 * * 1', context_paths: [file.path] }));
    expect((await t.fetch(`/api/v1/files/${fileId}`, { method: 'DELETE', headers: h() })).status).toBe(204);
    expect((await trigger(s.id)).status).toBe(202);
    await expect.poll(async () => (await runsOf(s.id)).length, { timeout: 20_000 }).toBe(1);
    const [run] = await runsOf(s.id);
    expect(run).toMatchObject({ status: 'failed', schedule_id: s.id, skill_id: w.skillId });
    expect(run.error).toMatchObject({ type: 'CONTEXT_PATH_NOT_FOUND' });
    expect(run.error.detail).toContain(file.path);
    expect((await get(s.id)).run_count).toBe(1);
  });

  it('refuses a schedule whose context paths name nothing, naming the entry', async () => {
    const present = await putFile('docs', 'brief.txt');
    expect(present).toMatch(/^file_/);
    const res = await create({ cron_expression: '0 9 * * 1', context_paths: ['docs', 'nope/missing.txt'] });
    expect(res.status).toBe(400);
    const problem = await json(res);
    expect(problem.type).toBe('CONTEXT_PATH_NOT_FOUND');
    expect(problem.errors).toEqual([expect.objectContaining({ field: 'body.context_paths[1]' })]);
    const s = await json(await create({ cron_expression: '0 9 * * 1', context_paths: ['docs'] }));
    const patch = await t.fetch(`/api/v1/schedules/${s.id}`, {
      ...jsonBody({ context_paths: ['../../etc/passwd'] }, h()),
      method: 'PATCH',
    });
    expect(patch.status).toBe(400);
    expect((await json(patch)).errors[0].field).toBe('body.context_paths[0]');
  });

  it("shows no next_run_at while paused, and counts a prompt schedule's turn as its run", async () => {
    const s = await json(await create({ cron_expression: '* * * * *' }));
    expect(s.next_run_at).not.toBeNull();
    const paused = await json(await t.fetch(`/api/v1/schedules/${s.id}/pause`, { method: 'POST', headers: h() }));
    expect(paused).toMatchObject({ status: 'paused', next_run_at: null });
    expect((await get(s.id)).next_run_at).toBeNull();
    const resumed = await json(await t.fetch(`/api/v1/schedules/${s.id}/resume`, { method: 'POST', headers: h() }));
    expect(resumed.next_run_at).not.toBeNull();
    await t.fetch(`/api/v1/schedules/${s.id}/pause`, { method: 'POST', headers: h() });

    const conversation = await json(
      await t.fetch('/api/v1/conversations', jsonBody({ workspace_id: w.ws, title: 'Digests' }, h())),
    );
    const prompt = await json(
      await t.fetch(
        '/api/v1/schedules',
        jsonBody(
          {
            workspace_id: w.ws,
            name: 'Prompt',
            prompt: 'Summarise',
            conversation_id: conversation.id,
            cron_expression: '0 0 1 1 *',
            trigger_immediately: true,
          },
          h(),
        ),
      ),
    );
    // The immediate action starts a turn in the conversation, which counts as one of the schedule's runs.
    await expect
      .poll(async () => (await t.deps.temporal.schedule.getHandle(prompt.id).describe()).info.numActionsTaken, {
        timeout: 15_000,
      })
      .toBe(1);
    await expect.poll(async () => (await get(prompt.id)).run_count, { timeout: 15_000 }).toBe(1);
    const turns = await t.deps.prisma.response.findMany({ where: { conversationId: conversation.id } });
    expect(turns.map((r) => r.input)).toEqual(['Summarise']);
  });
});
