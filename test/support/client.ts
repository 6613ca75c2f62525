/** Helpers for the TypeScript client's tests: a client signed in as a fresh user of the test app. */
import { ApiError, Skillplane } from '../../clients/typescript/src/index.ts';
import { createWorkspace, signedInUser, type TestUser } from './identity.ts';
import type { TestApp } from './test-app.ts';

export interface ClientWorld {
  client: Skillplane;
  user: TestUser;
  workspaceId: string;
}

/** A user with a workspace, and a client on a session token with that workspace as its default. */
export async function clientWorld(t: TestApp, options: { isAdmin?: boolean } = {}): Promise<ClientWorld> {
  const user = await signedInUser(t, options);
  const workspaceId = await createWorkspace(t, user);
  const client = new Skillplane({ baseUrl: t.url, sessionToken: user.session, workspaceId });
  return { client, user, workspaceId };
}

/** The ApiError a call rejects with (fails the test if it resolves or throws something else). */
export async function apiError(call: Promise<unknown>): Promise<ApiError> {
  try {
    await call;
  } catch (err) {
    if (err instanceof ApiError) return err;
    throw err;
  }
  throw new Error('expected the call to fail with an ApiError');
}
