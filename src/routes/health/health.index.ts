import type { OpenAPIHono } from '@hono/zod-openapi';
import { getApiV1HealthRoute } from '../../../generated/routes.ts';
import { mount } from '../../app/router.ts';
import type { AppEnv } from '../../app/types.ts';
import { getHealth } from './health.handlers.ts';

export function registerHealth(app: OpenAPIHono<AppEnv>): void {
  mount(app, getApiV1HealthRoute, getHealth);
}
