/**
 * Emitting webhook events. An event is a row of `webhook_events` written with the transaction of the change it
 * reports (the outbox): it exists exactly when the change committed, so it is never lost and never made twice.
 * The dispatcher (dispatcher.ts) turns it into deliveries afterwards. Run lifecycle events come from the run's
 * `status` events (src/runs/events.ts), the one place every status change of a run is written.
 */
import type { Prisma } from '../../generated/prisma/client.ts';
import { newId } from '../lib/ids.ts';
import { pgJson } from '../runs/pg-text.ts';

type Tx = Prisma.TransactionClient;

export interface NewWebhookEvent {
  workspaceId: string;
  type: string;
  subjectId?: string | null;
  /** Only this endpoint receives it (test events). */
  endpointId?: string;
  data: Prisma.InputJsonValue;
}

export async function emitEvent(tx: Tx, event: NewWebhookEvent): Promise<string> {
  const id = newId('evt');
  await tx.webhookEvent.create({
    data: {
      id,
      workspaceId: event.workspaceId,
      type: event.type,
      subjectId: event.subjectId ?? null,
      endpointId: event.endpointId ?? null,
      data: pgJson(event.data) as Prisma.InputJsonValue,
    },
  });
  return id;
}

/**
 * What the caller of a status change already knows, so emitting it reads less: `previous`, the status before (null:
 * this is the run's first status), and `run`, the row as it now is, with its outputs.
 */
export interface KnownRunState {
  previous?: string | null;
  run?: RunRow;
}

/**
 * The webhook events of a run's status change, called in its transaction before the new `status` run event is
 * appended (the previous one tells a start from a resume). A scheduled run's first status also reports the
 * schedule's tick: `schedule.triggered` when it was queued, `schedule.run_failed_to_start` when it was refused.
 */
export async function emitRunStatus(tx: Tx, runId: string, status: string, known: KnownRunState = {}): Promise<void> {
  const run = known.run ?? (await tx.skillRun.findUnique({ where: { id: runId }, include: { outputs: true } }));
  if (!run) return;
  const before =
    known.previous !== undefined
      ? (known.previous ?? undefined)
      : (
          (
            await tx.skillRunEvent.findFirst({
              where: { runId, type: 'status' },
              orderBy: { id: 'desc' },
              select: { data: true },
            })
          )?.data as { status?: string } | null
        )?.status;
  const type = status === 'running' ? (before === 'waiting' ? 'resumed' : 'started') : status;
  const data = runData(run);
  await emitEvent(tx, { workspaceId: run.workspaceId, type: `skill_run.${type}`, subjectId: run.id, data });
  if (run.scheduleId && before === undefined) {
    await emitEvent(tx, {
      workspaceId: run.workspaceId,
      type: status === 'queued' ? 'schedule.triggered' : 'schedule.run_failed_to_start',
      subjectId: run.scheduleId,
      data: { schedule_id: run.scheduleId, run: data },
    });
  }
}

export type RunRow = NonNullable<Awaited<ReturnType<Tx['skillRun']['findUnique']>>> & {
  outputs: { path: string; size: bigint; sha256: string }[];
};

function runData(run: RunRow) {
  return {
    id: run.id,
    workspace_id: run.workspaceId,
    skill_id: run.skillId,
    skill_name: run.skillName,
    skill_version: run.skillVersion,
    schedule_id: run.scheduleId,
    status: run.status,
    model: run.model,
    question: run.question,
    error: (run.error as Prisma.InputJsonValue | null) ?? null,
    usage: { input_tokens: run.inputTokens, output_tokens: run.outputTokens },
    cost_usd: run.costUsd.toFixed(6),
    output_files: run.outputs.map((o) => ({ path: o.path, size: Number(o.size), sha256: o.sha256 })),
    created_at: run.createdAt.toISOString(),
    started_at: run.startedAt?.toISOString() ?? null,
    completed_at: run.completedAt?.toISOString() ?? null,
  };
}

/** `schedule.paused` / `schedule.resumed`, in the transaction that changes the schedule's row. */
export async function emitScheduleEvent(
  tx: Tx,
  type: 'schedule.paused' | 'schedule.resumed',
  s: { id: string; workspaceId: string; name: string; pausedBy: string | null; pauseNote: string | null },
): Promise<void> {
  await emitEvent(tx, {
    workspaceId: s.workspaceId,
    type,
    subjectId: s.id,
    data: { id: s.id, workspace_id: s.workspaceId, name: s.name, paused_by: s.pausedBy, pause_note: s.pauseNote },
  });
}

/**
 * `file.created` / `file.deleted`, in the transaction that writes or deletes the files' rows (one insert for them
 * all: a ZIP extraction creates thousands).
 */
export async function emitFileEvents(
  tx: Tx,
  type: 'file.created' | 'file.deleted',
  files: ReadonlyArray<{
    id: string;
    workspaceId: string;
    path: string;
    size?: bigint;
    sha256?: string;
    mimeType?: string;
  }>,
): Promise<void> {
  if (files.length === 0) return;
  await tx.webhookEvent.createMany({
    data: files.map((f) => ({
      id: newId('evt'),
      workspaceId: f.workspaceId,
      type,
      subjectId: f.id,
      data: pgJson({
        id: f.id,
        workspace_id: f.workspaceId,
        path: f.path,
        ...(type === 'file.created'
          ? { size: Number(f.size ?? 0), sha256: f.sha256 ?? '', mime_type: f.mimeType ?? '' }
          : {}),
      }),
    })),
  });
}
