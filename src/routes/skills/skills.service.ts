/**
 * Skills and their versions. Every change writes a new immutable version; `published_version` moves only when a
 * version is published, so runs keep using what was published while a draft is edited.
 */
import type { Context } from 'hono';
import { Prisma, type PrismaClient, type Skill, type SkillVersion } from '../../../generated/prisma/client.ts';
import type { ToolName } from '../../../generated/routes.ts';
import { ApiError } from '../../app/problem.ts';
import type { AppEnv } from '../../app/types.ts';
import { authorizeWorkspace, isInsideWorkspace } from '../../auth/authorize.ts';
import { roleHas } from '../../auth/permissions.ts';
import { newId } from '../../lib/ids.ts';
import { findSkillWithLatest } from './latest-skill.ts';

export type SkillWithLatest = Skill & { versions: SkillVersion[] };

/** A skill as one caller sees it: `onlyPublished` when it is a global skill seen from outside its workspace. */
export type SkillView = SkillWithLatest & { onlyPublished: boolean };

/**
 * A global skill as seen from another workspace: its published version stands in for the latest one, so drafts
 * (content, name, version number) stay inside the skill's own workspace.
 */
export function publishedView(skill: Skill, published: SkillVersion): SkillView {
  return {
    ...skill,
    name: published.name,
    latestVersion: published.version,
    versions: [published],
    onlyPublished: true,
  };
}

export interface SkillContent {
  name: string;
  description: string;
  instructions: string;
  tools: readonly ToolName[];
}

const nameTaken = (name: string) =>
  new ApiError(409, 'SKILL_NAME_EXISTS', { detail: `A skill named ${name} exists in this workspace.` });

/** Loads a skill the caller may act on with the operation's permission: 404 for other workspaces' skills. */
export async function loadSkill(c: Context<AppEnv>, skillId: string, { write = false } = {}): Promise<SkillView> {
  const { prisma, pool } = c.get('deps');
  const found = await findSkillWithLatest(pool, skillId);
  if (!found) throw ApiError.notFound('skill');
  const skill: SkillView = { ...found, onlyPublished: false };
  if (skill.isGlobal && !write) {
    // Global skills are visible from every workspace (reading needs only a valid credential); outside their own
    // workspace only as published.
    if (await isInsideWorkspace(c, skill.workspaceId)) return skill;
    if (skill.publishedVersion === null) throw ApiError.notFound('skill');
    const published = await prisma.skillVersion.findUnique({
      where: { skillId_version: { skillId, version: skill.publishedVersion } },
    });
    if (!published) throw ApiError.notFound('skill');
    return publishedView(found, published);
  }
  await authorizeWorkspace(c, skill.workspaceId, 'skill');
  if (skill.isGlobal && !c.get('principal').isAdmin) {
    throw new ApiError(403, 'FORBIDDEN', {
      detail: 'Missing permission INSTANCE_ADMIN: global skills are changed by instance administrators.',
    });
  }
  return skill;
}

export async function createSkill(
  prisma: PrismaClient,
  input: SkillContent & { workspaceId: string; isGlobal: boolean; publish: boolean; userId: string },
): Promise<SkillWithLatest> {
  const id = newId('skill');
  try {
    return await prisma.skill.create({
      data: {
        id,
        workspaceId: input.workspaceId,
        name: input.name,
        isGlobal: input.isGlobal,
        latestVersion: 1,
        publishedVersion: input.publish ? 1 : null,
        versions: {
          create: {
            version: 1,
            name: input.name,
            description: input.description,
            instructions: input.instructions,
            tools: [...input.tools],
            createdBy: input.userId,
          },
        },
      },
      include: { versions: true },
    });
  } catch (err) {
    if (err instanceof Prisma.PrismaClientKnownRequestError && err.code === 'P2002') throw nameTaken(input.name);
    throw err;
  }
}

type VersionContent = Pick<SkillVersion, 'name' | 'description' | 'instructions' | 'tools'>;

const sameContent = (a: VersionContent, b: VersionContent): boolean =>
  a.name === b.name &&
  a.description === b.description &&
  a.instructions === b.instructions &&
  a.tools.length === b.tools.length &&
  a.tools.every((tool, i) => tool === b.tools[i]);

