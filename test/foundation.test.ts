/** The foundation through real HTTP: health, the served document, Swagger UI, problem+json for unknown routes. */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../src/app/create-app.ts';
import { operations } from '../src/app/operations.ts';
import { projectRoot } from '../src/config.ts';
import { createTestApp, json, type TestApp } from './support/test-app.ts';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t?.close());

describe('GET /api/v1/health', () => {
  it('reports PostgreSQL, Temporal and a polling worker as up', async () => {
    // The in-process worker registers as a poller on its first long poll, which can trail start-up slightly.
    let body: { status: string; checks: Record<string, { status: string; detail?: string }> } | undefined;
    for (let i = 0; i < 50; i++) {
      const res = await t.fetch('/api/v1/health');
      body = await json(res);
      if (res.status === 200) break;
      await new Promise((r) => setTimeout(r, 200));
    }
    expect(body).toMatchObject({
      status: 'ok',
      checks: { database: { status: 'up' }, temporal: { status: 'up' }, worker: { status: 'up' } },
    });
  });

  it('answers 503 with the failing check when no worker polls the queue', async () => {
    const lonely = await createTestApp({}, { worker: false });
    try {
      const res = await lonely.fetch('/api/v1/health');
      expect(res.status).toBe(503);
      const body = await json(res);
      expect(body.status).toBe('degraded');
      expect(body.checks.worker).toMatchObject({ status: 'down' });
      expect(body.checks.worker.detail).toContain(lonely.config.TEMPORAL_TASK_QUEUE);
      expect(body.checks.database.status).toBe('up');
    } finally {
      await lonely.close();
    }
  });
});

describe('errors', () => {
  it('answers an unknown route with a 404 problem', async () => {
    // Plain fetch: the contract checker refuses any answer from a path the document does not have.
    const res = await fetch(new URL('/api/v1/no-such-thing', t.url));
    expect(res.status).toBe(404);
    expect(res.headers.get('content-type')).toBe('application/problem+json');
    const body = await json(res);
    expect(body).toMatchObject({ type: 'ROUTE_NOT_FOUND', status: 404, instance: '/api/v1/no-such-thing' });
    expect(body.request_id).toBe(res.headers.get('x-request-id'));
  });

  it('honours an incoming X-Request-ID and generates one otherwise', async () => {
    const echoed = await t.fetch('/api/v1/me', { headers: { 'X-Request-ID': 'trace-abc-123' } });
    expect(echoed.status).toBe(401);
    expect(echoed.headers.get('x-request-id')).toBe('trace-abc-123');
    expect((await json(echoed)).request_id).toBe('trace-abc-123');
    const fresh = await t.fetch('/api/v1/me');
    expect(fresh.headers.get('x-request-id')).toMatch(/^req_[0-9a-f]{32}$/);
  });

  it('sets secure headers', async () => {
    const res = await t.fetch('/api/v1/health');
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(res.headers.get('x-frame-options')).toBe('SAMEORIGIN');
  });
});

describe('the contract', () => {
  it('serves the bundled source document at /openapi.json', async () => {
    const res = await t.fetch('/openapi.json');
    expect(res.status).toBe(200);
    const served = await json(res);
    const source = JSON.parse(readFileSync(path.join(projectRoot, 'generated/openapi.json'), 'utf8'));
    expect(served).toEqual(source);
    expect(served.openapi).toBe('3.1.0');
  });

  it('mounts a handler for every operation in the document, and no other', () => {
    const app = createApp(t.deps);
    const mounted = app.openAPIRegistry.definitions
      .filter((d) => d.type === 'route')
      .map((d) => (d.type === 'route' ? d.route.operationId : undefined))
      .sort();
    expect(mounted).toEqual([...operations.keys()].sort());
  });

  it('shows Swagger UI at /docs from its own assets, with no inline script and a CSP', async () => {
    const res = await t.fetch('/docs');
    expect(res.status).toBe(200);
    const csp = res.headers.get('content-security-policy') ?? '';
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("frame-ancestors 'none'");
    const html = await res.text();
    expect(html).toContain('swagger-ui');
    // Nothing is loaded from another origin, and every script is a file the CSP allows.
    expect(html).not.toMatch(/(src|href)="(https?:)?\/\//);
    expect(html).not.toMatch(/<script>(?!<\/script>)/);
    const urls = [...html.matchAll(/(?:src|href)="([^"]+)"/g)].map((m) => m[1]!);
    expect(urls).toContain('/docs/init.js');
    for (const url of urls) {
      const asset = await t.fetch(url);
      expect(asset.status, url).toBe(200);
      expect((await asset.arrayBuffer()).byteLength, url).toBeGreaterThan(0);
    }
    const init = await (await t.fetch('/docs/init.js')).text();
    expect(init).toContain("url: '/openapi.json'");
    expect(init).toContain('persistAuthorization: true');
    expect((await t.fetch('/docs/assets/..%2F..%2Fpackage.json')).status).toBe(404);
    expect((await t.fetch('/docs/assets/index.html')).status).toBe(404);
  });
});
