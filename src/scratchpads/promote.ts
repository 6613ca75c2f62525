/**
 * Promoting a scratchpad to an artifact of a project: its cells rendered (`notebook-page.ts`) into the folder
 * `scratchpads/<id>/` of the project, as artifact publishes do it. The blobs are written first; then one transaction
 * takes the project's publish lock, the artifact's row and the scratchpad's row (the order other writers take them),
 * checks that what was rendered is still what the scratchpad holds, switches the artifact's rows to the new blobs
 * (`publishArtifactRows`) and marks the scratchpad saved with the artifact's id. Concurrent promotions of one
 * scratchpad take turns; one that finds the scratchpad changed while it rendered (another promotion linked the
 * artifact, a cell was edited, the artifact was deleted) renders again, so a version never holds cells older than
 * the one before it, and the folder is the scratchpad's own, so promotions never make two artifacts. Any failure
 * removes the blobs this promotion wrote and leaves the rows as they were.
 */
import { Readable } from 'node:stream';
import type { PromoteScratchpad } from '../../generated/routes.ts';
import { ApiError } from '../app/problem.ts';
import type { Deps } from '../app/types.ts';
import { lockProjectRoots, type Published, PublishRefused, publishArtifactRows } from '../artifacts/publish.ts';
import type { StoredBlob } from '../files/storage.ts';
import type { Tx } from '../runs/steps.ts';
import { type NotebookMeta, notebookHtml, notebookJson } from './notebook-page.ts';
import { orderedCells } from './scratchpads.service.ts';

export interface PromoteInput {
  scratchpadId: string;
  body: PromoteScratchpad;
  /** `body.project_id`, once the caller is known to reach it. */
  projectId?: string;
  userId: string | null;
}

/** Renders after a change found under the lock; past this many, the scratchpad is changing too fast to promote. */
const ATTEMPTS = 3;

class ChangedMeanwhile extends Error {}

async function readScratchpad(db: Tx | Deps['prisma'], id: string) {
  const scratchpad = await db.scratchpad.findUnique({
    where: { id },
    include: {
      conversation: { select: { projectId: true } },
      artifact: { select: { id: true, projectId: true, root: true, title: true } },
    },
  });
  if (!scratchpad) throw ApiError.notFound('scratchpad');
  return { scratchpad, cells: await orderedCells(db, id) };
}

/** Where the artifact goes and what its files say; every field is compared again under the lock. */
function planOf({ scratchpad, cells }: Awaited<ReturnType<typeof readScratchpad>>, input: PromoteInput) {
  const active = cells.find((c) => c.status === 'pending' || c.status === 'running');
  if (active) {
    const message = `Cell ${active.id} is ${active.status}; wait for its run to end or cancel it`;
    throw new ApiError(409, 'CONFLICT', {
      detail: `${message}.`,
      errors: [{ field: 'path.scratchpad_id', message, code: 'cell_running' }],
    });
  }
  const { artifact } = scratchpad;
  if (artifact && input.projectId && input.projectId !== artifact.projectId) {
    const message = `The scratchpad's artifact ${artifact.id} belongs to project ${artifact.projectId}`;
    throw new ApiError(409, 'CONFLICT', {
      detail: `${message}.`,
      errors: [{ field: 'body.project_id', message, code: 'project_mismatch' }],
    });
  }
  const projectId = artifact?.projectId ?? input.projectId ?? scratchpad.conversation.projectId;
  if (!projectId) {
    throw ApiError.validation([
      { field: 'body.project_id', message: 'Required: the conversation belongs to no project', code: 'invalid_type' },
    ]);
  }
  const root = artifact?.root ?? `scratchpads/${scratchpad.id}`;
  const meta: NotebookMeta = {
    scratchpadId: scratchpad.id,
    conversationId: scratchpad.conversationId,
    title: input.body.title ?? artifact?.title ?? scratchpad.title ?? `Scratchpad ${scratchpad.id}`,
    description: input.body.description ?? null,
  };
  const json = notebookJson(meta, cells);
  const key = JSON.stringify({ projectId, root, artifactId: artifact?.id ?? null, json });
  return { projectId, root, meta, cells, json, key, artifactId: artifact?.id, creating: !artifact };
}

