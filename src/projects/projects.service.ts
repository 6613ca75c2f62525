/**
 * Projects: loading one the caller may act on, checking the skills it names, and deleting it with everything in it.
 */
import type { Context } from 'hono';
import type { Project } from '../../generated/prisma/client.ts';
import { ApiError } from '../app/problem.ts';
import type { AppEnv, Deps } from '../app/types.ts';
import { deleteProjectArtifacts } from '../artifacts/artifacts.service.ts';
import { authorizeWorkspace } from '../auth/authorize.ts';
import { cancelConversationTurns, deleteConversationRows } from '../conversations/conversations.service.ts';
import { deleteFile } from '../routes/files/files.service.ts';
import { deleteSchedule } from '../schedules/schedules.service.ts';

/** A project of a workspace the caller may act on with the operation's permission (404 for other workspaces'). */
export async function loadProject(c: Context<AppEnv>, projectId: string, field?: string): Promise<Project> {
  const project = await c.get('deps').prisma.project.findUnique({ where: { id: projectId } });
  if (!project) throw notFoundAt('project', field);
  try {
    await authorizeWorkspace(c, project.workspaceId, 'project');
  } catch (err) {
    // The same 404 as for an id that does not exist: another workspace's project must not be told apart.
    if (err instanceof ApiError && err.status === 404) throw notFoundAt('project', field);
    throw err;
  }
  return project;
}

/** A 404 naming the request field that holds the unknown id, when there is one. */
export function notFoundAt(what: string, field?: string): ApiError {
  if (!field) return ApiError.notFound(what);
  return new ApiError(404, 'NOT_FOUND', {
    detail: `No such ${what}.`,
    errors: [{ field, message: `No such ${what}`, code: 'not_found' }],
  });
}

/** Files and schedules may name a project and a conversation: each must exist in the workspace (404 naming it). */
export async function assertReferences(
  prisma: Deps['prisma'],
  workspaceId: string,
  refs: { projectId?: string | null; conversationId?: string | null },
  at: string,
): Promise<void> {
  if (refs.projectId && !(await prisma.project.count({ where: { id: refs.projectId, workspaceId } }))) {
    throw notFoundAt('project', `${at}.project_id`);
  }
  if (refs.conversationId && !(await prisma.conversation.count({ where: { id: refs.conversationId, workspaceId } }))) {
    throw notFoundAt('conversation', `${at}.conversation_id`);
  }
}

/** Every id must name a skill the workspace can run (its own, or a published global one). */
export async function assertSkills(
  deps: Pick<Deps, 'prisma'>,
  workspaceId: string,
  ids: readonly string[],
  field: string,
) {
  if (ids.length === 0) return;
  const found = await deps.prisma.skill.findMany({
    where: { id: { in: [...ids] }, OR: [{ workspaceId }, { isGlobal: true, publishedVersion: { not: null } }] },
    select: { id: true },
  });
  const known = new Set(found.map((s) => s.id));
  const missing = ids.findIndex((id) => !known.has(id));
  if (missing >= 0) throw notFoundAt('skill', `${field}[${missing}]`);
}

/**
 * Deletes a project and its contents: its schedules first (so none fires into a conversation being deleted), then
 * the turns running in its conversations are cancelled, then its files and artifacts (rows and blobs), and finally the rows
 * (conversations with their items and responses, memories) in one transaction. Each part is idempotent, so a
 * failed delete can be repeated.
 */
export async function deleteProject(deps: Deps, project: Project): Promise<void> {
  const { prisma, storage } = deps;
  const schedules = await prisma.schedule.findMany({ where: { projectId: project.id }, select: { id: true } });
  for (const s of schedules) await deleteSchedule(deps, s.id);
  const conversations = await prisma.conversation.findMany({ where: { projectId: project.id }, select: { id: true } });
  for (const conv of conversations) await cancelConversationTurns(deps, conv.id);
  const files = await prisma.file.findMany({ where: { workspaceId: project.workspaceId, projectId: project.id } });
  for (const file of files) await deleteFile(prisma, storage, file);
  await deleteProjectArtifacts(deps, project.id);
  await prisma.$transaction(async (tx) => {
    for (const conv of conversations) await deleteConversationRows(tx, conv.id);
    await tx.project.delete({ where: { id: project.id } });
  });
}
