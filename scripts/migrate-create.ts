/**
 * `npm run migrate:create -- <name>`: writes prisma/migrations/<timestamp>_<name>/migration.sql with the SQL that
 * takes the newest migration's schema snapshot to schema.prisma, computed by Prisma's Wasm schema engine (which
 * needs a throwaway embedded PostgreSQL to start). Writes nothing when there is no change.
 */
import { copyFile, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { projectRoot } from '../src/config.ts';
import { diffSchemas, latestSnapshot } from '../src/db/migrations.ts';
import { startEmbeddedPostgres } from '../src/dev/embedded-postgres.ts';
import { freePort } from '../src/dev/free-port.ts';

const name = process.argv[2];
if (!name || !/^[a-z0-9_]+$/.test(name)) {
  console.error('usage: npm run migrate:create -- <name_in_snake_case>');
  process.exit(2);
}
const dir = await mkdtemp(path.join(os.tmpdir(), 'skillplane-migrate-'));
const pg = await startEmbeddedPostgres({ dataDir: path.join(dir, 'pg'), port: await freePort() });
try {
  const schemaPath = path.join(projectRoot, 'prisma/schema.prisma');
  const sql = await diffSchemas({ databaseUrl: pg.url, from: await latestSnapshot(), to: schemaPath });
  if (!sql) {
    console.log('no changes: the migrations already match prisma/schema.prisma');
  } else {
    const stamp = new Date().toISOString().replace(/\D/g, '').slice(0, 14);
    const target = path.join(projectRoot, 'prisma/migrations', `${stamp}_${name}`);
    await mkdir(target, { recursive: true });
    await writeFile(path.join(target, 'migration.sql'), `${sql}\n`);
    // The schema this migration reaches: the next migration is computed from it (see src/db/migrations.ts).
    await copyFile(schemaPath, path.join(target, 'schema.prisma'));
    console.log(`created ${path.relative(projectRoot, target)}/migration.sql`);
  }
} finally {
  await pg.stop();
  await rm(dir, { recursive: true, force: true });
}
