/** Database-level administration on a PostgreSQL server: URLs of sibling databases, creating and dropping them. */
import pg from 'pg';

/** Returns `url` pointing at another database on the same server. */
export function withDatabase(url: string, database: string): string {
  const u = new URL(url);
  u.pathname = `/${database}`;
  return u.toString();
}

/** Runs one statement on its own connection (for statements that cannot run in a pool's transaction). */
export async function execute(url: string, sql: string, values: unknown[] = []): Promise<pg.QueryResult> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await client.query(sql, values);
  } finally {
    await client.end();
  }
}

const ident = (name: string) => `"${name.replaceAll('"', '""')}"`;

export async function createDatabase(url: string, name: string, { template }: { template?: string } = {}) {
  await execute(url, `CREATE DATABASE ${ident(name)}${template ? ` TEMPLATE ${ident(template)}` : ''}`);
}

export async function dropDatabase(url: string, name: string) {
  await execute(url, `DROP DATABASE IF EXISTS ${ident(name)} WITH (FORCE)`);
}

/** Creates `database` on the server behind `adminUrl` unless it exists. */
export async function ensureDatabase(adminUrl: string, database: string): Promise<void> {
  const { rowCount } = await execute(adminUrl, 'SELECT 1 FROM pg_database WHERE datname = $1', [database]);
  if (rowCount === 0) await createDatabase(adminUrl, database);
}
