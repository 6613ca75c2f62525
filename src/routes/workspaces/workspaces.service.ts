/** Workspaces and memberships. Callers have been authorized for the workspace before these run. */

import type { PrismaClient, Role } from '../../../generated/prisma/client.ts';
import { ApiError } from '../../app/problem.ts';
import { forgetCredentials } from '../../auth/authenticate.ts';
import { forgetMemberships } from '../../auth/authorize.ts';
import { newId } from '../../lib/ids.ts';

export async function createWorkspace(prisma: PrismaClient, ownerId: string, name: string) {
  const id = newId('ws');
  return prisma.workspace.create({
    data: { id, name, memberships: { create: { userId: ownerId, role: 'owner' } } },
  });
}

export async function addMember(
  prisma: PrismaClient,
  workspaceId: string,
  actorRole: Role,
  input: { email: string; role: Role },
) {
  if (input.role === 'owner' && actorRole !== 'owner') {
    throw new ApiError(403, 'FORBIDDEN', { detail: 'Only owners may grant the owner role.' });
  }
  const user = await prisma.user.findUnique({ where: { email: input.email.trim().toLowerCase() } });
  if (!user) throw ApiError.notFound('user with that e-mail');
  const existing = await prisma.membership.findUnique({
    where: { workspaceId_userId: { workspaceId, userId: user.id } },
  });
  if (existing) throw new ApiError(409, 'CONFLICT', { detail: `${user.email} is already a member.` });
  const membership = await prisma.membership.create({ data: { workspaceId, userId: user.id, role: input.role } });
  forgetMemberships();
  return { ...membership, user };
}

/** Changes or removes a membership, keeping at least one owner (checked under a row lock against races). */
export async function changeMember(
  prisma: PrismaClient,
  workspaceId: string,
  actorRole: Role,
  userId: string,
  role: Role | null,
) {
  const result = await prisma.$transaction(async (tx) => {
    const owners = await tx.$queryRaw<Array<{ user_id: string }>>`
      SELECT user_id FROM memberships WHERE workspace_id = ${workspaceId} AND role = 'owner' FOR UPDATE`;
    const target = await tx.membership.findUnique({
      where: { workspaceId_userId: { workspaceId, userId } },
      include: { user: true },
    });
    if (!target) throw ApiError.notFound('member');
    const touchesOwner = target.role === 'owner' || role === 'owner';
    if (touchesOwner && actorRole !== 'owner') {
      throw new ApiError(403, 'FORBIDDEN', { detail: 'Only owners may grant or take away the owner role.' });
    }
    if (target.role === 'owner' && role !== 'owner' && owners.length <= 1) {
      throw new ApiError(409, 'CONFLICT', { detail: 'A workspace needs at least one owner.' });
    }
    if (role === null) {
      await tx.membership.delete({ where: { workspaceId_userId: { workspaceId, userId } } });
      await tx.apiKey.updateMany({ where: { userId, workspaceId, revokedAt: null }, data: { revokedAt: new Date() } });
      return null;
    }
    const updated = await tx.membership.update({
      where: { workspaceId_userId: { workspaceId, userId } },
      data: { role },
    });
    return { ...updated, user: target.user };
  });
  forgetMemberships();
  forgetCredentials();
  return result;
}
