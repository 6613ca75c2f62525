/**
 * Every status the server can answer is declared for the operation that answers it. The guards `mount()` attaches
 * and the shared middleware answer the same statuses for every operation they cover, so those are checked here
 * against the document, operation by operation; statuses of handlers and services are checked by every test's
 * responses through the contract checker, whose own failure on an undeclared status is tested below.
 */
import { describe, expect, it } from 'vitest';
import { openApiDocument, operations } from '../src/app/operations.ts';
import { assertMatchesContract } from './support/contract.ts';

function responsesOf(path: string, method: string): Record<string, unknown> {
  return (openApiDocument.paths[path]?.[method]?.responses ?? {}) as Record<string, unknown>;
}

/** What the guards and shared middleware can answer for an operation, and why. */
function guardStatuses(operationId: string): Record<string, string> {
  const op = operations.get(operationId)!;
  const raw = openApiDocument.paths[op.path]![op.method]!;
  const hasInput = Boolean(raw.requestBody) || ((raw.parameters as unknown[] | undefined)?.length ?? 0) > 0;
  const jsonBody = Boolean(
    (raw.requestBody as { content?: Record<string, unknown> } | undefined)?.content?.['application/json'],
  );
  const expected: Record<string, string> = {
    '500': 'onError: anything unexpected',
    '503': 'database or Temporal not answering',
  };
  if (hasInput) expected['400'] = 'validation of parameters and body';
  if (op.auth !== 'none') {
    expected['401'] = 'authenticate';
    expected['429'] = 'rateLimit';
  }
  if (op.rateLimitClass === 'auth') expected['429'] = 'rateLimit (per client address)';
  if (op.auth === 'session') expected['403'] = 'authenticate: API keys refused';
  if (op.permission) expected['403'] = 'authorize: missing permission or key scope';
  if (op.permission && op.permission !== 'INSTANCE_ADMIN' && op.path.includes('{')) {
    expected['404'] = 'authorize: objects of other workspaces are invisible';
  }
  if (jsonBody || op.multipart) {
    expected['408'] = 'body timeout';
    expected['413'] = 'body limit';
    expected['415'] = 'media type check';
  }
  if (op.idempotent) expected['409'] = 'idempotency: key reused or in progress';
  return expected;
}

describe('the document declares what the guards answer', () => {
  it.each([...operations.keys()])('%s', (operationId) => {
    const op = operations.get(operationId)!;
    const have = new Set(Object.keys(responsesOf(op.path, op.method)));
    const missing = Object.entries(guardStatuses(operationId)).filter(([status]) => !have.has(status));
    expect(missing).toEqual([]);
  });
});

describe('the contract checker', () => {
  const url = new URL('http://127.0.0.1/api/v1/skills');
  const problem = (status: number) =>
    new Response(JSON.stringify({ type: 'CONFLICT', title: 'Conflict', status }), {
      status,
      headers: { 'content-type': 'application/problem+json' },
    });

  it('fails on a status the operation does not declare', async () => {
    expect(Object.keys(responsesOf('/api/v1/skills', 'get'))).not.toContain('409');
    await expect(assertMatchesContract('GET', url, problem(409))).rejects.toThrow(/does not declare/);
    await expect(assertMatchesContract('GET', url, new Response(null, { status: 204 }))).rejects.toThrow(
      /does not declare/,
    );
  });

  it('passes a declared status with a body of its schema, and fails one of another shape', async () => {
    const list = new Response(JSON.stringify({ data: [], next_cursor: null, has_more: false }), {
      status: 200,
      headers: { 'content-type': 'application/json' },
    });
    await expect(assertMatchesContract('GET', url, list)).resolves.toBeUndefined();
    const wrong = new Response(JSON.stringify({ items: [] }), {
      status: 200,
      headers: { 'content-type': 'application/json' },
    });
    await expect(assertMatchesContract('GET', url, wrong)).rejects.toThrow(/does not match its schema/);
  });
});
