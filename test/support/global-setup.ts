/**
 * Starts the real services once for the whole run: an embedded PostgreSQL with a migrated template database that
 * every test file clones, and a Temporal dev server. With SKILLPLANE_TEST_SERVICES=testcontainers and a Docker engine,
 * both come from containers instead (that path needs Docker and is not exercised in CI here). bubblewrap for the
 * sandbox is found or installed as `npm start` does it, so CI needs nothing else. With SKILLPLANE_TEST_STORAGE=s3 a
 * versitygw server stores the test apps' files (each app gets its own bucket).
 */
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { Client, Connection } from '@temporalio/client';
import { bundleWorkflowCode } from '@temporalio/worker';
import type { TestProject } from 'vitest/node';
import { createDatabase, withDatabase } from '../../src/db/databases.ts';
import { applyMigrations } from '../../src/db/migrate-deploy.ts';
import { ensureBubblewrap } from '../../src/dev/bubblewrap.ts';
import { freePort } from '../../src/dev/free-port.ts';
import { ensureVersitygw, startVersitygw } from '../../src/dev/versitygw.ts';
import { ensureSearchAttributes } from '../../src/temporal/search-attributes.ts';
import { workflowsPath } from '../../workflows/worker.ts';
import { startContainerServices } from './container-services.ts';
import { startEmbeddedServices } from './embedded-services.ts';

export const TEMPLATE_DB = 'skillplane_template';

declare module 'vitest' {
  export interface ProvidedContext {
    services: {
      adminUrl: string;
      templateDb: string;
      temporalAddress: string;
      workflowBundlePath: string;
      /** SANDBOX_BWRAP_PATH for the test apps; null when none could be had. */
      bwrapPath: string | null;
      /** The S3-compatible server the test apps store files in, when SKILLPLANE_TEST_STORAGE=s3. */
      s3: { endpoint: string; accessKeyId: string; secretAccessKey: string } | null;
    };
  }
}

export default async function setup(project: TestProject) {
  const started = performance.now();
  const tmp = await mkdtemp(path.join(os.tmpdir(), 'skillplane-test-'));
  const bwrapPath = await ensureBubblewrap({ explicitPath: process.env.SANDBOX_BWRAP_PATH, log: console.log });
  const services =
    process.env.SKILLPLANE_TEST_SERVICES === 'testcontainers'
      ? await startContainerServices()
      : await startEmbeddedServices(tmp);

  const s3 =
    process.env.SKILLPLANE_TEST_STORAGE === 's3'
      ? await startVersitygw({
          binary: await ensureVersitygw({ explicitPath: process.env.VERSITYGW_PATH, log: console.log }),
          dir: path.join(tmp, 's3'),
          port: await freePort(),
          accessKeyId: 'skillplane-test',
          secretAccessKey: randomBytes(24).toString('hex'),
        })
      : undefined;

  await createDatabase(services.adminUrl, TEMPLATE_DB);
  await applyMigrations({ databaseUrl: withDatabase(services.adminUrl, TEMPLATE_DB) });

  const connection = await Connection.connect({ address: services.temporalAddress });
  await ensureSearchAttributes(new Client({ connection }), 'default');
  await connection.close();

  const bundle = await bundleWorkflowCode({ workflowsPath, logger: quietLogger });
  const workflowBundlePath = path.join(tmp, 'workflow-bundle.js');
  await writeFile(workflowBundlePath, bundle.code);

  project.provide('services', {
    adminUrl: services.adminUrl,
    templateDb: TEMPLATE_DB,
    temporalAddress: services.temporalAddress,
    workflowBundlePath,
    bwrapPath: bwrapPath ?? null,
    s3: s3 ? { endpoint: s3.endpoint, accessKeyId: s3.accessKeyId, secretAccessKey: s3.secretAccessKey } : null,
  });
  console.log(`test services ready in ${Math.round(performance.now() - started)} ms`);

  return async () => {
    await Promise.all([services.stop(), s3?.stop()]);
    await rm(tmp, { recursive: true, force: true });
  };
}

const noop = () => {};
const quietLogger = { trace: noop, debug: noop, info: noop, warn: console.warn, error: console.error, log: noop };
