/** Memories: facts the agent keeps, workspace-global or per project; written by people (`user`) or the agent. */
import type { OpenAPIHono } from '@hono/zod-openapi';
import type { Context } from 'hono';
import type { Memory } from '../../../generated/prisma/client.ts';
import {
  deleteApiV1MemoriesMemoryIdRoute,
  getApiV1MemoriesMemoryIdRoute,
  getApiV1MemoriesRoute,
  type Memory as MemoryOut,
  patchApiV1MemoriesMemoryIdRoute,
  postApiV1MemoriesRoute,
} from '../../../generated/routes.ts';
import { ApiError } from '../../app/problem.ts';
import { mount } from '../../app/router.ts';
import type { AppEnv } from '../../app/types.ts';
import { authorizeWorkspace, requestedWorkspace } from '../../auth/authorize.ts';
import { newId } from '../../lib/ids.ts';
import { pageArgs, timeRange, toPage } from '../../lib/pagination.ts';
import { loadProject } from '../../projects/projects.service.ts';
import { iso } from '../serializers.ts';

const memoryOut = (m: Memory): MemoryOut => ({
  id: m.id,
  workspace_id: m.workspaceId,
  project_id: m.projectId,
  content: m.content,
  source: m.source,
  created_at: iso(m.createdAt),
  updated_at: iso(m.updatedAt),
});

async function loadMemory(c: Context<AppEnv>, id: string): Promise<Memory> {
  const memory = await c.get('deps').prisma.memory.findUnique({ where: { id } });
  if (!memory) throw ApiError.notFound('memory');
  await authorizeWorkspace(c, memory.workspaceId, 'memory');
  return memory;
}

/** The workspace of a create or list call: the project's, or the one asked for (or the key's). */
async function scope(c: Context<AppEnv>, workspaceId: string | undefined, projectId: string | undefined, at: string) {
  if (projectId) {
    const project = await loadProject(c, projectId, `${at}.project_id`);
    if (workspaceId && workspaceId !== project.workspaceId) throw ApiError.notFound('project');
    return { workspaceId: project.workspaceId, projectId };
  }
  const ws = requestedWorkspace(c, workspaceId, `${at}.workspace_id`);
  await authorizeWorkspace(c, ws);
  return { workspaceId: ws, projectId: null };
}

export function registerMemories(app: OpenAPIHono<AppEnv>): void {
  mount(app, postApiV1MemoriesRoute, async (c) => {
    const body = c.req.valid('json');
    const where = await scope(c, body.workspace_id, body.project_id, 'body');
    const memory = await c.get('deps').prisma.memory.create({
      data: { id: newId('mem'), ...where, content: body.content, source: 'user' },
    });
    return c.json(memoryOut(memory), 201);
  });

  mount(app, getApiV1MemoriesRoute, async (c) => {
    const query = c.req.valid('query');
    const where = await scope(c, query.workspace_id, query.project_id, 'query');
    const page = pageArgs(query);
    const rows = await c.get('deps').prisma.memory.findMany({
      where: {
        AND: [where, query.source ? { source: query.source } : {}, timeRange(query), page.where],
      },
      orderBy: page.orderBy,
      take: page.take,
    });
    return c.json(toPage(rows, page.limit, memoryOut), 200);
  });

  mount(app, getApiV1MemoriesMemoryIdRoute, async (c) => {
    return c.json(memoryOut(await loadMemory(c, c.req.valid('param').memory_id)), 200);
  });

  mount(app, patchApiV1MemoriesMemoryIdRoute, async (c) => {
    const memory = await loadMemory(c, c.req.valid('param').memory_id);
    const updated = await c.get('deps').prisma.memory.update({
      where: { id: memory.id },
      data: { content: c.req.valid('json').content },
    });
    return c.json(memoryOut(updated), 200);
  });

  mount(app, deleteApiV1MemoriesMemoryIdRoute, async (c) => {
    const memory = await loadMemory(c, c.req.valid('param').memory_id);
    await c.get('deps').prisma.memory.deleteMany({ where: { id: memory.id } });
    return c.body(null, 204);
  });
}
