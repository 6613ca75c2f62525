/** Conversations (tasks) and their items. */
import type { OpenAPIHono } from '@hono/zod-openapi';
import type { Conversation, ConversationItem } from '../../../generated/prisma/client.ts';
import {
  type Conversation as ConversationOut,
  deleteApiV1ConversationsConversationIdRoute,
  getApiV1ConversationsConversationIdItemsRoute,
  getApiV1ConversationsConversationIdRoute,
  getApiV1ConversationsRoute,
  patchApiV1ConversationsConversationIdRoute,
  postApiV1ConversationsRoute,
} from '../../../generated/routes.ts';
import { ApiError } from '../../app/problem.ts';
import { mount } from '../../app/router.ts';
import type { AppEnv } from '../../app/types.ts';
import { authorizeWorkspace, requestedWorkspace } from '../../auth/authorize.ts';
import { deleteConversation, loadConversation } from '../../conversations/conversations.service.ts';
import { newId } from '../../lib/ids.ts';
import { pageArgs, timeRange, toPage } from '../../lib/pagination.ts';
import { loadProject } from '../../projects/projects.service.ts';
import type { OutputItem } from '../../responses/output.ts';
import { iso } from '../serializers.ts';

export const conversationOut = (v: Conversation): ConversationOut => ({
  id: v.id,
  workspace_id: v.workspaceId,
  project_id: v.projectId,
  title: v.title,
  goal: v.goal,
  status: v.status,
  created_at: iso(v.createdAt),
  updated_at: iso(v.updatedAt),
});

/** An item as stored (OpenAI item shape), under the conversation item's own id. */
const itemOut = (i: ConversationItem) => {
  const { id: _outputId, ...data } = i.data as unknown as OutputItem;
  return { ...data, id: i.id, response_id: i.responseId, created_at: iso(i.createdAt) };
};

export function registerConversations(app: OpenAPIHono<AppEnv>): void {
  mount(app, postApiV1ConversationsRoute, async (c) => {
    const body = c.req.valid('json');
    let workspaceId: string;
    if (body.project_id) {
      const project = await loadProject(c, body.project_id, 'body.project_id');
      if (body.workspace_id && body.workspace_id !== project.workspaceId) throw ApiError.notFound('project');
      workspaceId = project.workspaceId;
    } else {
      workspaceId = requestedWorkspace(c, body.workspace_id, 'body.workspace_id');
      await authorizeWorkspace(c, workspaceId);
    }
    const conversation = await c.get('deps').prisma.conversation.create({
      data: {
        id: newId('conv'),
        workspaceId,
        projectId: body.project_id ?? null,
        title: body.title ?? null,
        goal: body.goal ?? null,
      },
    });
    return c.json(conversationOut(conversation), 201);
  });

  mount(app, getApiV1ConversationsRoute, async (c) => {
    const query = c.req.valid('query');
    const workspaceId = requestedWorkspace(c, query.workspace_id, 'query.workspace_id');
    await authorizeWorkspace(c, workspaceId);
    const page = pageArgs(query);
    const rows = await c.get('deps').prisma.conversation.findMany({
      where: {
        AND: [
          { workspaceId },
          query.project_id ? { projectId: query.project_id } : {},
          query.status ? { status: query.status } : {},
          timeRange(query),
          page.where,
        ],
      },
      orderBy: page.orderBy,
      take: page.take,
    });
    return c.json(toPage(rows, page.limit, conversationOut), 200);
  });

  mount(app, getApiV1ConversationsConversationIdRoute, async (c) => {
    return c.json(conversationOut(await loadConversation(c, c.req.valid('param').conversation_id)), 200);
  });

  mount(app, patchApiV1ConversationsConversationIdRoute, async (c) => {
    const conversation = await loadConversation(c, c.req.valid('param').conversation_id);
    const body = c.req.valid('json');
    const updated = await c.get('deps').prisma.conversation.update({
      where: { id: conversation.id },
      data: {
        ...(body.title !== undefined ? { title: body.title } : {}),
        ...(body.goal !== undefined ? { goal: body.goal } : {}),
        ...(body.status !== undefined ? { status: body.status } : {}),
      },
    });
    return c.json(conversationOut(updated), 200);
  });

  mount(app, deleteApiV1ConversationsConversationIdRoute, async (c) => {
    const conversation = await loadConversation(c, c.req.valid('param').conversation_id);
    await deleteConversation(c.get('deps'), conversation);
    return c.body(null, 204);
  });

  mount(app, getApiV1ConversationsConversationIdItemsRoute, async (c) => {
    const conversation = await loadConversation(c, c.req.valid('param').conversation_id);
    const query = c.req.valid('query');
    const { prisma } = c.get('deps');
    const limit = query.limit ?? 100;
    const desc = query.order === 'desc';
    const seqOf = async (id: string | undefined, field: string) => {
      if (!id) return undefined;
      const item = await prisma.conversationItem.findFirst({ where: { id, conversationId: conversation.id } });
      if (!item) {
        throw ApiError.validation([{ field, message: 'No such item in this conversation', code: 'invalid_cursor' }]);
      }
      return item.seq;
    };
    const after = await seqOf(query.after, 'query.after');
    const before = await seqOf(query.before, 'query.before');
    // `after` and `before` are positions in the listing's own order.
    const bound = {
      ...(after !== undefined ? { [desc ? 'lt' : 'gt']: after } : {}),
      ...(before !== undefined ? { [desc ? 'gt' : 'lt']: before } : {}),
    };
    const rows = await prisma.conversationItem.findMany({
      where: { conversationId: conversation.id, ...(Object.keys(bound).length ? { seq: bound } : {}) },
      orderBy: { seq: desc ? 'desc' : 'asc' },
      take: limit + 1,
    });
    const data = rows.slice(0, limit).map(itemOut);
    return c.json(
      { data, first_id: data[0]?.id ?? null, last_id: data.at(-1)?.id ?? null, has_more: rows.length > limit },
      200,
    );
  });
}
