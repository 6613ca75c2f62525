/**
 * What the agent sees at the start of a turn: a system prompt (the conversation's goal, its project, the active
 * skills' instructions, the recalled memories, the turn's own instructions), the conversation so far, and the user's
 * new message; and which tools it may call (the active skills' tools, except `ask_user`, plus `remember`,
 * `write_scratchpad_cell`, `sql_query` when the project has PostgreSQL connections, and `publish_artifact` in a
 * project's conversation whose agent can write files).
 */
import type { ModelMessage } from 'ai';
import type { PrismaClient } from '../../generated/prisma/client.ts';
import { PUBLISH_ARTIFACT } from '../artifacts/publish-tool.ts';
import { queryableConnections, SQL_QUERY } from '../connectors/sql-query-tool.ts';
import { recallMemories } from '../memories/recall.ts';
import { REMEMBER } from '../memories/remember-tool.ts';
import type { OutputItem } from '../responses/output.ts';
import { SCRATCHPAD_TOOL } from '../scratchpads/agent-tool.ts';
import { itemsToMessages } from './history.ts';

/** Tools with which the agent writes files. */
const WRITERS: ReadonlySet<string> = new Set(['write_file', 'run_python', 'run_shell']);

export interface TurnContext {
  system: string;
  history: ModelMessage[];
  tools: string[];
}

export async function turnContext(
  prisma: PrismaClient,
  turn: { id: string; workspaceId: string; conversationId: string; skillIds: string[]; instructions: string | null },
): Promise<TurnContext> {
  const conversation = await prisma.conversation.findUniqueOrThrow({
    where: { id: turn.conversationId },
    include: { project: true },
  });
  const project = conversation.project;
  const skillIds = [...new Set([...(project?.skillIds ?? []), ...turn.skillIds])];
  const skills = await activeSkills(prisma, turn.workspaceId, skillIds);
  const memories = await recallMemories(prisma, turn.workspaceId, conversation.projectId);
  const databases = await queryableConnections(prisma, turn.workspaceId, project?.connectorIds ?? []);
  const items = await prisma.conversationItem.findMany({
    where: { conversationId: conversation.id, NOT: { responseId: turn.id } },
    orderBy: { seq: 'asc' },
  });
  const skillTools = skills.flatMap((s) => s.tools).filter((t) => t !== 'ask_user');
  // Artifacts belong to a project, and are made of files the agent wrote.
  const canPublish = project !== null && skillTools.some((t) => WRITERS.has(t));
  const system = [
    'You are the agent of a Skillplane conversation. Answer the user; call a tool when it helps.',
    conversation.goal ? `The goal of this conversation: ${conversation.goal}` : '',
    project ? `Project: ${project.name}${project.description ? ` (${project.description})` : ''}` : '',
    ...skills.map((s) => `Skill "${s.name}": ${s.description}\n${s.instructions}`.trim()),
    memories.length > 0
      ? `What you remember from earlier conversations:\n${memories.map((m) => `- ${m}`).join('\n')}`
      : '',
    'To keep a fact for later conversations, call the remember tool.',
    databases.length > 0
      ? `PostgreSQL databases you can read with the sql_query tool:\n${databases.map((d) => `- ${d.id} (${d.name})`).join('\n')}`
      : '',
    canPublish
      ? 'To give the user an app, report, document or dashboard, write its files into a folder under outputs/ and call publish_artifact.'
      : '',
    turn.instructions ?? '',
  ]
    .filter(Boolean)
    .join('\n\n');
  const tools = [
    ...new Set([
      ...skillTools,
      REMEMBER,
      SCRATCHPAD_TOOL,
      ...(databases.length > 0 ? [SQL_QUERY] : []),
      ...(canPublish ? [PUBLISH_ARTIFACT] : []),
    ]),
  ];
  return { system, history: itemsToMessages(items.map((i) => i.data as unknown as OutputItem)), tools };
}

/** The versions that run: published, or the draft of the workspace's own unpublished skill. */
async function activeSkills(prisma: PrismaClient, workspaceId: string, ids: string[]) {
  if (ids.length === 0) return [];
  const skills = await prisma.skill.findMany({
    where: { id: { in: ids }, OR: [{ workspaceId }, { isGlobal: true, publishedVersion: { not: null } }] },
  });
  const versions = await Promise.all(
    skills.map((s) =>
      prisma.skillVersion.findUnique({
        where: {
          skillId_version: {
            skillId: s.id,
            version: s.workspaceId === workspaceId ? (s.publishedVersion ?? s.latestVersion) : s.publishedVersion!,
          },
        },
      }),
    ),
  );
  return versions.filter((v) => v !== null);
}
