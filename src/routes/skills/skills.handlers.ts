/** Skills: CRUD, versions and publishing. */
import type { OpenAPIHono } from '@hono/zod-openapi';
import type { PrismaClient, SkillVersion } from '../../../generated/prisma/client.ts';
import {
  deleteApiV1SkillsSkillIdRoute,
  getApiV1SkillsRoute,
  getApiV1SkillsSkillIdRoute,
  getApiV1SkillsSkillIdVersionsRoute,
  patchApiV1SkillsSkillIdRoute,
  postApiV1SkillsRoute,
  postApiV1SkillsSkillIdVersionsVersionPublishRoute,
  type Skill,
  type SkillVersion as SkillVersionOut,
  type ToolName,
} from '../../../generated/routes.ts';
import { ApiError } from '../../app/problem.ts';
import { mount } from '../../app/router.ts';
import type { AppEnv } from '../../app/types.ts';
import { authorizeWorkspace, requestedWorkspace } from '../../auth/authorize.ts';
import { pageArgs, timeRange, toPage } from '../../lib/pagination.ts';
import { iso } from '../serializers.ts';
import {
  assertCanPublish,
  createSkill,
  deleteSkill,
  loadSkill,
  publishedView,
  publishVersion,
  type SkillWithLatest,
  updateSkill,
} from './skills.service.ts';

const skillOut = (s: SkillWithLatest): Skill => {
  const latest = s.versions[0]!;
  return {
    id: s.id,
    workspace_id: s.workspaceId,
    name: s.name,
    description: latest.description,
    instructions: latest.instructions,
    tools: latest.tools as ToolName[],
    is_global: s.isGlobal,
    version: s.latestVersion,
    published_version: s.publishedVersion,
    created_at: iso(s.createdAt),
    updated_at: iso(s.updatedAt),
  };
};

const versionOut = (
  v: SkillVersion,
  skill: { latestVersion: number; publishedVersion: number | null },
): SkillVersionOut => ({
  skill_id: v.skillId,
  version: v.version,
  name: v.name,
  description: v.description,
  instructions: v.instructions,
  tools: v.tools as ToolName[],
  stage: v.version === skill.publishedVersion ? 'published' : v.version === skill.latestVersion ? 'draft' : 'archived',
  created_at: iso(v.createdAt),
});

/** Global skills of other workspaces as the listing workspace sees them: their published version, not the draft. */
async function asSeenFrom(prisma: PrismaClient, workspaceId: string, rows: SkillWithLatest[]) {
  const foreign = rows.filter((s) => s.workspaceId !== workspaceId && s.publishedVersion !== null);
  if (foreign.length === 0) return rows;
  const published = await prisma.skillVersion.findMany({
    where: { OR: foreign.map((s) => ({ skillId: s.id, version: s.publishedVersion! })) },
  });
  const bySkill = new Map(published.map((v) => [v.skillId, v]));
  return rows.map((s) => {
    const version = s.workspaceId === workspaceId ? undefined : bySkill.get(s.id);
    return version ? publishedView(s, version) : s;
  });
}

export function registerSkills(app: OpenAPIHono<AppEnv>): void {
  mount(app, postApiV1SkillsRoute, async (c) => {
    const body = c.req.valid('json');
    const workspaceId = requestedWorkspace(c, body.workspace_id, 'body.workspace_id');
    await authorizeWorkspace(c, workspaceId);
    const principal = c.get('principal');
    if (body.is_global && !principal.isAdmin) {
      throw new ApiError(403, 'FORBIDDEN', {
        detail: 'Missing permission INSTANCE_ADMIN: only instance administrators create global skills.',
      });
    }
    const publish = body.publish ?? true;
    if (publish) await assertCanPublish(c, workspaceId);
    const skill = await createSkill(c.get('deps').prisma, {
      workspaceId,
      name: body.name,
      description: body.description,
      instructions: body.instructions ?? '',
      tools: body.tools ?? [],
      isGlobal: body.is_global ?? false,
      publish,
      userId: principal.userId,
    });
    return c.json(skillOut(skill), 201);
  });

  mount(app, getApiV1SkillsRoute, async (c) => {
    const query = c.req.valid('query');
    const workspaceId = requestedWorkspace(c, query.workspace_id, 'query.workspace_id');
    await authorizeWorkspace(c, workspaceId);
    const page = pageArgs(query);
    const { prisma } = c.get('deps');
    const rows = await prisma.skill.findMany({
      where: {
        AND: [
          { OR: [{ workspaceId }, { isGlobal: true, publishedVersion: { not: null } }] },
          page.where,
          timeRange(query),
        ],
      },
      include: { versions: { orderBy: { version: 'desc' }, take: 1 } },
      orderBy: page.orderBy,
      take: page.take,
    });
    return c.json(toPage(await asSeenFrom(prisma, workspaceId, rows), page.limit, skillOut), 200);
  });

  mount(app, getApiV1SkillsSkillIdRoute, async (c) => {
    const skill = await loadSkill(c, c.req.valid('param').skill_id);
    return c.json(skillOut(skill), 200);
  });

  mount(app, patchApiV1SkillsSkillIdRoute, async (c) => {
    const skill = await loadSkill(c, c.req.valid('param').skill_id, { write: true });
    const body = c.req.valid('json');
    if (body.publish) await assertCanPublish(c, skill.workspaceId);
    const updated = await updateSkill(c.get('deps').prisma, skill.id, {
      ...body,
      publish: body.publish ?? false,
      userId: c.get('principal').userId,
    });
    return c.json(skillOut(updated), 200);
  });

  mount(app, deleteApiV1SkillsSkillIdRoute, async (c) => {
    const skill = await loadSkill(c, c.req.valid('param').skill_id, { write: true });
    await deleteSkill(c.get('deps').prisma, skill.id);
    return c.body(null, 204);
  });

  mount(app, getApiV1SkillsSkillIdVersionsRoute, async (c) => {
    const skill = await loadSkill(c, c.req.valid('param').skill_id);
    const { limit = 50, cursor } = c.req.valid('query');
    const before = cursor ? Number.parseInt(Buffer.from(cursor, 'base64url').toString('utf8'), 10) : undefined;
    if (before !== undefined && !Number.isInteger(before)) {
      throw ApiError.validation([{ field: 'query.cursor', message: 'Invalid cursor', code: 'invalid_cursor' }]);
    }
    const rows = await c.get('deps').prisma.skillVersion.findMany({
      where: {
        skillId: skill.id,
        AND: [
          // Outside a global skill's workspace only its published version exists, whatever the cursor says.
          skill.onlyPublished ? { version: skill.latestVersion } : {},
          before ? { version: { lt: before } } : {},
        ],
      },
      orderBy: { version: 'desc' },
      take: limit + 1,
    });
    const has_more = rows.length > limit;
    const data = rows.slice(0, limit);
    const next_cursor = has_more ? Buffer.from(String(data.at(-1)!.version)).toString('base64url') : null;
    return c.json({ data: data.map((v) => versionOut(v, skill)), next_cursor, has_more }, 200);
  });

  mount(app, postApiV1SkillsSkillIdVersionsVersionPublishRoute, async (c) => {
    const { skill_id, version } = c.req.valid('param');
    const skill = await loadSkill(c, skill_id, { write: true });
    return c.json(skillOut(await publishVersion(c.get('deps').prisma, skill.id, version)), 200);
  });
}
