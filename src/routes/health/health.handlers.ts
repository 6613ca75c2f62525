import type { RouteHandler } from '@hono/zod-openapi';
import type { getApiV1HealthRoute } from '../../../generated/routes.ts';
import type { AppEnv } from '../../app/types.ts';
import { checkHealth } from './health.service.ts';

export const getHealth: RouteHandler<typeof getApiV1HealthRoute, AppEnv> = async (c) => {
  const health = await checkHealth(c.get('deps'));
  return c.json(health, health.status === 'ok' ? 200 : 503);
};