/**
 * Writes version n+1 from the latest version plus `changes`, unless they change nothing; the row lock serialises
 * concurrent updates.
 */
export async function updateSkill(
  prisma: PrismaClient,
  skillId: string,
  changes: Partial<SkillContent> & { publish: boolean; userId: string },
): Promise<SkillWithLatest> {
  try {
    return await prisma.$transaction(async (tx) => {
      await tx.$queryRaw`SELECT id FROM skills WHERE id = ${skillId} FOR UPDATE`;
      const skill = await tx.skill.findUniqueOrThrow({
        where: { id: skillId },
        include: { versions: { orderBy: { version: 'desc' }, take: 1 } },
      });
      const latest = skill.versions[0]!;
      const name = changes.name ?? skill.name;
      const content = {
        name,
        description: changes.description ?? latest.description,
        instructions: changes.instructions ?? latest.instructions,
        tools: changes.tools ? [...changes.tools] : latest.tools,
      };
      // An update that changes nothing (`{}`, a retry, the same values again) makes no version: versions record edits.
      if (sameContent(content, { ...latest, name: skill.name })) {
        if (!changes.publish || skill.publishedVersion === skill.latestVersion) return skill;
        return tx.skill.update({
          where: { id: skillId },
          data: { publishedVersion: skill.latestVersion },
          include: { versions: { orderBy: { version: 'desc' }, take: 1 } },
        });
      }
      const version = skill.latestVersion + 1;
      await tx.skillVersion.create({ data: { skillId, version, ...content, createdBy: changes.userId } });
      return tx.skill.update({
        where: { id: skillId },
        data: { name, latestVersion: version, ...(changes.publish ? { publishedVersion: version } : {}) },
        include: { versions: { orderBy: { version: 'desc' }, take: 1 } },
      });
    });
  } catch (err) {
    if (err instanceof Prisma.PrismaClientKnownRequestError && err.code === 'P2002')
      throw nameTaken(changes.name ?? '');
    throw err;
  }
}

export async function publishVersion(prisma: PrismaClient, skillId: string, version: number): Promise<SkillWithLatest> {
  const exists = await prisma.skillVersion.findUnique({ where: { skillId_version: { skillId, version } } });
  if (!exists) throw ApiError.notFound('skill version');
  return prisma.skill.update({
    where: { id: skillId },
    data: { publishedVersion: version },
    include: { versions: { orderBy: { version: 'desc' }, take: 1 } },
  });
}

/**
 * Deletes a skill unless it has queued, running or waiting runs. The row lock makes a run being inserted meanwhile
 * wait (its foreign key takes a KEY SHARE lock on the skill), so none can slip in between the count and the delete.
 */
export async function deleteSkill(prisma: PrismaClient, skillId: string): Promise<void> {
  await prisma.$transaction(async (tx) => {
    await tx.$queryRaw`SELECT id FROM skills WHERE id = ${skillId} FOR UPDATE`;
    const active = await tx.skillRun.count({
      where: { skillId, status: { in: ['queued', 'running', 'waiting'] } },
    });
    if (active > 0) {
      throw new ApiError(409, 'SKILL_HAS_ACTIVE_RUNS', {
        detail: `The skill has ${active} queued, running or waiting run${active === 1 ? '' : 's'}; cancel them or wait for them to end.`,
      });
    }
    await tx.skill.deleteMany({ where: { id: skillId } });
  });
}

/** Publishing in an update needs SKILLS_PUBLISH on top of the operation's SKILLS_WRITE. */
export async function assertCanPublish(c: Context<AppEnv>, workspaceId: string): Promise<void> {
  if (c.get('principal').isAdmin) return;
  const membership = await c.get('deps').prisma.membership.findUnique({
    where: { workspaceId_userId: { workspaceId, userId: c.get('principal').userId } },
  });
  if (!membership || !roleHas(membership.role, 'SKILLS_PUBLISH')) {
    throw new ApiError(403, 'FORBIDDEN', { detail: 'Missing permission SKILLS_PUBLISH to publish a version.' });
  }
}
