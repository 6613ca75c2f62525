/** Schedules: CRUD, pause/resume, trigger; each operation goes through the Temporal Schedule as well. */
import type { OpenAPIHono } from '@hono/zod-openapi';
import type { Context } from 'hono';
import type { Schedule } from '../../../generated/prisma/client.ts';
import {
  deleteApiV1SchedulesScheduleIdRoute,
  getApiV1SchedulesRoute,
  getApiV1SchedulesScheduleIdRoute,
  patchApiV1SchedulesScheduleIdRoute,
  postApiV1SchedulesRoute,
  postApiV1SchedulesScheduleIdPauseRoute,
  postApiV1SchedulesScheduleIdResumeRoute,
  postApiV1SchedulesScheduleIdTriggerRoute,
  type Schedule as ScheduleOut,
} from '../../../generated/routes.ts';
import { ApiError } from '../../app/problem.ts';
import { mount } from '../../app/router.ts';
import type { AppEnv, Deps } from '../../app/types.ts';
import { authorizeWorkspace, requestedWorkspace } from '../../auth/authorize.ts';
import { rememberCreated } from '../../idempotency/idempotency.ts';
import { newId } from '../../lib/ids.ts';
import { pageArgs, timeRange, toPage } from '../../lib/pagination.ts';
import { assertReferences } from '../../projects/projects.service.ts';
import { assertContextPaths } from '../../runs/context.ts';
import { assertModelPriced } from '../../runs/runs.service.ts';
import {
  deleteSchedule,
  markSynced,
  pushUpdate,
  scheduleTimes,
  syncCreate,
  validateTiming,
} from '../../schedules/schedules.service.ts';
import { emitScheduleEvent } from '../../webhooks/events.ts';
import { iso, isoOrNull } from '../serializers.ts';

async function scheduleOut(deps: Deps, s: Schedule): Promise<ScheduleOut> {
  return toScheduleOut(s, await scheduleTimes(deps, s.id));
}

function toScheduleOut(s: Schedule, times: Awaited<ReturnType<typeof scheduleTimes>>): ScheduleOut {
  return {
    id: s.id,
    workspace_id: s.workspaceId,
    name: s.name,
    action: s.action as 'skill_run' | 'prompt',
    cron_expression: s.cronExpression,
    timezone: s.timezone,
    enabled: s.enabled,
    status: s.enabled ? 'active' : 'paused',
    skill_id: s.skillId,
    instructions: s.instructions,
    context_paths: s.contextPaths,
    notify_emails: s.notifyEmails,
    model: s.model,
    project_id: s.projectId,
    conversation_id: s.conversationId,
    prompt: s.prompt,
    overlap_policy: s.overlapPolicy as ScheduleOut['overlap_policy'],
    catchup_window: s.catchupWindowSeconds,
    paused_by: s.pausedBy,
    pause_note: s.pauseNote,
    next_run_at: isoOrNull(times.nextRunAt),
    last_run_at: isoOrNull(times.lastRunAt),
    run_count: times.runCount,
    created_at: iso(s.createdAt),
    updated_at: iso(s.updatedAt),
  };
}

async function loadSchedule(c: Context<AppEnv>, id: string): Promise<Schedule> {
  const s = await c.get('deps').prisma.schedule.findUnique({ where: { id } });
  if (!s || s.deletingAt) throw ApiError.notFound('schedule');
  await authorizeWorkspace(c, s.workspaceId, 'schedule');
  return s;
}

