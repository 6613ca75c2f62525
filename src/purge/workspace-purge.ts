/**
 * Deleting a workspace. The request hides the workspace at once (`hideWorkspace`: memberships and keys go, so every
 * caller gets 404, and its schedules stop starting runs) and starts `purgeWorkspaceWorkflow`, which cancels the
 * active runs, deletes the Temporal Schedules, removes blobs and run directories, and finally deletes the rows.
 * Every step is idempotent, so the workflow may retry any of them, and it starts the purge before hiding anything:
 * if Temporal does not answer, nothing has changed and the DELETE can simply be retried.
 */
import { rm } from 'node:fs/promises';
import path from 'node:path';
import { type Client, ScheduleNotFoundError, WorkflowExecutionAlreadyStartedError } from '@temporalio/client';
import type { PrismaClient } from '../../generated/prisma/client.ts';
import type { Config } from '../config.ts';
import type { FileStorage } from '../files/storage.ts';

const BATCH = 500;
const ACTIVE = ['queued', 'running', 'waiting'] as const;

export const purgeWorkflowId = (workspaceId: string) => `purge-${workspaceId}`;

/** Where a run's directory lives (src/sandbox/sandbox.ts creates it there). */
export const runDir = (dataDir: string, runId: string) => path.join(path.resolve(dataDir), 'runs', runId);

export async function startWorkspacePurge(
  { temporal, config }: { temporal: Client; config: Config },
  workspaceId: string,
): Promise<void> {
  try {
    await temporal.workflow.start('purgeWorkspaceWorkflow', {
      workflowId: purgeWorkflowId(workspaceId),
      taskQueue: config.TEMPORAL_TASK_QUEUE,
      args: [{ workspaceId }],
    });
  } catch (err) {
    if (!(err instanceof WorkflowExecutionAlreadyStartedError)) throw err;
  }
}

/** Makes the workspace invisible and inert: no members, no keys, no schedule starts a run any more. */
export async function hideWorkspace(prisma: PrismaClient, workspaceId: string): Promise<void> {
  await prisma.$transaction([
    prisma.membership.deleteMany({ where: { workspaceId } }),
    prisma.apiKey.updateMany({ where: { workspaceId, revokedAt: null }, data: { revokedAt: new Date() } }),
    prisma.schedule.updateMany({ where: { workspaceId, deletingAt: null }, data: { deletingAt: new Date() } }),
  ]);
}

/**
 * Ends queued runs whose workflow never started (nothing else would) and returns the ids of the runs that are still
 * active, whose workflows the purge workflow cancels.
 */
export async function activeRunIds(prisma: PrismaClient, workspaceId: string): Promise<string[]> {
  await prisma.skillRun.updateMany({
    where: { workspaceId, status: 'queued', workflowStartedAt: null },
    data: { status: 'cancelled', completedAt: new Date() },
  });
  const runs = await prisma.skillRun.findMany({
    where: { workspaceId, status: { in: [...ACTIVE] } },
    select: { id: true, response: { select: { id: true } } },
    take: BATCH,
  });
  // The workflow to cancel: a conversation turn's is named by its response.
  return runs.map((r) => r.response?.id ?? r.id);
}

/** Ids of every run of the workspace, a batch at a time. */
async function* runIds(prisma: PrismaClient, workspaceId: string) {
  let after = '';
  for (;;) {
    const runs = await prisma.skillRun.findMany({
      where: { workspaceId, id: { gt: after } },
      select: { id: true },
      orderBy: { id: 'asc' },
      take: BATCH,
    });
    if (runs.length === 0) return;
    yield runs.map((r) => r.id);
    after = runs.at(-1)!.id;
  }
}

export async function deleteWorkspaceSchedules(
  { prisma, temporal }: { prisma: PrismaClient; temporal: Client },
  workspaceId: string,
  progress: () => void,
): Promise<void> {
  for (const s of await prisma.schedule.findMany({ where: { workspaceId }, select: { id: true } })) {
    try {
      await temporal.schedule.getHandle(s.id).delete();
    } catch (err) {
      if (!(err instanceof ScheduleNotFoundError)) throw err;
    }
    await prisma.schedule.deleteMany({ where: { id: s.id } });
    progress();
  }
}

/** Removes the workspace's blobs, then their rows (a retry after a crash removes what is left). */
export async function purgeWorkspaceFiles(
  prisma: PrismaClient,
  storage: FileStorage,
  workspaceId: string,
  progress: () => void,
): Promise<void> {
  for (;;) {
    const files = await prisma.file.findMany({
      where: { workspaceId },
      select: { id: true, storageKey: true },
      take: BATCH,
    });
    if (files.length === 0) break;
    await storage.remove(
      workspaceId,
      files.map((f) => f.storageKey),
    );
    await prisma.file.deleteMany({ where: { id: { in: files.map((f) => f.id) } } });
    progress();
  }
  // Blobs of uploads that failed before their row was written have no row: the workspace's blobs go whole.
  await storage.removeWorkspace(workspaceId);
}

export async function purgeWorkspaceRunDirs(
  prisma: PrismaClient,
  dataDir: string,
  workspaceId: string,
  progress: () => void,
): Promise<void> {
  for await (const ids of runIds(prisma, workspaceId)) {
    await Promise.all(ids.map((id) => rm(runDir(dataDir, id), { recursive: true, force: true })));
    progress();
  }
}

/** Deletes the rows last: runs a batch at a time (each cascades to its events and steps), then the workspace. */
export async function deleteWorkspaceRows(prisma: PrismaClient, workspaceId: string, progress: () => void) {
  for await (const ids of runIds(prisma, workspaceId)) {
    await prisma.skillRun.deleteMany({ where: { id: { in: ids } } });
    progress();
  }
  await prisma.workspace.deleteMany({ where: { id: workspaceId } });
}
