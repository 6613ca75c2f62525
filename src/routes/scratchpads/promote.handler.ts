/**
 * `POST /api/v1/scratchpads/{scratchpad_id}/promote`. The operation's `x-permission` is CONVERSATIONS_WRITE (it
 * reads and marks the scratchpad); publishing an artifact also needs ARTIFACTS_WRITE, checked here for the role and
 * for a scoped API key, so that promoting cannot move a conversation's notebook into artifacts for a caller who may
 * not publish them.
 */
import type { OpenAPIHono } from '@hono/zod-openapi';
import type { Context } from 'hono';
import { postApiV1ScratchpadsScratchpadIdPromoteRoute } from '../../../generated/routes.ts';
import { ApiError } from '../../app/problem.ts';
import { mount } from '../../app/router.ts';
import type { AppEnv } from '../../app/types.ts';
import { artifactOut } from '../../artifacts/artifact-out.ts';
import { authorizeWorkspace } from '../../auth/authorize.ts';
import { roleHas, scopeFor } from '../../auth/permissions.ts';
import { loadProject } from '../../projects/projects.service.ts';
import { promoteScratchpad } from '../../scratchpads/promote.ts';
import { loadScratchpad } from '../../scratchpads/scratchpads.service.ts';

const ALSO = 'ARTIFACTS_WRITE';

async function requireArtifactsWrite(c: Context<AppEnv>, workspaceId: string): Promise<void> {
  const { role, principal } = await authorizeWorkspace(c, workspaceId, 'scratchpad');
  const scope = scopeFor(ALSO);
  const missing = !roleHas(role, ALSO)
    ? `your role in this workspace is ${role}`
    : principal.scopes.length > 0 && !principal.scopes.includes(scope)
      ? `the API key lacks scope ${scope}`
      : undefined;
  if (missing) throw new ApiError(403, 'FORBIDDEN', { detail: `Missing permission ${ALSO}: ${missing}.` });
}

/** The body is optional, but one that is sent must be JSON (a form or text would otherwise be ignored silently). */
function refuseOtherMediaTypes(c: Context<AppEnv>): void {
  const announced = c.req.header('transfer-encoding') || Number(c.req.header('content-length') ?? 0) > 0;
  const type = c.req.header('content-type') ?? '';
  if (announced && !/^application\/json\s*(;|$)/i.test(type))
    throw new ApiError(415, 'UNSUPPORTED_MEDIA_TYPE', { detail: 'Send the body as application/json (or none).' });
}

export function registerPromote(app: OpenAPIHono<AppEnv>): void {
  mount(app, postApiV1ScratchpadsScratchpadIdPromoteRoute, async (c) => {
    refuseOtherMediaTypes(c);
    const scratchpad = await loadScratchpad(c, c.req.valid('param').scratchpad_id);
    await requireArtifactsWrite(c, scratchpad.workspaceId);
    const body = c.req.valid('json') ?? {};
    let projectId: string | undefined;
    if (body.project_id !== undefined) {
      const project = await loadProject(c, body.project_id, 'body.project_id');
      if (project.workspaceId !== scratchpad.workspaceId)
        throw new ApiError(404, 'NOT_FOUND', {
          detail: 'No such project.',
          errors: [
            { field: 'body.project_id', message: "No such project in the scratchpad's workspace", code: 'not_found' },
          ],
        });
      projectId = project.id;
    }
    const published = await promoteScratchpad(c.get('deps'), {
      scratchpadId: scratchpad.id,
      body,
      ...(projectId ? { projectId } : {}),
      userId: c.get('principal').userId,
    });
    return c.json(artifactOut(published.artifact), published.created ? 201 : 200);
  });
}
