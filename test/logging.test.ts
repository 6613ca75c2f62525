/**
 * Logs are JSON lines through pino: the API's and the worker's, Temporal's own (SDK and Rust core) included, with
 * request ids on request lines and secrets redacted.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createUser } from '../src/auth/users.ts';
import { createLogger } from '../src/logger.ts';
import { auth, jsonBody } from './support/identity.ts';
import { type Spawned, spawnEntry } from './support/processes.ts';
import { createTestApp, type TestApp } from './support/test-app.ts';

let t: TestApp;
let api: Spawned;
let worker: Spawned;
let url: string;

beforeAll(async () => {
  t = await createTestApp({}, { worker: false });
  const env = {
    DATABASE_URL: t.databaseUrl,
    TEMPORAL_ADDRESS: t.config.TEMPORAL_ADDRESS ?? '',
    TEMPORAL_TASK_QUEUE: t.config.TEMPORAL_TASK_QUEUE,
    SKILLPLANE_DATA_DIR: t.config.SKILLPLANE_DATA_DIR,
  };
  api = spawnEntry('src/server.ts', { ...env, PORT: '0', LOG_LEVEL: 'info', HEALTH_CHECK_WORKER: 'false' });
  worker = spawnEntry('workflows/main.ts', { ...env, LOG_LEVEL: 'debug' });
  await Promise.all([api.waitFor(/"msg":"api listening"/), worker.waitFor(/"msg":"worker polling"/)]);
  url = /"url":"(http:\/\/[^"]+)"/.exec(api.output())![1]!;
});
afterAll(async () => {
  await Promise.all([api?.kill('SIGTERM'), worker?.kill('SIGTERM')]);
  await t?.close();
});

// biome-ignore lint/suspicious/noExplicitAny: log lines are arbitrary JSON.
const lines = (output: string): any[] =>
  output
    .split('\n')
    .filter((l) => l.trim())
    .map((l) => {
      try {
        return JSON.parse(l);
      } catch {
        throw new Error(`not a JSON line: ${l}`);
      }
    });

it('writes only JSON lines, with the request id on request lines and no secret anywhere', async () => {
  const password = 'a very secret password 42';
  await createUser(t.deps.prisma, { email: 'logs@example.com', password });
  const signIn = await fetch(`${url}/api/v1/auth/sessions`, jsonBody({ email: 'logs@example.com', password }));
  expect(signIn.status).toBe(201);
  const { token } = (await signIn.json()) as { token: string };
  const me = await fetch(`${url}/api/v1/me`, { headers: { ...auth(token), Cookie: 'sid=cookie-secret' } });
  expect(me.status).toBe(200);
  const requestId = me.headers.get('x-request-id');
  const bad = await fetch(`${url}/api/v1/me`, { headers: { 'X-API-Key': 'spk_live_not-a-real-key-but-secret' } });
  expect(bad.status).toBe(401);
  await api.waitFor(new RegExp(`"request_id":"${bad.headers.get('x-request-id')}"`));

  const out = lines(api.output());
  const request = out.find((l) => l.msg === 'request' && l.request_id === requestId);
  expect(request).toMatchObject({ level: 'info', method: 'GET', path: '/api/v1/me', status: 200 });
  expect(typeof request.time).toBe('string');
  for (const secret of [password, token, 'cookie-secret', 'not-a-real-key-but-secret']) {
    expect(api.output()).not.toContain(secret);
  }
});

it("routes Temporal's worker and core logs into the same JSON lines", async () => {
  await worker.waitFor(/"component":"temporal"/);
  const out = lines(worker.output());
  const temporal = out.filter((l) => l.component === 'temporal');
  expect(temporal.length).toBeGreaterThan(0);
  // Forwarded from the Rust core (its lines carry the core's own target), not written to stderr as text.
  expect(temporal.some((l) => l.sdkComponent === 'core')).toBe(true);
  const polling = out.find((l) => l.msg === 'worker polling');
  expect(polling.identity).toMatch(/^skillplane-worker@.+:\d+:[0-9a-f]{8}$/);
});

it('redacts secrets by field name and adds child bindings', () => {
  const written: string[] = [];
  const logger = createLogger('debug', { service: 'test' }, (line) => written.push(line));
  const child = logger.child({ request_id: 'req_1' }).child({ run_id: 'run_1' });
  child.info('hello', {
    password: 'p1',
    token: 't1',
    headers: { authorization: 'Bearer s1', cookie: 'c1', 'x-api-key': 'k1', accept: 'text/plain' },
    body: { secret: 's2', key: 'k2', name: 'kept' },
    req: { headers: { authorization: 'Bearer s3' } },
  });
  logger.debug('plain');
  createLogger('warn', {}, (line) => written.push(line)).info('dropped below the level');
  expect(written).toHaveLength(2);
  const line = JSON.parse(written[0]!);
  expect(line).toMatchObject({
    level: 'info',
    msg: 'hello',
    service: 'test',
    request_id: 'req_1',
    run_id: 'run_1',
    password: '[redacted]',
    token: '[redacted]',
    headers: { authorization: '[redacted]', cookie: '[redacted]', 'x-api-key': '[redacted]', accept: 'text/plain' },
    body: { secret: '[redacted]', key: '[redacted]', name: 'kept' },
    req: { headers: { authorization: '[redacted]' } },
  });
  for (const secret of ['p1', 't1', 's1', 'c1', 'k1', 's2', 'k2', 's3']) expect(written[0]).not.toContain(`"${secret}`);
});

it('redacts inside arrays and child bindings, leaving the logged objects as they were', () => {
  const written: string[] = [];
  const logger = createLogger('info', {}, (line) => written.push(line));
  const fields = { items: [{ token: 't1', name: 'kept' }], headers: { accept: 'text/plain' } };
  logger.child({ api_key: 'k1', request_id: 'req_2' }).info('listed', fields);
  const line = JSON.parse(written[0]!);
  expect(line).toMatchObject({
    api_key: '[redacted]',
    request_id: 'req_2',
    items: [{ token: '[redacted]', name: 'kept' }],
    headers: { accept: 'text/plain' },
  });
  expect(written[0]).not.toContain('"t1"');
  expect(written[0]).not.toContain('"k1"');
  expect(fields.items[0]!.token).toBe('t1');
});
