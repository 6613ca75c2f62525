/**
 * Workspace authorization, called by services once they know the target's workspace: a caller who is not a member
 * (or whose key is bound to another workspace) gets 404 so objects of other workspaces stay invisible; a member whose
 * role lacks the operation's `x-permission` gets 403 naming it.
 */
import type { Context } from 'hono';
import type { Role } from '../../generated/routes.ts';
import { ApiError } from '../app/problem.ts';
import type { AppEnv } from '../app/types.ts';
import { cachedIfCurrent, TtlCache } from '../lib/ttl-cache.ts';
import { changesDelivered } from './changes-delivered.ts';
import { isPermission, roleHas } from './permissions.ts';
import type { Principal } from './principal.ts';

export interface WorkspaceAccess {
  workspaceId: string;
  role: Role;
  principal: Principal;
}

export async function authorizeWorkspace(
  c: Context<AppEnv>,
  workspaceId: string,
  notFound = 'workspace',
): Promise<WorkspaceAccess> {
  const principal = c.get('principal');
  if (principal.workspaceId && principal.workspaceId !== workspaceId) throw ApiError.notFound(notFound);
  const membership = await roleIn(c, workspaceId, principal.userId);
  if (!membership) throw ApiError.notFound(notFound);
  const permission = c.get('operation').permission;
  if (permission && isPermission(permission) && !roleHas(membership.role, permission)) {
    throw new ApiError(403, 'FORBIDDEN', {
      detail: `Missing permission ${permission}: your role in this workspace is ${membership.role}.`,
    });
  }
  return { workspaceId, role: membership.role, principal };
}

/**
 * Whether the caller acts inside the workspace (a member, with a credential not bound to another workspace),
 * whatever their role: it decides what of a global skill they see.
 */
export async function isInsideWorkspace(c: Context<AppEnv>, workspaceId: string): Promise<boolean> {
  const principal = c.get('principal');
  if (principal.workspaceId && principal.workspaceId !== workspaceId) return false;
  return (await roleIn(c, workspaceId, principal.userId)) !== null;
}

/** Memberships for a few seconds, kept and cleared like credentials (see src/auth/cache-invalidation.ts). */
const memberships = new TtlCache<{ role: Role } | null>(5000);
export function forgetMemberships(): void {
  memberships.clear();
}

async function roleIn(c: Context<AppEnv>, workspaceId: string, userId: string): Promise<{ role: Role } | null> {
  const key = `${workspaceId}:${userId}`;
  const deps = c.get('deps');
  const cached = await cachedIfCurrent(memberships, key, () => changesDelivered(c));
  if (cached !== undefined) return cached;
  const readAt = memberships.generation;
  const found = await deps.prisma.membership.findUnique({
    where: { workspaceId_userId: { workspaceId, userId } },
    select: { role: true },
  });
  memberships.set(key, found, undefined, readAt);
  return found;
}

/**
 * The workspace a create or list call targets: `workspace_id` from the request, or the workspace of a
 * workspace-bound API key when the request names none.
 */
export function requestedWorkspace(c: Context<AppEnv>, workspaceId: string | undefined, field: string): string {
  const id = workspaceId ?? c.get('principal').workspaceId;
  if (!id) {
    throw ApiError.validation([
      { field, message: 'Required unless the API key is bound to a workspace', code: 'invalid_type' },
    ]);
  }
  return id;
}
