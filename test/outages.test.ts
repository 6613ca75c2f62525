/**
 * Outages answer fast: with its own Temporal dev server stopped (SIGSTOP: the process is alive and its port open,
 * but it answers nothing, which is worse than a refused connection), creating a run answers 503
 * ORCHESTRATOR_UNAVAILABLE with Retry-After instead of hanging; once Temporal is back (SIGCONT), the reconciler starts
 * the run, and the same Idempotency-Key returns the same run, never a second one. A database that accepts connections
 * but never answers gives 503 SERVICE_UNAVAILABLE.
 */
import { randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { Client, Connection } from '@temporalio/client';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { unavailableProblem } from '../src/app/unavailable.ts';
import { buildConfig } from '../src/config.ts';
import { freePort } from '../src/dev/free-port.ts';
import { ensureTemporalCli } from '../src/dev/temporal-cli.ts';
import { type RunningTemporal, startTemporalDevServer } from '../src/dev/temporal-dev-server.ts';
import { startRunReconciler } from '../src/runs/reconciler.ts';
import { connectDeps, startApiServer } from '../src/runtime.ts';
import { ensureSearchAttributes } from '../src/temporal/search-attributes.ts';
import { checkedFetch } from './support/contract.ts';
import type { FakeLlm } from './support/fake-llm.ts';
import { auth, createWorkspace, jsonBody } from './support/identity.ts';
import { type RunWorld, runWorld, startRun, waitForStatus } from './support/runs.ts';
import { json, type TestApp } from './support/test-app.ts';
import { createTestAppWithModel } from './support/test-app-with-model.ts';

let dir: string;
let temporal: RunningTemporal;
let t: TestApp;
let llm: FakeLlm;
let w: RunWorld;
let reconciler: { stop(): void };

const stopTemporal = () => process.kill(-temporal.processGroup, 'SIGSTOP');
const continueTemporal = () => process.kill(-temporal.processGroup, 'SIGCONT');

beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'skillplane-outage-'));
  temporal = await startTemporalDevServer({
    cliPath: await ensureTemporalCli({ explicitPath: process.env.TEMPORAL_CLI_PATH }),
    dbFile: path.join(dir, 'temporal.db'),
    port: await freePort(),
    uiPort: null,
    namespace: 'default',
  });
  const connection = await Connection.connect({ address: temporal.address });
  await ensureSearchAttributes(new Client({ connection }), 'default');
  await connection.close();
  ({ t, llm } = await createTestAppWithModel({
    TEMPORAL_ADDRESS: temporal.address,
    TEMPORAL_RPC_TIMEOUT_MS: '1500',
    RATE_LIMIT_SKILL_RUNS_PER_MINUTE: '1000',
    RATE_LIMIT_SCHEDULES_PER_MINUTE: '1000',
  }));
  w = await runWorld(t);
  reconciler = startRunReconciler(t.deps, { intervalMs: 1000 });
}, 120_000);

afterAll(async () => {
  reconciler?.stop();
  if (temporal) continueTemporal();
  await t?.close();
  await temporal?.stop();
  if (dir) await rm(dir, { recursive: true, force: true });
});

