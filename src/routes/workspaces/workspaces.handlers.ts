/** Workspaces and their members. */

import type { OpenAPIHono } from '@hono/zod-openapi';
import type { Membership, User, Workspace } from '../../../generated/prisma/client.ts';
import {
  deleteApiV1WorkspacesWorkspaceIdMembersUserIdRoute,
  deleteApiV1WorkspacesWorkspaceIdRoute,
  getApiV1WorkspacesRoute,
  getApiV1WorkspacesWorkspaceIdMembersRoute,
  getApiV1WorkspacesWorkspaceIdRoute,
  type Member,
  patchApiV1WorkspacesWorkspaceIdMembersUserIdRoute,
  patchApiV1WorkspacesWorkspaceIdRoute,
  postApiV1WorkspacesRoute,
  postApiV1WorkspacesWorkspaceIdMembersRoute,
  type Role,
  type Workspace as WorkspaceOut,
} from '../../../generated/routes.ts';
import { mount } from '../../app/router.ts';
import type { AppEnv } from '../../app/types.ts';
import { forgetCredentials } from '../../auth/authenticate.ts';
import { authorizeWorkspace, forgetMemberships } from '../../auth/authorize.ts';
import { pageArgs, toPage } from '../../lib/pagination.ts';
import { hideWorkspace, startWorkspacePurge } from '../../purge/workspace-purge.ts';
import { iso } from '../serializers.ts';
import { addMember, changeMember, createWorkspace } from './workspaces.service.ts';

const workspaceOut = (w: Workspace, role: Role): WorkspaceOut => ({
  id: w.id,
  name: w.name,
  role,
  budget_usd: w.budgetUsd === null ? null : w.budgetUsd.toFixed(2),
  created_at: iso(w.createdAt),
  updated_at: iso(w.updatedAt),
});

const memberOut = (m: Membership & { user: User }): Member => ({
  user_id: m.userId,
  email: m.user.email,
  name: m.user.name,
  role: m.role,
  created_at: iso(m.createdAt),
});

export function registerWorkspaces(app: OpenAPIHono<AppEnv>): void {
  mount(app, postApiV1WorkspacesRoute, async (c) => {
    const { name } = c.req.valid('json');
    const workspace = await createWorkspace(c.get('deps').prisma, c.get('principal').userId, name);
    return c.json(workspaceOut(workspace, 'owner'), 201);
  });

  mount(app, getApiV1WorkspacesRoute, async (c) => {
    const principal = c.get('principal');
    const page = pageArgs(c.req.valid('query'));
    const rows = await c.get('deps').prisma.membership.findMany({
      where: {
        userId: principal.userId,
        ...(principal.workspaceId ? { workspaceId: principal.workspaceId } : {}),
        workspace: page.where,
      },
      include: { workspace: true },
      orderBy: page.orderBy.map((o) => ({ workspace: o })),
      take: page.take,
    });
    const items = rows.map((m) => ({ ...m.workspace, role: m.role }));
    return c.json(
      toPage(items, page.limit, (w) => workspaceOut(w, w.role)),
      200,
    );
  });

  mount(app, getApiV1WorkspacesWorkspaceIdRoute, async (c) => {
    const { workspace_id } = c.req.valid('param');
    const access = await authorizeWorkspace(c, workspace_id);
    const workspace = await c.get('deps').prisma.workspace.findUniqueOrThrow({ where: { id: workspace_id } });
    return c.json(workspaceOut(workspace, access.role), 200);
  });

  mount(app, patchApiV1WorkspacesWorkspaceIdRoute, async (c) => {
    const { workspace_id } = c.req.valid('param');
    const access = await authorizeWorkspace(c, workspace_id);
    const body = c.req.valid('json');
    const data = {
      ...(body.name === undefined ? {} : { name: body.name }),
      ...(body.budget_usd === undefined ? {} : { budgetUsd: body.budget_usd }),
    };
    const { prisma } = c.get('deps');
    // An empty update changes nothing, `updated_at` included.
    const workspace =
      Object.keys(data).length === 0
        ? await prisma.workspace.findUniqueOrThrow({ where: { id: workspace_id } })
        : await prisma.workspace.update({ where: { id: workspace_id }, data });
    return c.json(workspaceOut(workspace, access.role), 200);
  });

  mount(app, deleteApiV1WorkspacesWorkspaceIdRoute, async (c) => {
    const { workspace_id } = c.req.valid('param');
    await authorizeWorkspace(c, workspace_id);
    const deps = c.get('deps');
    // Purge first: if Temporal does not answer, nothing has changed yet and the DELETE can be retried.
    await startWorkspacePurge(deps, workspace_id);
    await hideWorkspace(deps.prisma, workspace_id);
    forgetMemberships();
    forgetCredentials();
    return c.body(null, 204);
  });

  mount(app, getApiV1WorkspacesWorkspaceIdMembersRoute, async (c) => {
    const { workspace_id } = c.req.valid('param');
    await authorizeWorkspace(c, workspace_id);
    const page = pageArgs(c.req.valid('query'));
    const rows = await c.get('deps').prisma.membership.findMany({
      where: { workspaceId: workspace_id, ...(page.where.OR ? { OR: page.where.OR.map(asMembership) } : {}) },
      include: { user: true },
      orderBy: [{ createdAt: page.orderBy[0]!.createdAt }, { userId: page.orderBy[1]!.id }],
      take: page.take,
    });
    return c.json(
      toPage(
        rows.map((m) => ({ ...m, id: m.userId })),
        page.limit,
        memberOut,
      ),
      200,
    );
  });

  mount(app, postApiV1WorkspacesWorkspaceIdMembersRoute, async (c) => {
    const { workspace_id } = c.req.valid('param');
    const access = await authorizeWorkspace(c, workspace_id);
    const member = await addMember(c.get('deps').prisma, workspace_id, access.role, c.req.valid('json'));
    return c.json(memberOut(member), 201);
  });

  mount(app, patchApiV1WorkspacesWorkspaceIdMembersUserIdRoute, async (c) => {
    const { workspace_id, user_id } = c.req.valid('param');
    const access = await authorizeWorkspace(c, workspace_id);
    const { role } = c.req.valid('json');
    const member = await changeMember(c.get('deps').prisma, workspace_id, access.role, user_id, role);
    return c.json(memberOut(member!), 200);
  });

  mount(app, deleteApiV1WorkspacesWorkspaceIdMembersUserIdRoute, async (c) => {
    const { workspace_id, user_id } = c.req.valid('param');
    const access = await authorizeWorkspace(c, workspace_id);
    await changeMember(c.get('deps').prisma, workspace_id, access.role, user_id, null);
    return c.body(null, 204);
  });
}

/** Memberships are keyed by user id, not `id`: rewrite the cursor condition accordingly. */
function asMembership(cond: Record<string, unknown>) {
  const { id, ...rest } = cond as { id?: unknown };
  return id === undefined ? rest : { ...rest, userId: id };
}
