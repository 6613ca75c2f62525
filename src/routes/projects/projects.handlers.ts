/** Projects: create, list, read, update, delete (with their contents). */
import type { OpenAPIHono } from '@hono/zod-openapi';
import type { Project } from '../../../generated/prisma/client.ts';
import {
  deleteApiV1ProjectsProjectIdRoute,
  getApiV1ProjectsProjectIdRoute,
  getApiV1ProjectsRoute,
  type Project as ProjectOut,
  patchApiV1ProjectsProjectIdRoute,
  postApiV1ProjectsRoute,
} from '../../../generated/routes.ts';
import { mount } from '../../app/router.ts';
import type { AppEnv } from '../../app/types.ts';
import { authorizeWorkspace, requestedWorkspace } from '../../auth/authorize.ts';
import { assertConnections } from '../../connectors/connections.service.ts';
import { newId } from '../../lib/ids.ts';
import { pageArgs, timeRange, toPage } from '../../lib/pagination.ts';
import { assertSkills, deleteProject, loadProject } from '../../projects/projects.service.ts';
import { iso } from '../serializers.ts';

export const projectOut = (p: Project): ProjectOut => ({
  id: p.id,
  workspace_id: p.workspaceId,
  name: p.name,
  description: p.description,
  connector_ids: p.connectorIds,
  skill_ids: p.skillIds,
  created_at: iso(p.createdAt),
  updated_at: iso(p.updatedAt),
});

export function registerProjects(app: OpenAPIHono<AppEnv>): void {
  mount(app, postApiV1ProjectsRoute, async (c) => {
    const body = c.req.valid('json');
    const workspaceId = requestedWorkspace(c, body.workspace_id, 'body.workspace_id');
    await authorizeWorkspace(c, workspaceId);
    const deps = c.get('deps');
    await assertSkills(deps, workspaceId, body.skill_ids ?? [], 'body.skill_ids');
    await assertConnections(deps, workspaceId, body.connector_ids ?? [], 'body.connector_ids');
    const project = await deps.prisma.project.create({
      data: {
        id: newId('proj'),
        workspaceId,
        name: body.name,
        description: body.description ?? '',
        connectorIds: [...(body.connector_ids ?? [])],
        skillIds: [...(body.skill_ids ?? [])],
      },
    });
    return c.json(projectOut(project), 201);
  });

  mount(app, getApiV1ProjectsRoute, async (c) => {
    const query = c.req.valid('query');
    const workspaceId = requestedWorkspace(c, query.workspace_id, 'query.workspace_id');
    await authorizeWorkspace(c, workspaceId);
    const page = pageArgs(query);
    const rows = await c.get('deps').prisma.project.findMany({
      where: { AND: [{ workspaceId }, timeRange(query), page.where] },
      orderBy: page.orderBy,
      take: page.take,
    });
    return c.json(toPage(rows, page.limit, projectOut), 200);
  });

  mount(app, getApiV1ProjectsProjectIdRoute, async (c) => {
    return c.json(projectOut(await loadProject(c, c.req.valid('param').project_id)), 200);
  });

  mount(app, patchApiV1ProjectsProjectIdRoute, async (c) => {
    const project = await loadProject(c, c.req.valid('param').project_id);
    const body = c.req.valid('json');
    const deps = c.get('deps');
    if (body.skill_ids) await assertSkills(deps, project.workspaceId, body.skill_ids, 'body.skill_ids');
    if (body.connector_ids) {
      await assertConnections(deps, project.workspaceId, body.connector_ids, 'body.connector_ids');
    }
    const updated = await deps.prisma.project.update({
      where: { id: project.id },
      data: {
        ...(body.name !== undefined ? { name: body.name } : {}),
        ...(body.description !== undefined ? { description: body.description } : {}),
        ...(body.connector_ids !== undefined ? { connectorIds: [...body.connector_ids] } : {}),
        ...(body.skill_ids !== undefined ? { skillIds: [...body.skill_ids] } : {}),
      },
    });
    return c.json(projectOut(updated), 200);
  });

  mount(app, deleteApiV1ProjectsProjectIdRoute, async (c) => {
    const project = await loadProject(c, c.req.valid('param').project_id);
    await deleteProject(c.get('deps'), project);
    return c.body(null, 204);
  });
}