describe('Temporal does not answer', () => {
  it('answers 503 at once; the reconciler starts the run later; the same key returns the same run', async () => {
    const m = `outage-${randomUUID()}`;
    llm.script(m, [{ text: 'All done.' }]);
    const key = `key-${randomUUID()}`;
    stopTemporal();
    let stopped = true;
    try {
      const res = await startRun(w, { instructions: m }, { 'Idempotency-Key': key });
      expect(res.status).toBe(503);
      expect(Number(res.headers.get('retry-after'))).toBeGreaterThan(0);
      const problem = await json(res);
      expect(problem.type).toBe('ORCHESTRATOR_UNAVAILABLE');

      const runs = await t.deps.prisma.skillRun.findMany({ where: { workspaceId: w.ws } });
      expect(runs).toHaveLength(1);
      expect(runs[0]!.workflowStartedAt).toBeNull();

      // A retry during the outage gets the run that was written, not a 503 and not a second run.
      const retry = await startRun(w, { instructions: m }, { 'Idempotency-Key': key });
      expect(retry.status).toBe(202);
      expect((await json(retry)).run_id).toBe(runs[0]!.id);
      // The same key with another body is still refused: the stored answer belongs to the first request.
      const other = await startRun(w, { instructions: `${m} and more` }, { 'Idempotency-Key': key });
      expect(other.status).toBe(409);
      expect((await json(other)).type).toBe('IDEMPOTENCY_KEY_REUSED');

      // Reads that need no Temporal keep working; steering a run needs it and answers 503 too.
      const cancel = await t.fetch(`/api/v1/skill-runs/${runs[0]!.id}/cancel`, {
        method: 'POST',
        headers: auth(w.owner.session),
      });
      expect(cancel.status).toBe(503);
      expect((await json(cancel)).type).toBe('ORCHESTRATOR_UNAVAILABLE');

      continueTemporal();
      stopped = false;
      await waitForStatus(w, runs[0]!.id, ['completed'], 60_000);

      const again = await startRun(w, { instructions: m }, { 'Idempotency-Key': key });
      expect(again.status).toBe(202);
      expect(again.headers.get('idempotent-replayed')).toBe('true');
      expect((await json(again)).run_id).toBe(runs[0]!.id);
      expect(await t.deps.prisma.skillRun.count({ where: { workspaceId: w.ws } })).toBe(1);
    } finally {
      if (stopped) continueTemporal();
    }
  }, 120_000);

  it('creates a schedule whose Temporal Schedule the reconciler adds once Temporal is back', async () => {
    const key = `key-${randomUUID()}`;
    const body = { workspace_id: w.ws, name: 'nightly', cron_expression: '0 3 * * *', skill_id: w.skillId };
    stopTemporal();
    let stopped = true;
    try {
      const res = await t.fetch(
        '/api/v1/schedules',
        jsonBody(body, { ...auth(w.owner.session), 'Idempotency-Key': key }),
      );
      expect(res.status).toBe(503);
      expect((await json(res)).type).toBe('ORCHESTRATOR_UNAVAILABLE');
      const rows = await t.deps.prisma.schedule.findMany({ where: { workspaceId: w.ws } });
      expect(rows).toHaveLength(1);

      continueTemporal();
      stopped = false;
      for (;;) {
        const row = await t.deps.prisma.schedule.findUniqueOrThrow({ where: { id: rows[0]!.id } });
        if (row.syncedAt) break;
        await new Promise((r) => setTimeout(r, 200));
      }
      const got = await json(await t.fetch(`/api/v1/schedules/${rows[0]!.id}`, { headers: auth(w.owner.session) }));
      expect(got.next_run_at).not.toBeNull();

      const retry = await t.fetch(
        '/api/v1/schedules',
        jsonBody(body, { ...auth(w.owner.session), 'Idempotency-Key': key }),
      );
      expect(retry.status).toBe(201);
      expect((await json(retry)).id).toBe(rows[0]!.id);
      expect(await t.deps.prisma.schedule.count({ where: { workspaceId: w.ws } })).toBe(1);
    } finally {
      if (stopped) continueTemporal();
    }
  }, 120_000);

  it('refuses to delete a workspace with 503 and changes nothing, so the DELETE can be retried', async () => {
    const other = await createWorkspace(t, w.owner, 'Doomed');
    stopTemporal();
    try {
      const res = await t.fetch(`/api/v1/workspaces/${other}`, { method: 'DELETE', headers: auth(w.owner.session) });
      expect(res.status).toBe(503);
      expect((await json(res)).type).toBe('ORCHESTRATOR_UNAVAILABLE');
    } finally {
      continueTemporal();
    }
    expect((await t.fetch(`/api/v1/workspaces/${other}`, { headers: auth(w.owner.session) })).status).toBe(200);
    const retry = await t.fetch(`/api/v1/workspaces/${other}`, { method: 'DELETE', headers: auth(w.owner.session) });
    expect(retry.status).toBe(204);
    expect((await t.fetch(`/api/v1/workspaces/${other}`, { headers: auth(w.owner.session) })).status).toBe(404);
  }, 60_000);
});

describe('PostgreSQL does not answer', () => {
  it('answers 503 SERVICE_UNAVAILABLE with Retry-After', async () => {
    // Accepts connections and never says a word, like a database host that has hung.
    const silent = net.createServer(() => {});
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    const port = (silent.address() as net.AddressInfo).port;
    const databaseUrl = `postgres://skillplane:secret@127.0.0.1:${port}/skillplane`;
    const config = buildConfig({
      DATABASE_URL: databaseUrl,
      DATABASE_TIMEOUT_MS: '1000',
      LOG_LEVEL: 'silent',
      PORT: '0',
    });
    const deps = await connectDeps(config, { databaseUrl, temporalAddress: temporal.address });
    const server = await startApiServer(deps);
    try {
      const res = await checkedFetch(`${server.url}/api/v1/me`, {
        headers: auth('sps_not-checked-before-the-database'),
      });
      expect(res.status).toBe(503);
      expect(Number(res.headers.get('retry-after'))).toBeGreaterThan(0);
      expect((await json(res)).type).toBe('SERVICE_UNAVAILABLE');
    } finally {
      await server.close();
      await deps.close();
      silent.close();
    }
  }, 30_000);

  it('turns a refused connection of the plain `pg` pool (hot reads) into 503 SERVICE_UNAVAILABLE too', async () => {
    const port = await freePort();
    const pool = new pg.Pool({ connectionString: `postgres://skillplane:secret@127.0.0.1:${port}/skillplane` });
    const err = await pool.query('SELECT 1').then(
      () => undefined,
      (e: unknown) => e,
    );
    await pool.end();
    expect((err as { code?: string }).code).toBe('ECONNREFUSED');
    const problem = unavailableProblem(err);
    expect(problem?.status).toBe(503);
    expect(problem?.code).toBe('SERVICE_UNAVAILABLE');
  });
});
