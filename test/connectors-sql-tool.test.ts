/**
 * The agent uses a connection: in a conversation of a project that names a PostgreSQL connection, a turn gets the
 * `sql_query` tool and the connection in its system prompt, and its calls run against the embedded PostgreSQL for
 * real — read-only, one statement, only connections of that project.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import pg from 'pg';
import { afterAll, beforeAll, expect, inject, it } from 'vitest';
import type { FakeLlm } from './support/fake-llm.ts';
import { auth, createWorkspace, jsonBody, signedInUser, type TestUser } from './support/identity.ts';
import { json, type TestApp } from './support/test-app.ts';
import { createTestAppWithModel } from './support/test-app-with-model.ts';

let t: TestApp;
let llm: FakeLlm;
let owner: TestUser;
let ws: string;
let credentials: Record<string, string | number>;

beforeAll(async () => {
  ({ t, llm } = await createTestAppWithModel({
    OPENAI_API_KEY: 'k',
    RATE_LIMIT_DEFAULT_PER_MINUTE: '100000',
    CONNECTOR_ALLOWED_HOSTS: '127.0.0.1',
  }));
  owner = await signedInUser(t);
  ws = await createWorkspace(t, owner);
  const admin = new URL(inject('services').adminUrl);
  const user = `agent_${randomBytes(4).toString('hex')}`;
  const password = randomBytes(12).toString('hex');
  const client = new pg.Client({ connectionString: t.databaseUrl });
  await client.connect();
  await client.query(`CREATE ROLE ${user} LOGIN PASSWORD '${password}'`);
  await client.query('CREATE TABLE sales (region text, amount int)');
  await client.query(`INSERT INTO sales VALUES ('north', 40), ('south', 2)`);
  await client.query(`GRANT SELECT, INSERT ON sales TO ${user}`);
  await client.end();
  const database = new URL(t.databaseUrl).pathname.slice(1);
  credentials = { host: '127.0.0.1', port: Number(admin.port), database, user, password, ssl_mode: 'disable' };
});
afterAll(async () => {
  await t?.close();
});

const post = async (path: string, body: object) => {
  const res = await t.fetch(path, jsonBody({ workspace_id: ws, ...body }, auth(owner.session)));
  expect(res.status).toBeLessThan(300);
  return json(res);
};

const toolResults = (request: { messages: Array<{ role: string; content: unknown }> } | undefined) =>
  (request?.messages ?? []).filter((m) => m.role === 'tool').map((m) => String(m.content));

it("runs read-only SQL on the project's PostgreSQL connection, and nothing else", async () => {
  const db = await post('/api/v1/connectors/connections', { spec_id: 'postgres', name: 'sales-db', credentials });
  expect(db.status).toBe('connected');
  const elsewhere = await post('/api/v1/connectors/connections', { spec_id: 'postgres', name: 'other', credentials });
  const project = await post('/api/v1/projects', { name: 'Sales', connector_ids: [db.id] });
  const conversation = await post('/api/v1/conversations', { title: 'q', project_id: project.id });

  const marker = `sql-${randomUUID()}`;
  const call = (sql: string, connection_id = db.id) => ({
    toolCalls: [{ name: 'sql_query', arguments: { connection_id, sql } }],
  });
  const script = llm.script(marker, [
    call('select sum(amount) as total from sales'),
    call("insert into sales values ('east', 1)"),
    call("select 1; insert into sales values ('west', 1)"),
    call('select 1', elsewhere.id),
    { text: 'Total sales: 42.' },
  ]);
  const res = await t.fetch(
    '/api/v1/responses',
    jsonBody({ conversation_id: conversation.id, input: marker, stream: false }, auth(owner.session)),
  );
  expect(res.status).toBe(200);
  expect((await json(res)).output_text).toBe('Total sales: 42.');

  const first = script.requests[0]!;
  expect(String(first.messages.find((m) => m.role === 'system')?.content)).toContain(`${db.id} (sales-db)`);
  expect(JSON.stringify(first.tools)).toContain('sql_query');
  const results = toolResults(script.requests.at(-1));
  expect(JSON.parse(results[0]!)).toEqual({ columns: ['total'], rows: [['42']], row_count: 1, truncated: false });
  expect(results[1]).toMatch(/read-only transaction/);
  expect(results[2]).toMatch(/multiple commands/);
  expect(results[3]).toMatch(/not a PostgreSQL connection of this project/);
  const count = await t.deps.prisma.$queryRawUnsafe<Array<{ n: bigint }>>('select count(*) as n from sales');
  expect(Number(count[0]!.n)).toBe(2);
  for (const r of results) expect(r).not.toContain(String(credentials.password));
});

it('offers no sql_query tool without PostgreSQL connections in the project', async () => {
  const project = await post('/api/v1/projects', { name: 'Empty' });
  const conversation = await post('/api/v1/conversations', { title: 'q', project_id: project.id });
  const marker = `nosql-${randomUUID()}`;
  const script = llm.script(marker, [{ text: 'ok' }]);
  const res = await t.fetch(
    '/api/v1/responses',
    jsonBody({ conversation_id: conversation.id, input: marker, stream: false }, auth(owner.session)),
  );
  expect(res.status).toBe(200);
  expect(JSON.stringify(script.requests[0]!.tools ?? [])).not.toContain('sql_query');
});
