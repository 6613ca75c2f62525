/**
 * The baseline of bench/auth.bench.ts, run as its own process: a bare Hono route on @hono/node-server doing one raw
 * `pg` query by primary key (the skill joined with its latest version) from a pool of the API's size, no auth, no
 * validation, no logging. Prints its URL on stdout once listening.
 *   DATABASE_URL=… DATABASE_POOL_SIZE=10 node bench/bare-skill-route.ts
 */
import { serve } from '@hono/node-server';
import { Hono } from 'hono';
import pg from 'pg';

const pool = new pg.Pool({
  connectionString: process.env.DATABASE_URL,
  max: Number(process.env.DATABASE_POOL_SIZE ?? 10),
});
const app = new Hono();
app.get('/skills/:id', async (c) => {
  const { rows } = await pool.query(
    `SELECT s.id, s.workspace_id, v.name, v.description, v.instructions, v.tools, s.is_global, s.latest_version,
            s.published_version, s.created_at, s.updated_at
       FROM skills s JOIN skill_versions v ON v.skill_id = s.id AND v.version = s.latest_version
      WHERE s.id = $1`,
    [c.req.param('id')],
  );
  return rows[0] ? c.json(rows[0]) : c.json({ error: 'not found' }, 404);
});
serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }, (info) => {
  process.stdout.write(`http://127.0.0.1:${info.port}\n`);
});
process.on('SIGTERM', () => {
  void pool.end().finally(() => process.exit(0));
});