export function registerSchedules(app: OpenAPIHono<AppEnv>): void {
  mount(app, postApiV1SchedulesRoute, async (c) => {
    const body = c.req.valid('json');
    const workspaceId = requestedWorkspace(c, body.workspace_id, 'body.workspace_id');
    await authorizeWorkspace(c, workspaceId);
    validateTiming(body.cron_expression, body.timezone);
    if (Boolean(body.skill_id) === Boolean(body.prompt)) {
      throw ApiError.validation([
        {
          field: 'body.skill_id',
          message: 'Give either skill_id (skill-run schedule) or prompt (prompt schedule)',
          code: 'invalid_union',
        },
      ]);
    }
    const deps = c.get('deps');
    if (body.skill_id) {
      const skill = await deps.prisma.skill.findFirst({
        where: { id: body.skill_id, OR: [{ workspaceId }, { isGlobal: true, publishedVersion: { not: null } }] },
      });
      if (!skill) throw ApiError.notFound('skill');
    }
    await assertReferences(
      deps.prisma,
      workspaceId,
      { projectId: body.project_id, conversationId: body.conversation_id },
      'body',
    );
    await assertContextPaths(deps.prisma, workspaceId, body.context_paths ?? []);
    await assertModelPriced(deps, workspaceId, body.model ?? deps.config.DEFAULT_MODEL);
    const row = await deps.prisma.schedule.create({
      data: {
        id: newId('sched'),
        workspaceId,
        name: body.name,
        action: body.skill_id ? 'skill_run' : 'prompt',
        cronExpression: body.cron_expression.trim(),
        timezone: body.timezone ?? 'UTC',
        enabled: body.enabled ?? true,
        skillId: body.skill_id ?? null,
        instructions: body.instructions ?? null,
        contextPaths: [...(body.context_paths ?? [])],
        notifyEmails: [...(body.notify_emails ?? [])],
        model: body.model ?? null,
        projectId: body.project_id ?? null,
        conversationId: body.conversation_id ?? null,
        prompt: body.prompt ?? null,
        overlapPolicy: body.overlap_policy ?? 'skip',
        catchupWindowSeconds: body.catchup_window ?? 60,
        createdById: c.get('principal').userId,
      },
    });
    // If Temporal does not answer, the schedule reconciler creates the Temporal Schedule; a retry gets this answer.
    rememberCreated(c, 201, toScheduleOut(row, { nextRunAt: null, lastRunAt: null, runCount: 0 }));
    const synced = await syncCreate(deps, row, body.trigger_immediately ?? false);
    return c.json(await scheduleOut(deps, synced), 201);
  });

  mount(app, getApiV1SchedulesRoute, async (c) => {
    const query = c.req.valid('query');
    const workspaceId = requestedWorkspace(c, query.workspace_id, 'query.workspace_id');
    await authorizeWorkspace(c, workspaceId);
    const page = pageArgs(query);
    const deps = c.get('deps');
    const rows = await deps.prisma.schedule.findMany({
      where: {
        AND: [
          { workspaceId, deletingAt: null },
          query.status ? { enabled: query.status === 'active' } : {},
          query.skill_id ? { skillId: query.skill_id } : {},
          query.project_id ? { projectId: query.project_id } : {},
          timeRange(query),
          page.where,
        ],
      },
      orderBy: page.orderBy,
      take: page.take,
    });
    const out = toPage(rows, page.limit, (r) => r);
    return c.json({ ...out, data: await Promise.all(out.data.map((r) => scheduleOut(deps, r))) }, 200);
  });

  mount(app, getApiV1SchedulesScheduleIdRoute, async (c) => {
    const s = await loadSchedule(c, c.req.valid('param').schedule_id);
    return c.json(await scheduleOut(c.get('deps'), s), 200);
  });

  mount(app, patchApiV1SchedulesScheduleIdRoute, async (c) => {
    const s = await loadSchedule(c, c.req.valid('param').schedule_id);
    const body = c.req.valid('json');
    // An empty update changes nothing: no write, no new sync with Temporal, the same `updated_at`.
    if (Object.keys(body).length === 0) return c.json(await scheduleOut(c.get('deps'), s), 200);
    validateTiming(body.cron_expression, body.timezone);
    if (body.prompt !== undefined && s.action !== 'prompt') {
      throw ApiError.validation([
        { field: 'body.prompt', message: 'Only prompt schedules have a prompt', code: 'invalid_type' },
      ]);
    }
    const deps = c.get('deps');
    if (body.context_paths !== undefined) await assertContextPaths(deps.prisma, s.workspaceId, body.context_paths);
    await assertModelPriced(deps, s.workspaceId, body.model ?? s.model ?? deps.config.DEFAULT_MODEL);
    const updated = await deps.prisma.schedule.update({
      where: { id: s.id },
      data: {
        ...(body.name !== undefined ? { name: body.name } : {}),
        ...(body.cron_expression !== undefined ? { cronExpression: body.cron_expression.trim() } : {}),
        ...(body.timezone !== undefined ? { timezone: body.timezone } : {}),
        ...(body.instructions !== undefined ? { instructions: body.instructions } : {}),
        ...(body.context_paths !== undefined ? { contextPaths: [...body.context_paths] } : {}),
        ...(body.notify_emails !== undefined ? { notifyEmails: [...body.notify_emails] } : {}),
        ...(body.model !== undefined ? { model: body.model } : {}),
        ...(body.prompt !== undefined ? { prompt: body.prompt } : {}),
        ...(body.overlap_policy !== undefined ? { overlapPolicy: body.overlap_policy } : {}),
        ...(body.catchup_window !== undefined ? { catchupWindowSeconds: body.catchup_window } : {}),
        syncedAt: null,
      },
    });
    await pushUpdate(deps, updated);
    return c.json(await scheduleOut(deps, await markSynced(deps, s.id)), 200);
  });

  mount(app, deleteApiV1SchedulesScheduleIdRoute, async (c) => {
    const s = await loadSchedule(c, c.req.valid('param').schedule_id);
    await deleteSchedule(c.get('deps'), s.id);
    return c.body(null, 204);
  });

  mount(app, postApiV1SchedulesScheduleIdPauseRoute, async (c) => {
    const s = await loadSchedule(c, c.req.valid('param').schedule_id);
    const note = (c.req.header('content-type') ? c.req.valid('json') : {})?.note ?? null;
    const deps = c.get('deps');
    const updated = await deps.prisma.$transaction(async (tx) => {
      const row = await tx.schedule.update({
        where: { id: s.id },
        data: { enabled: false, pausedBy: c.get('principal').userId, pauseNote: note, syncedAt: null },
      });
      await emitScheduleEvent(tx, 'schedule.paused', row);
      return row;
    });
    await deps.temporal.schedule.getHandle(s.id).pause(note ?? `Paused by ${c.get('principal').userId}`);
    return c.json(await scheduleOut(deps, await markSynced(deps, updated.id)), 200);
  });

  mount(app, postApiV1SchedulesScheduleIdResumeRoute, async (c) => {
    const s = await loadSchedule(c, c.req.valid('param').schedule_id);
    const deps = c.get('deps');
    const updated = await deps.prisma.$transaction(async (tx) => {
      const row = await tx.schedule.update({
        where: { id: s.id },
        data: { enabled: true, pausedBy: null, pauseNote: null, syncedAt: null },
      });
      await emitScheduleEvent(tx, 'schedule.resumed', row);
      return row;
    });
    await deps.temporal.schedule.getHandle(s.id).unpause(`Resumed by ${c.get('principal').userId}`);
    return c.json(await scheduleOut(deps, await markSynced(deps, updated.id)), 200);
  });

  mount(app, postApiV1SchedulesScheduleIdTriggerRoute, async (c) => {
    const s = await loadSchedule(c, c.req.valid('param').schedule_id);
    const deps = c.get('deps');
    await deps.temporal.schedule.getHandle(s.id).trigger();
    return c.json({ triggered: true, schedule: await scheduleOut(deps, s) }, 202);
  });
}