export async function promoteScratchpad(deps: Pick<Deps, 'prisma' | 'storage' | 'config'>, input: PromoteInput) {
  for (let attempt = 1; ; attempt++) {
    try {
      return await promoteOnce(deps, input);
    } catch (err) {
      if (!(err instanceof ChangedMeanwhile)) throw err;
      if (attempt === ATTEMPTS)
        throw new ApiError(409, 'CONFLICT', { detail: 'The scratchpad kept changing while it was promoted; retry.' });
    }
  }
}

async function promoteOnce(
  { prisma, storage, config }: Pick<Deps, 'prisma' | 'storage' | 'config'>,
  input: PromoteInput,
): Promise<Published> {
  const read = await readScratchpad(prisma, input.scratchpadId);
  const workspaceId = read.scratchpad.workspaceId;
  const plan = planOf(read, input);
  const files = [
    { path: 'index.html', bytes: Buffer.from(notebookHtml(plan.meta, plan.cells)), mimeType: 'text/html' },
    { path: 'notebook.json', bytes: Buffer.from(plan.json), mimeType: 'application/json' },
  ];
  const size = files.reduce((sum, f) => sum + f.bytes.length, 0);
  if (size > config.ARTIFACT_MAX_BYTES) {
    throw new ApiError(422, 'UNPROCESSABLE_ENTITY', {
      detail: `The rendered scratchpad is ${size} bytes; an artifact holds at most ${config.ARTIFACT_MAX_BYTES}.`,
    });
  }
  const written: StoredBlob[] = [];
  try {
    for (const f of files) written.push(await storage.write(workspaceId, Readable.from([f.bytes])));
    const published = await prisma.$transaction(async (tx) => {
      // Locks in the order the other writers take them: a publish takes the project's lock then the artifact's
      // row, deleting an artifact takes its row then (setting `artifact_id` to null) the scratchpad's.
      await lockProjectRoots(tx, plan.projectId);
      if (plan.artifactId) await tx.$queryRaw`SELECT id FROM artifacts WHERE id = ${plan.artifactId} FOR UPDATE`;
      await tx.$queryRaw`SELECT id FROM scratchpads WHERE id = ${input.scratchpadId} FOR UPDATE`;
      if (planOf(await readScratchpad(tx, input.scratchpadId), input).key !== plan.key) throw new ChangedMeanwhile();
      const done = await publishArtifactRows(tx, {
        workspaceId,
        projectId: plan.projectId,
        entry: { path: `${plan.root}/index.html`, root: plan.root },
        ...(input.body.title !== undefined || plan.creating ? { title: plan.meta.title } : {}),
        ...(plan.creating ? { type: 'report' as const } : {}),
        source: 'user',
        conversationId: read.scratchpad.conversationId,
        responseId: null,
        createdById: input.userId,
        files: files.map((f, i) => ({ path: f.path, blob: written[i]!, mimeType: f.mimeType })),
      });
      await tx.scratchpad.update({
        where: { id: input.scratchpadId },
        data: { saved: true, artifactId: done.artifact.id },
      });
      return done;
    });
    await storage.remove(workspaceId, published.replacedKeys);
    return published;
  } catch (err) {
    await storage.remove(
      workspaceId,
      written.map((b) => b.key),
    );
    if (!(err instanceof PublishRefused)) throw err;
    if (err.reason === 'project_gone') throw ApiError.notFound('project');
    throw new ApiError(409, 'CONFLICT', {
      detail: err.message,
      errors: [{ field: 'path.scratchpad_id', message: err.message, code: 'folder_conflict' }],
    });
  }
}
