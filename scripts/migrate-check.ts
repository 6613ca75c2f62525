/** `npm run migrate:check`: exits 1, printing the difference, when the migrations and schema.prisma disagree. */
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { diffMigrationsAgainstSchema } from '../src/db/migrations.ts';
import { startEmbeddedPostgres } from '../src/dev/embedded-postgres.ts';
import { freePort } from '../src/dev/free-port.ts';

const dir = await mkdtemp(path.join(os.tmpdir(), 'skillplane-migrate-'));
const pg = await startEmbeddedPostgres({ dataDir: path.join(dir, 'pg'), port: await freePort() });
try {
  const sql = await diffMigrationsAgainstSchema({ databaseUrl: pg.url });
  if (sql) {
    console.error(
      `prisma/migrations does not match prisma/schema.prisma; missing:\n${sql}\nRun npm run migrate:create -- <name>.`,
    );
    process.exitCode = 1;
  } else {
    console.log('migrations match prisma/schema.prisma');
  }
} finally {
  await pg.stop();
  await rm(dir, { recursive: true, force: true });
}
