/**
 * `npm run admin:create -- --email you@example.com [--name "Your Name"]`: creates an instance administrator.
 * The password comes from SKILLPLANE_ADMIN_PASSWORD or is read from standard input, never from the command line.
 * Uses DATABASE_URL, or the embedded PostgreSQL of a running `npm start`.
 */
import path from 'node:path';
import { parseArgs } from 'node:util';
import { createUser } from '../src/auth/users.ts';
import { loadConfig } from '../src/config.ts';
import { createPrisma } from '../src/db/client.ts';
import { withDatabase } from '../src/db/databases.ts';
import { embeddedDatabaseUrl, readEmbeddedPassword } from '../src/dev/embedded-postgres.ts';

const { values } = parseArgs({ options: { email: { type: 'string' }, name: { type: 'string' } } });
if (!values.email) {
  console.error('usage: npm run admin:create -- --email you@example.com [--name "Your Name"]');
  process.exit(2);
}
const config = loadConfig();
let password = config.SKILLPLANE_ADMIN_PASSWORD;
if (!password) {
  process.stderr.write('Password (at least 12 characters): ');
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  password = Buffer.concat(chunks).toString('utf8').trim();
}
if (password.length < 12) {
  console.error('The password needs at least 12 characters.');
  process.exit(2);
}
const url = config.DATABASE_URL ?? (await embeddedUrl());
const prisma = createPrisma(url, { max: 1 });
try {
  const user = await createUser(prisma, { email: values.email, password, name: values.name, isAdmin: true });
  console.log(`created administrator ${user.email} (${user.id})`);
} catch (err) {
  console.error(`could not create the administrator: ${err instanceof Error ? err.message : String(err)}`);
  process.exitCode = 1;
} finally {
  await prisma.$disconnect();
}

/** The embedded PostgreSQL of `npm start`, with the password kept in its data directory. */
async function embeddedUrl(): Promise<string> {
  const password = await readEmbeddedPassword(path.join(path.resolve(config.SKILLPLANE_DATA_DIR), 'postgres'));
  if (!password) {
    console.error('No DATABASE_URL and no embedded PostgreSQL in SKILLPLANE_DATA_DIR: run `npm start` first.');
    process.exit(2);
  }
  return withDatabase(embeddedDatabaseUrl(config.EMBEDDED_POSTGRES_PORT, password), 'skillplane');
}
