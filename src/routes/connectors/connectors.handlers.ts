/** Connectors: the spec catalogue, connections (credentials write-only) and the OAuth 2.0 start and callback. */
import type { OpenAPIHono } from '@hono/zod-openapi';
import type { Context } from 'hono';
import type { Connection } from '../../../generated/prisma/client.ts';
import {
  deleteApiV1ConnectorsConnectionsConnectionIdRoute,
  getApiV1ConnectorsConnectionsConnectionIdRoute,
  getApiV1ConnectorsConnectionsRoute,
  getApiV1ConnectorsOauthSpecIdCallbackRoute,
  getApiV1ConnectorsOauthSpecIdStartRoute,
  getApiV1ConnectorsSpecsRoute,
  patchApiV1ConnectorsConnectionsConnectionIdRoute,
  postApiV1ConnectorsConnectionsRoute,
} from '../../../generated/routes.ts';
import { ApiError } from '../../app/problem.ts';
import { mount } from '../../app/router.ts';
import type { AppEnv } from '../../app/types.ts';
import { authorizeWorkspace, requestedWorkspace } from '../../auth/authorize.ts';
import {
  connectionOut,
  createConnection,
  deleteConnection,
  updateConnection,
} from '../../connectors/connections.service.ts';
import { completeAuthorization, startAuthorization } from '../../connectors/oauth.ts';
import { allSpecs } from '../../connectors/specs.ts';
import { pageArgs, timeRange, toPage } from '../../lib/pagination.ts';

async function loadConnection(c: Context<AppEnv>, id: string): Promise<Connection> {
  const connection = await c.get('deps').prisma.connection.findUnique({ where: { id } });
  if (!connection) throw ApiError.notFound('connection');
  await authorizeWorkspace(c, connection.workspaceId, 'connection');
  return connection;
}

/** Where the provider sends the browser back: under `PUBLIC_URL` when set (behind a proxy the request's own origin
 * is not what the browser sees), else this request's origin. It must be registered with the provider as it is. */
function callbackUrl(c: Context<AppEnv>, specId: string): string {
  const base = c.get('deps').config.PUBLIC_URL ?? new URL(c.req.url).origin;
  return `${base.replace(/\/+$/, '')}/api/v1/connectors/oauth/${specId}/callback`;
}

export function registerConnectors(app: OpenAPIHono<AppEnv>): void {
  mount(app, getApiV1ConnectorsSpecsRoute, (c) => c.json({ data: allSpecs(c.get('deps').config) }, 200));

  mount(app, postApiV1ConnectorsConnectionsRoute, async (c) => {
    const body = c.req.valid('json');
    const workspaceId = requestedWorkspace(c, body.workspace_id, 'body.workspace_id');
    await authorizeWorkspace(c, workspaceId);
    const connection = await createConnection(c.get('deps'), {
      workspaceId,
      specId: body.spec_id,
      name: body.name,
      credentials: body.credentials,
      createdById: c.get('principal').userId,
    });
    return c.json(connectionOut(connection), 201);
  });

  mount(app, getApiV1ConnectorsConnectionsRoute, async (c) => {
    const query = c.req.valid('query');
    const workspaceId = requestedWorkspace(c, query.workspace_id, 'query.workspace_id');
    await authorizeWorkspace(c, workspaceId);
    const page = pageArgs(query);
    const rows = await c.get('deps').prisma.connection.findMany({
      where: {
        AND: [
          { workspaceId },
          query.spec_id ? { specId: query.spec_id } : {},
          query.status ? { status: query.status } : {},
          timeRange(query),
          page.where,
        ],
      },
      orderBy: page.orderBy,
      take: page.take,
    });
    return c.json(toPage(rows, page.limit, connectionOut), 200);
  });

  mount(app, getApiV1ConnectorsConnectionsConnectionIdRoute, async (c) => {
    return c.json(connectionOut(await loadConnection(c, c.req.valid('param').connection_id)), 200);
  });

  mount(app, patchApiV1ConnectorsConnectionsConnectionIdRoute, async (c) => {
    const connection = await loadConnection(c, c.req.valid('param').connection_id);
    const updated = await updateConnection(c.get('deps'), connection, c.req.valid('json'));
    return c.json(connectionOut(updated), 200);
  });

  mount(app, deleteApiV1ConnectorsConnectionsConnectionIdRoute, async (c) => {
    await deleteConnection(c.get('deps'), await loadConnection(c, c.req.valid('param').connection_id));
    return c.body(null, 204);
  });

  mount(app, getApiV1ConnectorsOauthSpecIdStartRoute, async (c) => {
    const { spec_id } = c.req.valid('param');
    const query = c.req.valid('query');
    const workspaceId = requestedWorkspace(c, query.workspace_id, 'query.workspace_id');
    await authorizeWorkspace(c, workspaceId);
    const started = await startAuthorization(c.get('deps'), {
      specId: spec_id,
      workspaceId,
      userId: c.get('principal').userId,
      name: query.name,
      connectionId: query.connection_id,
      redirectUri: callbackUrl(c, spec_id),
    });
    return c.json(started, 200);
  });

  mount(app, getApiV1ConnectorsOauthSpecIdCallbackRoute, async (c) => {
    const query = c.req.valid('query');
    const connection = await completeAuthorization(c.get('deps'), {
      specId: c.req.valid('param').spec_id,
      state: query.state,
      code: query.code,
      error: query.error,
    });
    return c.json(connectionOut(connection), 200);
  });
}
