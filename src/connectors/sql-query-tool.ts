/**
 * The `sql_query` tool of conversation turns: the agent runs one read-only SQL statement on a PostgreSQL connection
 * of the conversation's project. It runs in the worker (it needs the sealed credentials, which never enter the
 * sandbox), under the same SSRF policy as the connection check, as one statement (the extended query protocol
 * refuses `select 1; commit; drop …`) inside a `READ ONLY` transaction that is rolled back, with a statement timeout,
 * and answers at most MAX_ROWS rows. The database role's own privileges remain the real boundary: give connections
 * a read-only role.
 */
import type pg from 'pg';
import type { PrismaClient } from '../../generated/prisma/client.ts';
import type { Deps } from '../app/types.ts';
import type { ToolOutcome } from '../runs/tools.ts';
import { openCredentials } from './credentials.ts';
import { postgresClient } from './postgres-check.ts';

export const SQL_QUERY = 'sql_query';
const MAX_ROWS = 100;

export const sqlQuerySpec = {
  description: `Run one read-only SQL statement on a PostgreSQL connection of this project; answers JSON with the columns and at most ${MAX_ROWS} rows.`,
  inputSchema: {
    type: 'object',
    properties: {
      connection_id: { type: 'string', description: 'A connection listed in the system prompt.' },
      sql: { type: 'string', minLength: 1, maxLength: 20000 },
    },
    required: ['connection_id', 'sql'],
    additionalProperties: false,
  },
};

/** The project's PostgreSQL connections the agent may query (named in the system prompt). */
export async function queryableConnections(prisma: PrismaClient, workspaceId: string, ids: readonly string[]) {
  if (ids.length === 0) return [];
  return prisma.connection.findMany({
    where: { id: { in: [...ids] }, workspaceId, specId: 'postgres', credentials: { not: null } },
    select: { id: true, name: true },
    orderBy: { createdAt: 'asc' },
  });
}

const failed = (output: string): ToolOutcome => ({ output, isError: true });

export async function runSqlQuery(
  deps: Pick<Deps, 'prisma' | 'config' | 'resolveHost'>,
  runId: string,
  input: Record<string, unknown>,
): Promise<ToolOutcome> {
  const { connection_id: connectionId, sql } = input;
  if (typeof connectionId !== 'string' || typeof sql !== 'string' || !sql.trim() || sql.includes('\0')) {
    return failed('connection_id and sql (one SQL statement) are required.');
  }
  const turn = await deps.prisma.response.findUnique({
    where: { runId },
    select: { workspaceId: true, conversation: { select: { project: { select: { connectorIds: true } } } } },
  });
  const ids = turn?.conversation.project?.connectorIds ?? [];
  const [connection] = ids.includes(connectionId)
    ? await deps.prisma.connection.findMany({
        where: { id: connectionId, workspaceId: turn!.workspaceId, specId: 'postgres', credentials: { not: null } },
      })
    : [];
  if (!connection?.credentials) return failed(`${connectionId} is not a PostgreSQL connection of this project.`);
  const credentials = await openCredentials(deps.config, connection.id, connection.credentials);
  const client = await postgresClient(deps, credentials, 'host', 'sql-query').catch(() => undefined);
  if (!client) return failed('The connection host is not allowed by this server (CONNECTOR_ALLOWED_HOSTS).');
  const timeoutMs = deps.config.CONNECTOR_CHECK_TIMEOUT_SECONDS * 1000;
  try {
    await client.connect();
    await client.query('BEGIN TRANSACTION READ ONLY');
    await client.query(`SET LOCAL statement_timeout = ${timeoutMs * 3}`);
    // `queryMode` is pg's own option, missing from its type definitions.
    const query = { text: sql, rowMode: 'array', queryMode: 'extended' } as pg.QueryArrayConfig;
    const result = await client.query(query);
    const rows = (result.rows as unknown[][]).slice(0, MAX_ROWS);
    const answer = {
      columns: result.fields.map((f) => f.name),
      rows,
      row_count: result.rowCount ?? result.rows.length,
      truncated: result.rows.length > MAX_ROWS,
    };
    return { output: JSON.stringify(answer), isError: false };
  } catch (err) {
    // The database's own message helps the agent fix its SQL; it goes to the model, not to an API response.
    return failed(`The query failed: ${err instanceof Error ? err.message : String(err)}`);
  } finally {
    await client.query('ROLLBACK').catch(() => {});
    await client.end().catch(() => {});
  }
}
