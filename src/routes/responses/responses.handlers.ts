/** Responses: conversation turns, streamed in the OpenAI Responses event shape. */
import type { OpenAPIHono } from '@hono/zod-openapi';
import type { Context } from 'hono';
import { streamSSE } from 'hono/streaming';
import type { Conversation } from '../../../generated/prisma/client.ts';
import {
  getApiV1ResponsesInFlightListRoute,
  getApiV1ResponsesInFlightRoute,
  getApiV1ResponsesResponseIdRoute,
  postApiV1ResponsesResponseIdCancelRoute,
  postApiV1ResponsesRoute,
} from '../../../generated/routes.ts';
import { ApiError } from '../../app/problem.ts';
import { mount } from '../../app/router.ts';
import type { AppEnv } from '../../app/types.ts';
import { authorizeWorkspace, requestedWorkspace } from '../../auth/authorize.ts';
import { loadConversation } from '../../conversations/conversations.service.ts';
import { rememberCreated } from '../../idempotency/idempotency.ts';
import { newId } from '../../lib/ids.ts';
import { pageArgs, toPage } from '../../lib/pagination.ts';
import { followResponseEvents, waitForResponseEnd } from '../../responses/event-feed.ts';
import { isResponseOver, type ResponseWithRun, responseObject } from '../../responses/events.ts';
import { foldPendingText, foldPendingTexts } from '../../responses/pending-text.ts';
import { cancelTurn, readResponse, startTurn } from '../../responses/responses.service.ts';

/** A response of a workspace the caller may act on with the operation's permission (404 for other workspaces'). */
async function loadResponse(c: Context<AppEnv>, id: string): Promise<ResponseWithRun> {
  const response = await readResponse(c.get('deps'), id);
  if (!response) throw ApiError.notFound('response');
  await authorizeWorkspace(c, response.workspaceId, 'response');
  return response;
}

type InputMessage = { content: string | ReadonlyArray<{ text: string }> };
const inputText = (input: string | ReadonlyArray<InputMessage>): string =>
  typeof input === 'string'
    ? input
    : input
        .map((m) => (typeof m.content === 'string' ? m.content : m.content.map((p) => p.text).join('')))
        .join('\n\n');

/**
 * Without `stream`, a turn streams (the seed's default), unless the client asks for JSON only: the OpenAI SDKs send
 * `Accept: application/json` and omit `stream` for a non-streaming call, where OpenAI's own default is false.
 */
export function wantsStream(accept: string | undefined): boolean {
  if (!accept) return true;
  const types = accept.split(',').map((t) => t.split(';')[0]!.trim().toLowerCase());
  return !(types.includes('application/json') && !types.includes('text/event-stream') && !types.includes('*/*'));
}

/** The response's events after `after` as server-sent events (`id` = sequence number), live until its last one. */
function streamEvents(c: Context<AppEnv>, responseId: string, after: number) {
  const { prisma, notifications, logger } = c.get('deps');
  return streamSSE(c, async (stream) => {
    const aborted = new AbortController();
    stream.onAbort(() => aborted.abort());
    // The frame hono's writeSSE would write, without splitting the (one-line) JSON into lines first.
    const send = (seq: number, type: string, json: string) =>
      stream.write(`event: ${type}\ndata: ${json}\nid: ${seq}\n\n`).then(() => undefined);
    // A comment line keeps proxies from closing a stream while the model thinks; SSE clients ignore it.
    const idle = () => stream.write(': keepalive\n\n').then(() => undefined);
    await followResponseEvents({ prisma, hub: notifications }, responseId, after, send, aborted.signal, {
      idle,
    }).catch((err: unknown) => {
      // Logged, not sent: hono's own `error` event would put the internal message on the wire.
      logger.error('response stream failed', {
        response_id: responseId,
        error: err instanceof Error ? err.message : String(err),
      });
    });
  });
}

