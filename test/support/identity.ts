/** Test fixtures for identity: users made through the service, everything else through HTTP. */
import { randomBytes } from 'node:crypto';
import { expect } from 'vitest';
import { createUser } from '../../src/auth/users.ts';
import { json, type TestApp } from './test-app.ts';

export interface TestUser {
  id: string;
  email: string;
  password: string;
  session: string;
}

export const auth = (secret: string) => ({ Authorization: `Bearer ${secret}` });
export const jsonBody = (body: unknown, headers: Record<string, string> = {}) => ({
  method: 'POST',
  headers: { 'Content-Type': 'application/json', ...headers },
  body: JSON.stringify(body),
});

export async function signedInUser(t: TestApp, { isAdmin = false } = {}): Promise<TestUser> {
  const email = `user-${randomBytes(4).toString('hex')}@example.com`;
  const password = 'correct horse battery staple';
  const user = await createUser(t.deps.prisma, { email, password, isAdmin });
  const res = await t.fetch('/api/v1/auth/sessions', jsonBody({ email, password }));
  expect(res.status).toBe(201);
  return { id: user.id, email, password, session: (await json(res)).token };
}

export async function createWorkspace(t: TestApp, owner: TestUser, name = 'Acme'): Promise<string> {
  const res = await t.fetch('/api/v1/workspaces', jsonBody({ name }, auth(owner.session)));
  expect(res.status).toBe(201);
  return (await json(res)).id;
}

export async function addMember(t: TestApp, owner: TestUser, workspaceId: string, user: TestUser, role: string) {
  const res = await t.fetch(
    `/api/v1/workspaces/${workspaceId}/members`,
    jsonBody({ email: user.email, role }, auth(owner.session)),
  );
  expect(res.status).toBe(201);
}

export async function createApiKey(t: TestApp, user: TestUser, body: Record<string, unknown> = {}): Promise<string> {
  const res = await t.fetch('/api/v1/api-keys', jsonBody(body, auth(user.session)));
  expect(res.status).toBe(201);
  return (await json(res)).key;
}
