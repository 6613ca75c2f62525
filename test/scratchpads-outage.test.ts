/**
 * Running a cell while Temporal does not answer (its own dev server, stopped with SIGSTOP): 503
 * ORCHESTRATOR_UNAVAILABLE with Retry-After, and the cell is left as it was, not `pending` without a workflow,
 * because the cell is marked and the workflow started in one transaction. Once Temporal is back the cell runs.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { Client, Connection } from '@temporalio/client';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { freePort } from '../src/dev/free-port.ts';
import { ensureTemporalCli } from '../src/dev/temporal-cli.ts';
import { type RunningTemporal, startTemporalDevServer } from '../src/dev/temporal-dev-server.ts';
import { ensureSearchAttributes } from '../src/temporal/search-attributes.ts';
import { auth, createWorkspace, signedInUser, type TestUser } from './support/identity.ts';
import { scratchpadClient } from './support/scratchpads.ts';
import { createTestApp, json, type TestApp } from './support/test-app.ts';

let dir: string;
let temporal: RunningTemporal;
let t: TestApp;
let api: ReturnType<typeof scratchpadClient>;
let conv: string;
let owner: TestUser;

const stopTemporal = () => process.kill(-temporal.processGroup, 'SIGSTOP');
const continueTemporal = () => process.kill(-temporal.processGroup, 'SIGCONT');

beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'skillplane-sp-outage-'));
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
  t = await createTestApp({ TEMPORAL_ADDRESS: temporal.address, TEMPORAL_RPC_TIMEOUT_MS: '1500' });
  owner = await signedInUser(t);
  const ws = await createWorkspace(t, owner);
  api = scratchpadClient(t, owner);
  conv = (await api.ok('POST', '/api/v1/conversations', { workspace_id: ws }, 201)).id;
}, 120_000);

afterAll(async () => {
  if (temporal) continueTemporal();
  await t?.close();
  await temporal?.stop();
  if (dir) await rm(dir, { recursive: true, force: true });
});

it('answers 503 and leaves the cell as it was; once Temporal is back the cell runs', async () => {
  const sp = await api.ok(
    'POST',
    '/api/v1/scratchpads',
    { conversation_id: conv, cells: [{ type: 'code', content: 'print("back")' }] },
    201,
  );
  const cell = sp.cells[0].id;
  stopTemporal();
  try {
    const res = await t.fetch(`${api.cellPath(sp.id, cell)}/run`, {
      method: 'POST',
      headers: { ...auth(owner.session), Accept: 'application/json' },
    });
    expect(res.status).toBe(503);
    expect(Number(res.headers.get('retry-after'))).toBeGreaterThan(0);
    expect((await json(res)).type).toBe('ORCHESTRATOR_UNAVAILABLE');
    const after = await api.ok('GET', api.cellPath(sp.id, cell));
    expect(after).toMatchObject({ status: null, execution_count: 0 });
    expect(await t.deps.prisma.scratchpadCellEvent.count({ where: { cellId: cell } })).toBe(0);
  } finally {
    continueTemporal();
  }
  expect((await api.start(sp.id, cell)).status).toBe(202);
  const done = await api.settle(sp.id, cell, 90_000);
  expect(done).toMatchObject({ status: 'success', execution_count: 1 });
  expect(done.outputs[0].data).toBe('back\n');
}, 180_000);
