/**
 * The contract checker that every test's responses pass through must itself catch what the document forbids. A tiny
 * local server answers each request with a scripted response, some on the contract and some off it.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkedFetch } from './support/contract.ts';

interface Scripted {
  status: number;
  headers?: Record<string, string>;
  body?: string;
}

let server: http.Server;
let base: string;
let next: Scripted;

beforeAll(async () => {
  server = http.createServer((_req, res) => {
    res.writeHead(next.status, next.headers ?? {});
    res.end(next.body ?? '');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

const user = { id: 'usr_1', email: 'a@example.com', name: null, is_admin: false, created_at: '2026-01-01T00:00:00Z' };
const jsonAnswer = (status: number, body: unknown, headers: Record<string, string> = {}): Scripted => ({
  status,
  headers: { 'content-type': 'application/json', ...headers },
  body: JSON.stringify(body),
});
const answer = (scripted: Scripted, path = '/api/v1/me', init?: RequestInit) => {
  next = scripted;
  return checkedFetch(`${base}${path}`, init);
};

describe('the contract checker', () => {
  it('passes a response the document describes', async () => {
    expect((await answer(jsonAnswer(200, user, { 'x-ratelimit-limit': '200' }))).status).toBe(200);
  });

  it('refuses a key the response schema does not list, at any depth', async () => {
    await expect(answer(jsonAnswer(200, { ...user, password_hash: 'x' }))).rejects.toThrow(
      /keys its schema does not list: password_hash/,
    );
    const workspace = { id: 'ws_1', name: 'A', role: 'owner', budget_usd: null, created_at: user.created_at };
    const page = {
      data: [{ ...workspace, updated_at: user.created_at, secret: 1 }],
      next_cursor: null,
      has_more: false,
    };
    await expect(answer(jsonAnswer(200, page), '/api/v1/workspaces')).rejects.toThrow(
      /does not list: data\[0\]\.secret$/,
    );
  });

  it('refuses an answer from a path or method the document does not have', async () => {
    await expect(answer(jsonAnswer(404, {}), '/api/v1/nothing-here')).rejects.toThrow(/no such operation/);
    await expect(answer({ status: 204 }, '/api/v1/me', { method: 'PUT' })).rejects.toThrow(/no such operation/);
  });

  it('lets the document and Swagger UI through', async () => {
    expect((await answer({ status: 200, headers: { 'content-type': 'text/html' } }, '/docs')).status).toBe(200);
    expect((await answer(jsonAnswer(200, {}), '/openapi.json')).status).toBe(200);
  });

  it('refuses an undeclared status, content type, or a body where none is declared', async () => {
    await expect(answer(jsonAnswer(418, {}))).rejects.toThrow(/does not declare/);
    await expect(answer({ status: 200, headers: { 'content-type': 'text/plain' }, body: 'hi' })).rejects.toThrow(
      /Content-Type text\/plain/,
    );
    await expect(
      answer(
        { status: 204, headers: { 'content-type': 'application/json' }, body: '{}' },
        '/api/v1/auth/sessions/current',
        {
          method: 'DELETE',
        },
      ),
    ).rejects.toThrow(/declares no content/);
  });

  it('refuses a declared header whose value does not match its schema', async () => {
    await expect(answer(jsonAnswer(200, user, { 'x-ratelimit-limit': 'lots' }))).rejects.toThrow(/headers/);
  });
});
