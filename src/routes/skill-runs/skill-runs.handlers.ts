/** Skill runs: start, read, steer, and stream them. */
import { Readable } from 'node:stream';
import type { OpenAPIHono } from '@hono/zod-openapi';
import type { Context } from 'hono';
import { streamSSE } from 'hono/streaming';
import type { SkillRun, SkillRunOutput } from '../../../generated/prisma/client.ts';
import {
  getApiV1SkillRunsRoute,
  getApiV1SkillRunsRunIdDownloadRoute,
  getApiV1SkillRunsRunIdEventsRoute,
  getApiV1SkillRunsRunIdOutputsRoute,
  getApiV1SkillRunsRunIdRoute,
  postApiV1SkillRunsRoute,
  postApiV1SkillRunsRunIdCancelRoute,
  postApiV1SkillRunsRunIdInputRoute,
  postApiV1SkillRunsRunIdRetryRoute,
  type RunError,
  type SkillRun as SkillRunOut,
} from '../../../generated/routes.ts';
import { ApiError } from '../../app/problem.ts';
import { mount } from '../../app/router.ts';
import type { AppEnv } from '../../app/types.ts';
import { authorizeWorkspace, requestedWorkspace } from '../../auth/authorize.ts';
import { rememberCreated } from '../../idempotency/idempotency.ts';
import { pageArgs, timeRange, toPage } from '../../lib/pagination.ts';
import { followRunEvents, type RunEvent } from '../../runs/event-feed.ts';
import { OutputMissingError, outputArchive } from '../../runs/output-archive.ts';
import { cancelRun, insertRun, provideInput, runOutputs, startRunWorkflow } from '../../runs/runs.service.ts';
import { runOutputsDir } from '../../sandbox/sandbox.ts';
import { iso, isoOrNull } from '../serializers.ts';

export const runOut = (r: SkillRun, outputs: Pick<SkillRunOutput, 'path'>[]): SkillRunOut => ({
  id: r.id,
  workspace_id: r.workspaceId,
  skill_id: r.skillId,
  skill_name: r.skillName,
  skill_version: r.skillVersion,
  status: r.status,
  model: r.model,
  instructions: r.instructions,
  context_paths: r.contextPaths,
  notify_emails: r.notifyEmails,
  max_duration: r.maxDurationSeconds,
  input_tokens: r.inputTokens,
  output_tokens: r.outputTokens,
  cost_usd: r.costUsd.toFixed(6),
  console_output: r.consoleOutput,
  question: r.question,
  error: (r.error as RunError | null) ?? null,
  output_files: outputs.map((o) => o.path),
  retry_of: r.retryOfId,
  schedule_id: r.scheduleId,
  created_at: iso(r.createdAt),
  started_at: isoOrNull(r.startedAt),
  completed_at: isoOrNull(r.completedAt),
});

/** Loads a run the caller may act on with the operation's permission (404 for other workspaces' runs). */
async function loadRun(c: Context<AppEnv>, runId: string): Promise<SkillRun> {
  // A conversation turn's run is the response's business: it is read and cancelled through /responses.
  const run = await c.get('deps').prisma.skillRun.findUnique({ where: { id: runId, response: null } });
  if (!run) throw ApiError.notFound('skill run');
  await authorizeWorkspace(c, run.workspaceId, 'skill run');
  return run;
}

const accepted = (run: SkillRun) => ({
  run_id: run.id,
  status: run.status,
  message: `Skill run started. Poll GET /api/v1/skill-runs/${run.id} or stream GET /api/v1/skill-runs/${run.id}/events.`,
  run: runOut(run, []),
});

