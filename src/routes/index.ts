/** Wires every resource's handlers into the app. */
import type { OpenAPIHono } from '@hono/zod-openapi';
import type { AppEnv } from '../app/types.ts';
import { registerApiKeys } from './api-keys/api-keys.handlers.ts';
import { registerArtifacts } from './artifacts/artifacts.handlers.ts';
import { registerAuth } from './auth/auth.handlers.ts';
import { registerConnectors } from './connectors/connectors.handlers.ts';
import { registerConversations } from './conversations/conversations.handlers.ts';
import { registerFiles } from './files/files.handlers.ts';
import { registerHealth } from './health/health.index.ts';
import { registerMemories } from './memories/memories.handlers.ts';
import { registerProjects } from './projects/projects.handlers.ts';
import { registerResponses } from './responses/responses.handlers.ts';
import { registerSchedules } from './schedules/schedules.handlers.ts';
import { registerScratchpadCells } from './scratchpads/cells.handlers.ts';
import { registerPromote } from './scratchpads/promote.handler.ts';
import { registerScratchpads } from './scratchpads/scratchpads.handlers.ts';
import { registerSkillRuns } from './skill-runs/skill-runs.handlers.ts';
import { registerSkills } from './skills/skills.handlers.ts';
import { registerWebhooks } from './webhooks/webhooks.handlers.ts';
import { registerWorkspaces } from './workspaces/workspaces.handlers.ts';

export function registerRoutes(app: OpenAPIHono<AppEnv>): void {
  registerHealth(app);
  registerAuth(app);
  registerWorkspaces(app);
  registerApiKeys(app);
  registerSkills(app);
  registerSkillRuns(app);
  registerFiles(app);
  registerSchedules(app);
  registerProjects(app);
  registerConversations(app);
  registerResponses(app);
  registerMemories(app);
  registerArtifacts(app);
  registerScratchpads(app);
  registerScratchpadCells(app);
  registerPromote(app);
  registerWebhooks(app);
  registerConnectors(app);
}
