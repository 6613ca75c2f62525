/**
 * Runs on any worker: an API process and two worker processes with a data directory each (as on three machines),
 * sharing PostgreSQL, Temporal and S3-compatible storage (a versitygw of this file's own). The worker holding a run's
 * sandbox is killed mid-run; the other rebuilds the sandbox from storage and finishes the run with its earlier outputs
 * intact; the outputs ZIP comes from storage; nothing of the run stays on the surviving worker's disk.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { text } from 'node:stream/consumers';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { freePort } from '../src/dev/free-port.ts';
import { ensureVersitygw, type RunningS3, startVersitygw } from '../src/dev/versitygw.ts';
import type { FakeLlm } from './support/fake-llm.ts';
import { auth } from './support/identity.ts';
import { type Spawned, spawnEntry } from './support/processes.ts';
import { putWorkspaceFile, type RunWorld, runWorld, startRun, waitForStatus } from './support/runs.ts';
import { json, type TestApp } from './support/test-app.ts';
import { createTestAppWithModel } from './support/test-app-with-model.ts';

let t: TestApp;
let llm: FakeLlm;
let w: RunWorld;
let s3: RunningS3;
let tmp: string;
const workers: Spawned[] = [];

beforeAll(async () => {
  tmp = await mkdtemp(path.join(os.tmpdir(), 'skillplane-scale-'));
  s3 = await startVersitygw({
    binary: await ensureVersitygw({ explicitPath: process.env.VERSITYGW_PATH }),
    dir: path.join(tmp, 's3'),
    port: await freePort(),
    accessKeyId: 'scale-test',
    secretAccessKey: randomBytes(24).toString('hex'),
  });
  ({ t, llm } = await createTestAppWithModel(
    {
      OPENAI_API_KEY: 'k',
      RATE_LIMIT_DEFAULT_PER_MINUTE: '100000',
      ...storageEnv(),
    },
    { worker: false },
  ));
  w = await runWorld(t);
});
afterAll(async () => {
  for (const worker of workers) await worker.kill('SIGKILL');
  await t?.close();
  await s3?.stop();
  await rm(tmp, { recursive: true, force: true });
});

function storageEnv() {
  return {
    STORAGE_BACKEND: 's3',
    S3_ENDPOINT: s3.endpoint,
    S3_ACCESS_KEY_ID: s3.accessKeyId,
    S3_SECRET_ACCESS_KEY: s3.secretAccessKey,
    S3_BUCKET: 'scale-out',
    S3_CREATE_BUCKET: 'true',
  };
}

const workerDir = (n: number) => path.join(tmp, `worker-${n}`);

function startWorker(n: number) {
  const worker = spawnEntry('workflows/main.ts', {
    TEMPORAL_ADDRESS: t.config.TEMPORAL_ADDRESS!,
    TEMPORAL_TASK_QUEUE: t.config.TEMPORAL_TASK_QUEUE,
    DATABASE_URL: t.databaseUrl,
    SKILLPLANE_DATA_DIR: workerDir(n),
    OPENAI_BASE_URL: llm.baseUrl,
    OPENAI_API_KEY: 'k',
    LOG_LEVEL: 'info',
    ...(t.config.SANDBOX_BWRAP_PATH ? { SANDBOX_BWRAP_PATH: t.config.SANDBOX_BWRAP_PATH } : {}),
    ...storageEnv(),
  });
  workers.push(worker);
  return worker;
}

it('finishes a run on another worker when the one holding its sandbox dies, outputs intact', async () => {
  await putWorkspaceFile(w, 'in/data.txt', 'context survives\n');
  const m = `scale-${randomUUID()}`;
  const script = llm.script(m, [
    { toolCalls: [{ name: 'write_file', arguments: { path: 'first.txt', content: 'written before the crash\n' } }] },
    // The worker running this command is killed while it sleeps.
    {
      toolCalls: [
        { name: 'run_shell', arguments: { command: 'sleep 3; cat context/in/data.txt > outputs/second.txt' } },
      ],
    },
    { text: 'Both written.' },
  ]);
  const [one, two] = [startWorker(1), startWorker(2)];
  await Promise.all([one.waitFor(/worker polling/), two.waitFor(/worker polling/)]);

  const { run_id } = await json(await startRun(w, { instructions: m, context_paths: ['in'] }));
  // Whichever worker staged the run's sandbox holds it once the second step is under way.
  await expect.poll(() => script.calls[1] ?? 0, { timeout: 30_000 }).toBe(1);
  const holder = await expect
    .poll(() => [1, 2].find((n) => existsSync(path.join(workerDir(n), 'runs', run_id, 'work'))), { timeout: 10_000 })
    .toBeDefined()
    .then(() => [1, 2].find((n) => existsSync(path.join(workerDir(n), 'runs', run_id, 'work')))!);
  await new Promise((r) => setTimeout(r, 500));
  await (holder === 1 ? one : two).kill('SIGKILL');
  const survivor = holder === 1 ? 2 : 1;

  const run = await waitForStatus(w, run_id, ['completed', 'failed'], 90_000);
  expect(run.status).toBe('completed');
  expect(run.output_files).toEqual(['first.txt', 'second.txt']);
  const events = await (
    await t.fetch(`/api/v1/skill-runs/${run_id}/events`, { headers: auth(w.owner.session) })
  ).text();
  expect(events).toContain('sandbox rebuilt on this worker from storage: 1 output file(s) restored');
  expect(script.calls[0]).toBe(1);

  const zip = await t.fetch(`/api/v1/skill-runs/${run_id}/download`, { headers: auth(w.owner.session) });
  expect(zip.status).toBe(200);
  const names = Buffer.from(await zip.arrayBuffer()).toString('latin1');
  expect(names).toContain('first.txt');
  expect(names).toContain('second.txt');
  for (const [file, content] of [
    ['first.txt', 'written before the crash\n'],
    ['second.txt', 'context survives\n'],
  ] as const) {
    const row = await t.deps.prisma.skillRunOutput.findFirstOrThrow({ where: { runId: run_id, path: file } });
    expect(await text(await t.deps.storage.read(w.ws, row.storageKey!))).toBe(content);
  }
  expect(existsSync(path.join(workerDir(survivor), 'runs', run_id))).toBe(false);
});