export function registerSkillRuns(app: OpenAPIHono<AppEnv>): void {
  mount(app, postApiV1SkillRunsRoute, async (c) => {
    const body = c.req.valid('json');
    const workspaceId = requestedWorkspace(c, body.workspace_id, 'body.workspace_id');
    await authorizeWorkspace(c, workspaceId);
    const deps = c.get('deps');
    const run = await insertRun(deps, {
      workspaceId,
      skillId: body.skill_id,
      stage: body.stage ?? 'published',
      instructions: body.instructions ?? null,
      contextPaths: body.context_paths ?? [],
      notifyEmails: body.notify_emails ?? [],
      ...(body.model ? { model: body.model } : {}),
      maxDurationSeconds: body.max_duration ?? 3600,
      createdById: c.get('principal').userId,
    });
    // If Temporal does not answer, the reconciler starts the workflow and a retry with the same key gets this answer.
    rememberCreated(c, 202, accepted(run));
    return c.json(accepted(await startRunWorkflow(deps, run)), 202);
  });

  mount(app, getApiV1SkillRunsRoute, async (c) => {
    const query = c.req.valid('query');
    const workspaceId = requestedWorkspace(c, query.workspace_id, 'query.workspace_id');
    await authorizeWorkspace(c, workspaceId);
    const page = pageArgs(query);
    const rows = await c.get('deps').prisma.skillRun.findMany({
      where: {
        AND: [
          { workspaceId, response: null },
          query.status ? { status: query.status } : {},
          query.skill_id ? { skillId: query.skill_id } : {},
          query.schedule_id ? { scheduleId: query.schedule_id } : {},
          timeRange(query),
          page.where,
        ],
      },
      include: { outputs: { select: { path: true }, orderBy: { path: 'asc' } } },
      orderBy: page.orderBy,
      take: page.take,
    });
    return c.json(
      toPage(rows, page.limit, (r) => runOut(r, r.outputs)),
      200,
    );
  });

  mount(app, getApiV1SkillRunsRunIdRoute, async (c) => {
    const run = await loadRun(c, c.req.valid('param').run_id);
    return c.json(runOut(run, await runOutputs(c.get('deps').prisma, run.id)), 200);
  });

  mount(app, postApiV1SkillRunsRunIdCancelRoute, async (c) => {
    const run = await loadRun(c, c.req.valid('param').run_id);
    const deps = c.get('deps');
    await cancelRun(deps, run);
    const now = await deps.prisma.skillRun.findUniqueOrThrow({ where: { id: run.id } });
    return c.json(runOut(now, await runOutputs(deps.prisma, run.id)), 202);
  });

  mount(app, postApiV1SkillRunsRunIdInputRoute, async (c) => {
    const run = await loadRun(c, c.req.valid('param').run_id);
    const deps = c.get('deps');
    await provideInput(deps, run, c.req.valid('json').answer);
    return c.json(runOut(run, await runOutputs(deps.prisma, run.id)), 202);
  });

  mount(app, postApiV1SkillRunsRunIdRetryRoute, async (c) => {
    const first = await loadRun(c, c.req.valid('param').run_id);
    if (!first.skillId) throw new ApiError(409, 'CONFLICT', { detail: 'The skill of this run was deleted.' });
    const deps = c.get('deps');
    const run = await insertRun(deps, {
      workspaceId: first.workspaceId,
      skillId: first.skillId,
      skillVersion: first.skillVersion,
      instructions: first.instructions,
      contextPaths: first.contextPaths,
      notifyEmails: first.notifyEmails,
      model: first.model,
      maxDurationSeconds: first.maxDurationSeconds,
      retryOfId: first.id,
      createdById: c.get('principal').userId,
    });
    rememberCreated(c, 202, accepted(run));
    return c.json(accepted(await startRunWorkflow(deps, run)), 202);
  });

  mount(app, getApiV1SkillRunsRunIdOutputsRoute, async (c) => {
    const run = await loadRun(c, c.req.valid('param').run_id);
    const outputs = await runOutputs(c.get('deps').prisma, run.id);
    return c.json(
      {
        data: outputs.map((o) => ({
          path: o.path,
          size: Number(o.size),
          sha256: o.sha256,
          created_at: iso(o.createdAt),
        })),
      },
      200,
    );
  });

  mount(app, getApiV1SkillRunsRunIdDownloadRoute, async (c) => {
    const run = await loadRun(c, c.req.valid('param').run_id);
    const { prisma, config, storage } = c.get('deps');
    const logger = c.get('logger').child({ run_id: run.id });
    const outputs = await runOutputs(prisma, run.id);
    // Streamed: each file is read as the client consumes the archive; nothing is held whole in memory.
    const zip = await outputArchive(
      { storage, workspaceId: run.workspaceId, outputsDir: runOutputsDir(config.SKILLPLANE_DATA_DIR, run.id) },
      outputs,
    ).catch((err) => {
      if (!(err instanceof OutputMissingError)) throw err;
      logger.warn('run output missing on disk', { path: err.outputPath });
      throw new ApiError(404, 'NOT_FOUND', { detail: err.message });
    });
    zip.on('error', (err) => {
      logger.warn('run output download failed', { error: err.message });
    });
    const body = Readable.toWeb(zip) as ReadableStream;
    return c.body(body, 200, {
      'Content-Type': 'application/zip',
      'Content-Disposition': `attachment; filename="${run.id}-output.zip"`,
    });
  });

  mount(app, getApiV1SkillRunsRunIdEventsRoute, async (c) => {
    const run = await loadRun(c, c.req.valid('param').run_id);
    const { prisma, pool, notifications } = c.get('deps');
    const logger = c.get('logger').child({ run_id: run.id });
    const header = c.req.valid('header')['Last-Event-ID'] ?? c.req.header('last-event-id');
    const after = header ? BigInt(header) : 0n;
    // A failure while streaming (the database gone) ends the stream and is logged, not sent: hono's own `error` event
    // would put the internal message on the wire.
    return streamSSE(c, async (stream) => {
      const aborted = new AbortController();
      stream.onAbort(() => aborted.abort());
      const send = (event: RunEvent) =>
        stream.writeSSE({ id: String(event.id), event: event.type, data: JSON.stringify(event.data) });
      await followRunEvents({ prisma, pool, hub: notifications }, run.id, after, send, aborted.signal).catch(
        (err: unknown) => {
          logger.error('event stream failed', { error: err instanceof Error ? err.message : String(err) });
        },
      );
    });
  });
}
