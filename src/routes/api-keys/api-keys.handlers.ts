/** API keys: created, listed and revoked with a session token (seed 000: keys cannot create keys). */

import type { OpenAPIHono } from '@hono/zod-openapi';
import {
  deleteApiV1ApiKeysKeyIdRoute,
  getApiV1ApiKeysRoute,
  postApiV1ApiKeysRoute,
} from '../../../generated/routes.ts';
import { ApiError } from '../../app/problem.ts';
import { mount } from '../../app/router.ts';
import type { AppEnv } from '../../app/types.ts';
import { forgetCredentials } from '../../auth/authenticate.ts';
import { newApiKey } from '../../auth/tokens.ts';
import { newId } from '../../lib/ids.ts';
import { pageArgs, toPage } from '../../lib/pagination.ts';
import { apiKeyOut, iso, isoOrNull } from '../serializers.ts';

export function registerApiKeys(app: OpenAPIHono<AppEnv>): void {
  mount(app, postApiV1ApiKeysRoute, async (c) => {
    const body = c.req.valid('json');
    const { prisma, config } = c.get('deps');
    const userId = c.get('principal').userId;
    if (body.workspace_id) {
      const membership = await prisma.membership.findUnique({
        where: { workspaceId_userId: { workspaceId: body.workspace_id, userId } },
      });
      if (!membership) throw ApiError.notFound('workspace');
    }
    if (body.expires_at && new Date(body.expires_at) <= new Date()) {
      throw ApiError.validation([{ field: 'body.expires_at', message: 'Must be in the future', code: 'too_small' }]);
    }
    const mode = body.mode ?? 'live';
    const secret = newApiKey(mode);
    // Per-key rate limits are only as strong as the number of keys: cap the active ones, counted under a per-user
    // lock so parallel creations cannot pass the cap together.
    const key = await prisma.$transaction(async (tx) => {
      await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext(${`api-keys:${userId}`}))`;
      const now = new Date();
      const active = await tx.apiKey.count({
        where: { userId, revokedAt: null, OR: [{ expiresAt: null }, { expiresAt: { gt: now } }] },
      });
      if (active >= config.MAX_API_KEYS_PER_USER) {
        throw new ApiError(409, 'API_KEY_LIMIT_REACHED', {
          detail: `You have ${active} active API keys (limit ${config.MAX_API_KEYS_PER_USER}); revoke one first.`,
        });
      }
      return tx.apiKey.create({
        data: {
          id: newId('key'),
          userId,
          workspaceId: body.workspace_id ?? null,
          name: body.name ?? 'API Key',
          keyPrefix: secret.prefix,
          keyHash: secret.hash,
          mode,
          scopes: [...(body.scopes ?? [])],
          expiresAt: body.expires_at ? new Date(body.expires_at) : null,
        },
      });
    });
    const out = apiKeyOut(key);
    return c.json(
      {
        id: out.id,
        key: secret.key,
        prefix: key.keyPrefix,
        name: key.name,
        mode: out.mode,
        scopes: out.scopes,
        workspace_id: key.workspaceId,
        created_at: iso(key.createdAt),
        expires_at: isoOrNull(key.expiresAt),
        message: 'Save this key now. It cannot be shown again.',
      },
      201,
    );
  });

  mount(app, getApiV1ApiKeysRoute, async (c) => {
    const page = pageArgs(c.req.valid('query'));
    const rows = await c.get('deps').prisma.apiKey.findMany({
      where: { userId: c.get('principal').userId, revokedAt: null, ...page.where },
      orderBy: page.orderBy,
      take: page.take,
    });
    return c.json(toPage(rows, page.limit, apiKeyOut), 200);
  });

  mount(app, deleteApiV1ApiKeysKeyIdRoute, async (c) => {
    const { key_id } = c.req.valid('param');
    const { count } = await c.get('deps').prisma.apiKey.updateMany({
      where: { id: key_id, userId: c.get('principal').userId, revokedAt: null },
      data: { revokedAt: new Date() },
    });
    if (count === 0) throw ApiError.notFound('API key');
    forgetCredentials();
    return c.body(null, 204);
  });
}
