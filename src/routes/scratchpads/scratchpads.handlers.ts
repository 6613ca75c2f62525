/** Scratchpads: the notebooks of a conversation. */
import type { OpenAPIHono } from '@hono/zod-openapi';
import {
  deleteApiV1ScratchpadsScratchpadIdRoute,
  getApiV1ScratchpadsRoute,
  getApiV1ScratchpadsScratchpadIdRoute,
  patchApiV1ScratchpadsScratchpadIdRoute,
  postApiV1ScratchpadsRoute,
} from '../../../generated/routes.ts';
import { mount } from '../../app/router.ts';
import type { AppEnv } from '../../app/types.ts';
import { loadConversation } from '../../conversations/conversations.service.ts';
import { pageArgs, toPage } from '../../lib/pagination.ts';
import {
  createScratchpad,
  deleteScratchpad,
  loadScratchpad,
  orderedCells,
} from '../../scratchpads/scratchpads.service.ts';
import { scratchpadOut, scratchpadSummaryOut } from '../../scratchpads/serializers.ts';

export function registerScratchpads(app: OpenAPIHono<AppEnv>): void {
  mount(app, getApiV1ScratchpadsRoute, async (c) => {
    const query = c.req.valid('query');
    const conversation = await loadConversation(c, query.conversation_id, 'query.conversation_id');
    const page = pageArgs(query);
    const rows = await c.get('deps').prisma.scratchpad.findMany({
      where: { AND: [{ conversationId: conversation.id }, page.where] },
      orderBy: page.orderBy,
      take: page.take,
      include: { _count: { select: { cells: true } } },
    });
    return c.json(toPage(rows, page.limit, scratchpadSummaryOut), 200);
  });

  mount(app, postApiV1ScratchpadsRoute, async (c) => {
    const body = c.req.valid('json');
    const conversation = await loadConversation(c, body.conversation_id, 'body.conversation_id');
    const { scratchpad, cells } = await createScratchpad(c.get('deps'), conversation.workspaceId, body);
    return c.json(scratchpadOut(scratchpad, cells), 201);
  });

  mount(app, getApiV1ScratchpadsScratchpadIdRoute, async (c) => {
    const scratchpad = await loadScratchpad(c, c.req.valid('param').scratchpad_id);
    return c.json(scratchpadOut(scratchpad, await orderedCells(c.get('deps').prisma, scratchpad.id)), 200);
  });

  mount(app, patchApiV1ScratchpadsScratchpadIdRoute, async (c) => {
    const scratchpad = await loadScratchpad(c, c.req.valid('param').scratchpad_id);
    const body = c.req.valid('json');
    const { prisma } = c.get('deps');
    const updated = await prisma.scratchpad.update({
      where: { id: scratchpad.id },
      data: {
        ...(body.title !== undefined ? { title: body.title } : {}),
        ...(body.saved !== undefined ? { saved: body.saved } : {}),
      },
    });
    return c.json(scratchpadOut(updated, await orderedCells(prisma, scratchpad.id)), 200);
  });

  mount(app, deleteApiV1ScratchpadsScratchpadIdRoute, async (c) => {
    const scratchpad = await loadScratchpad(c, c.req.valid('param').scratchpad_id);
    await deleteScratchpad(c.get('deps'), scratchpad);
    return c.body(null, 204);
  });
}
