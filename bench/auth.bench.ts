/**
 * Authenticated GET of one small object (a skill) through the full stack — API-key lookup, rate limit counted in
 * PostgreSQL, validation, Prisma read — against a bare Hono route in the same process, both under 50 concurrent
 * connections with autocannon. Prints requests/s, p50/p99 latency and the ratio.
 *   node bench/auth.bench.ts [seconds]
 */
import { serve } from '@hono/node-server';
import autocannon from 'autocannon';
import { Hono } from 'hono';
import { createUser, signIn } from '../src/auth/users.ts';
import { buildConfig } from '../src/config.ts';
import { createLogger } from '../src/logger.ts';
import { connectDeps, startApiServer } from '../src/runtime.ts';
import { benchServices } from './services.ts';

const seconds = Number(process.argv[2] ?? 10);
const services = await benchServices();
const config = buildConfig({
  DATABASE_URL: services.databaseUrl,
  TEMPORAL_ADDRESS: services.temporalAddress,
  SKILLPLANE_DATA_DIR: services.dataDir,
  LOG_LEVEL: 'silent',
  PORT: '0',
  RATE_LIMIT_DEFAULT_PER_MINUTE: '100000000',
  DATABASE_POOL_SIZE: process.env.DATABASE_POOL_SIZE ?? '10',
});
const deps = await connectDeps(config, {
  databaseUrl: services.databaseUrl,
  temporalAddress: services.temporalAddress,
  logger: createLogger('silent'),
});
const api = await startApiServer(deps);

await createUser(deps.prisma, { email: 'bench@example.com', password: 'benchmark password' });
const session = await signIn(deps.prisma, 'bench@example.com', 'benchmark password', 1);
const call = async (path: string, body: unknown) => {
  const res = await fetch(`${api.url}${path}`, {
    method: 'POST',
    headers: { Authorization: `Bearer ${session.token}`, 'Content-Type': 'application/json' },
    body: JSON.stringify(body),
  });
  return (await res.json()) as Record<string, string>;
};
const ws = await call('/api/v1/workspaces', { name: 'Bench' });
const key = await call('/api/v1/api-keys', { name: 'bench' });
const skill = await call('/api/v1/skills', { workspace_id: ws.id, name: 'bench-skill', description: 'A small object' });

const bare = new Hono();
const sample = { id: skill.id, name: 'bench-skill', description: 'A small object' };
bare.get('/bare', (c) => c.json(sample));
const bareServer = await new Promise<{ url: string; close(): void }>((resolve) => {
  const s = serve({ fetch: bare.fetch, port: 0, hostname: '127.0.0.1' }, (info) =>
    resolve({ url: `http://127.0.0.1:${info.port}`, close: () => s.close() }),
  );
});

async function load(title: string, url: string, headers: Record<string, string> = {}) {
  await autocannon({ url, connections: 10, duration: 2, headers }); // warm-up
  const r = await autocannon({ url, connections: 50, duration: seconds, headers });
  const line = {
    title,
    rps: Math.round(r.requests.average),
    p50: r.latency.p50,
    p99: r.latency.p99,
    non2xx: r.non2xx,
    errors: r.errors,
  };
  console.log(JSON.stringify(line));
  return line;
}

const b = await load('bare Hono route', `${bareServer.url}/bare`);
const a = await load('authenticated GET /api/v1/skills/{id}', `${api.url}/api/v1/skills/${skill.id}`, {
  Authorization: `Bearer ${key.key}`,
});
console.log(
  [
    '',
    `bare:          ${b.rps} req/s  p50 ${b.p50} ms  p99 ${b.p99} ms`,
    `authenticated: ${a.rps} req/s  p50 ${a.p50} ms  p99 ${a.p99} ms  (non-2xx ${a.non2xx})`,
    `ratio:         ${((a.rps / b.rps) * 100).toFixed(1)}% of the bare route's throughput (target ≥ 40%)`,
  ].join('\n'),
);
bareServer.close();
await api.close();
await deps.close();
await services.stop();