export function registerResponses(app: OpenAPIHono<AppEnv>): void {
  mount(app, postApiV1ResponsesRoute, async (c) => {
    const body = c.req.valid('json');
    const deps = c.get('deps');
    const named =
      body.conversation_id ?? (typeof body.conversation === 'string' ? body.conversation : body.conversation?.id);
    let conversation: Conversation;
    if (named) {
      conversation = await loadConversation(
        c,
        named,
        body.conversation_id ? 'body.conversation_id' : 'body.conversation',
      );
      if (body.workspace_id && body.workspace_id !== conversation.workspaceId) throw ApiError.notFound('conversation');
    } else {
      const workspaceId = requestedWorkspace(c, body.workspace_id, 'body.workspace_id');
      await authorizeWorkspace(c, workspaceId);
      conversation = await deps.prisma.conversation.create({ data: { id: newId('conv'), workspaceId } });
    }
    const started = startTurn(deps, {
      conversation,
      input: inputText(body.input),
      instructions: body.instructions ?? null,
      ...(body.model ? { model: body.model } : {}),
      skillIds: body.skill_ids ?? [],
      background: body.background ?? false,
      strategy: body.multitask_strategy ?? 'reject',
      createdById: c.get('principal').userId,
    });
    // A conversation made for a turn that was refused would be left empty.
    const response = named
      ? await started
      : await started.catch(async (err: unknown) => {
          await deps.prisma.conversation.deleteMany({ where: { id: conversation.id, responses: { none: {} } } });
          throw err;
        });
    // A retry with the same Idempotency-Key gets the response as created (then read or replay it by id).
    rememberCreated(c, 200, responseObject(response));
    if (body.stream ?? wantsStream(c.req.header('accept'))) return streamEvents(c, response.id, -1);
    if (!body.background) {
      await waitForResponseEnd({ prisma: deps.prisma, hub: deps.notifications }, response.id, c.req.raw.signal);
    }
    return c.json(responseObject((await readResponse(deps, response.id)) ?? response), 200);
  });

  // The in-flight routes first: `in-flight` would otherwise be taken for a response id.
  mount(app, getApiV1ResponsesInFlightListRoute, async (c) => {
    const query = c.req.valid('query');
    const deps = c.get('deps');
    let where: { workspaceId: string; conversationId?: string };
    if (query.conversation_id) {
      const conversation = await loadConversation(c, query.conversation_id, 'query.conversation_id');
      where = { workspaceId: conversation.workspaceId, conversationId: conversation.id };
    } else {
      const workspaceId = requestedWorkspace(c, query.workspace_id, 'query.workspace_id');
      await authorizeWorkspace(c, workspaceId);
      where = { workspaceId };
    }
    const page = pageArgs({ ...query, sort: 'created_at' });
    const rows = await foldPendingTexts(
      deps.prisma,
      await deps.prisma.response.findMany({
        where: { AND: [where, { status: { in: ['queued', 'in_progress'] } }, page.where] },
        include: { run: { select: { inputTokens: true, outputTokens: true } } },
        orderBy: page.orderBy,
        take: page.take,
      }),
    );
    return c.json(toPage(rows, page.limit, responseObject), 200);
  });

  mount(app, getApiV1ResponsesInFlightRoute, async (c) => {
    const conversation = await loadConversation(c, c.req.valid('query').conversation_id, 'query.conversation_id');
    const active = await c.get('deps').prisma.response.findMany({
      where: { conversationId: conversation.id, status: { in: ['queued', 'in_progress'] } },
      include: { run: { select: { inputTokens: true, outputTokens: true } } },
      orderBy: { createdAt: 'asc' },
    });
    const current = active.find((r) => r.status === 'in_progress') ?? active[0];
    if (!current) throw new ApiError(404, 'NOT_FOUND', { detail: 'The conversation has no turn in flight.' });
    return c.json(responseObject(await foldPendingText(c.get('deps').prisma, current)), 200);
  });
  mount(app, getApiV1ResponsesResponseIdRoute, async (c) => {
    const response = await loadResponse(c, c.req.valid('param').response_id);
    const query = c.req.valid('query');
    if (!query.stream) return c.json(responseObject(response), 200);
    const lastEventId = c.req.valid('header')['Last-Event-ID'];
    const after = lastEventId !== undefined ? Number(lastEventId) : (query.starting_after ?? -1);
    return streamEvents(c, response.id, after);
  });

  mount(app, postApiV1ResponsesResponseIdCancelRoute, async (c) => {
    const response = await loadResponse(c, c.req.valid('param').response_id);
    const deps = c.get('deps');
    if (!isResponseOver(response.status)) await cancelTurn(deps, response);
    return c.json(responseObject((await readResponse(deps, response.id)) ?? response), 200);
  });
}
