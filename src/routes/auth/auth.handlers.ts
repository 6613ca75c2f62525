/** Sign in/out, the current user, and user creation by instance administrators. */
import type { OpenAPIHono } from '@hono/zod-openapi';
import {
  deleteApiV1AuthSessionsCurrentRoute,
  getApiV1MeRoute,
  postApiV1AuthSessionsRoute,
  postApiV1UsersRoute,
} from '../../../generated/routes.ts';
import { mount } from '../../app/router.ts';
import type { AppEnv } from '../../app/types.ts';
import { throttledSignIn } from '../../auth/sign-in-throttle.ts';
import { createUser, signOut } from '../../auth/users.ts';
import { iso, userOut } from '../serializers.ts';

export function registerAuth(app: OpenAPIHono<AppEnv>): void {
  mount(app, postApiV1AuthSessionsRoute, async (c) => {
    const { email, password } = c.req.valid('json');
    const { prisma, config } = c.get('deps');
    const session = await throttledSignIn(prisma, email, password, config);
    return c.json({ token: session.token, expires_at: iso(session.expiresAt), user: userOut(session.user) }, 201);
  });

  mount(app, deleteApiV1AuthSessionsCurrentRoute, async (c) => {
    await signOut(c.get('deps').prisma, c.get('principal').credentialId);
    return c.body(null, 204);
  });

  mount(app, getApiV1MeRoute, async (c) => {
    const user = await c.get('deps').prisma.user.findUniqueOrThrow({ where: { id: c.get('principal').userId } });
    return c.json(userOut(user), 200);
  });

  mount(app, postApiV1UsersRoute, async (c) => {
    const body = c.req.valid('json');
    const user = await createUser(c.get('deps').prisma, { ...body, isAdmin: body.is_admin });
    return c.json(userOut(user), 201);
  });
}
