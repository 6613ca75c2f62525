/**
 * A worker killed (SIGKILL) while a cell's code runs: the run is not lost and the cell does not stay `running`.
 * Its execution is retried once on another worker (the code runs again from the start, which the cell's events say);
 * a second loss ends the cell `error`. The agent's `write_scratchpad_cell` tool, interrupted after it wrote and ran
 * its cell, neither writes nor runs it again.
 */
import { randomUUID } from 'node:crypto';
import { once } from 'node:events';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { type FakeLlm, startFakeLlm } from './support/fake-llm.ts';
import { createWorkspace, signedInUser } from './support/identity.ts';
import { spawnEntry } from './support/processes.ts';
import { parseSse, scratchpadClient } from './support/scratchpads.ts';
import { createTestApp, type TestApp } from './support/test-app.ts';
import { workerProcessEnv } from './support/test-app-with-model.ts';

let t: TestApp;
let llm: FakeLlm;
let api: ReturnType<typeof scratchpadClient>;
let conv: string;
let ws: string;

beforeAll(async () => {
  llm = await startFakeLlm();
  t = await createTestApp(
    { RATE_LIMIT_DEFAULT_PER_MINUTE: '100000', OPENAI_BASE_URL: llm.baseUrl, OPENAI_API_KEY: 'k' },
    { worker: false },
  );
  const owner = await signedInUser(t);
  ws = await createWorkspace(t, owner);
  api = scratchpadClient(t, owner);
  conv = (await api.ok('POST', '/api/v1/conversations', { workspace_id: ws }, 201)).id;
});
afterAll(async () => {
  await t?.close();
  await llm?.close();
});

const workerEnv = (extra: Record<string, string> = {}) => workerProcessEnv(t, llm, extra);

async function slowCell() {
  const sp = (await api.ok('POST', '/api/v1/scratchpads', { conversation_id: conv }, 201)).id as string;
  const code = 'echo attempt >> attempts.txt; echo started; sleep 4; echo finished';
  const cell = (
    await api.ok('POST', `/api/v1/scratchpads/${sp}/cells`, { type: 'code', language: 'shell', content: code }, 201)
  ).id as string;
  return { sp, cell };
}

/** The cell's events so far (its stream ends at once only when the run is over, so they are read from the table). */
const printed = async (cell: string) =>
  (
    await t.deps.prisma.scratchpadCellEvent.findMany({
      where: { cellId: cell, type: 'output' },
      orderBy: { id: 'asc' },
    })
  )
    .map((e) => (e.data as { data: string }).data)
    .join('');

it('finishes a cell whose worker is killed mid-run on the next worker, and says it ran the code again', async () => {
  const { sp, cell } = await slowCell();
  const first = spawnEntry('workflows/main.ts', workerEnv());
  await first.waitFor(/worker polling/);
  expect((await api.start(sp, cell)).status).toBe(202);
  await expect.poll(() => printed(cell), { timeout: 30_000 }).toBe('started\n');
  await first.kill('SIGKILL');
  expect((await api.ok('GET', api.cellPath(sp, cell))).status).toBe('running');

  const second = spawnEntry('workflows/main.ts', workerEnv());
  try {
    await second.waitFor(/worker polling/);
    const done = await api.settle(sp, cell, 60_000);
    expect(done).toMatchObject({ status: 'success', error: null, execution_count: 1 });
    expect(done.outputs).toEqual([{ mime_type: 'text/plain', stream: 'stdout', data: 'started\nfinished\n' }]);
    const events = parseSse((await api.send('GET', `${api.cellPath(sp, cell)}/events`)).body);
    expect(events.filter((e) => e.event === 'status').map((e) => e.data)).toEqual([
      { status: 'pending' },
      { status: 'running' },
      { status: 'running', restarted: true },
      { status: 'success' },
    ]);
    const attempts = await api.ok(
      'POST',
      `/api/v1/scratchpads/${sp}/cells`,
      { type: 'code', language: 'shell', content: 'cat attempts.txt' },
      201,
    );
    expect((await api.start(sp, attempts.id)).status).toBe(202);
    expect((await api.settle(sp, attempts.id)).outputs[0].data).toBe('attempt\nattempt\n');
  } finally {
    await second.kill('SIGTERM');
  }
});

it('ends the cell `error` when the worker running it dies a second time', async () => {
  const { sp, cell } = await slowCell();
  const first = spawnEntry('workflows/main.ts', workerEnv());
  await first.waitFor(/worker polling/);
  expect((await api.start(sp, cell)).status).toBe(202);
  await expect.poll(() => printed(cell), { timeout: 30_000 }).toBe('started\n');
  await first.kill('SIGKILL');

  const second = spawnEntry('workflows/main.ts', workerEnv());
  await second.waitFor(/worker polling/);
  await expect.poll(() => printed(cell), { timeout: 30_000 }).toBe('started\nstarted\n');
  await second.kill('SIGKILL');

  const third = spawnEntry('workflows/main.ts', workerEnv());
  try {
    await third.waitFor(/worker polling/);
    const done = await api.settle(sp, cell, 60_000);
    expect(done).toMatchObject({ status: 'error', error: 'The worker running the cell stopped, twice; run it again' });
  } finally {
    await third.kill('SIGTERM');
  }
});

it("neither writes nor runs the agent's cell again when the worker dies after its tool ran it", async () => {
  const m = `agent-crash-${randomUUID()}`;
  const code = 'echo ran >> effects.txt; cat effects.txt';
  llm.script(m, [
    {
      toolCalls: [
        { name: 'write_scratchpad_cell', arguments: { type: 'code', language: 'shell', content: code, run: true } },
      ],
    },
    { text: 'Done.' },
  ]);
  const crashing = spawnEntry('workflows/main.ts', workerEnv({ SKILLPLANE_TEST_CRASH_AT: 'scratchpad-tool-done' }));
  await crashing.waitFor(/worker polling/);
  const exited = once(crashing.child, 'exit');
  // A conversation of its own: the tool writes into a conversation's most recent scratchpad.
  const fresh = (await api.ok('POST', '/api/v1/conversations', { workspace_id: ws }, 201)).id;
  const turn = await api.send('POST', '/api/v1/responses', {
    conversation_id: fresh,
    input: m,
    stream: false,
    background: true,
  });
  expect(turn.status, JSON.stringify(turn.body)).toBeLessThan(300);
  const [exitCode] = await exited;
  expect(exitCode).toBe(86);

  const replacement = spawnEntry('workflows/main.ts', workerEnv());
  try {
    await replacement.waitFor(/worker polling/);
    await expect
      .poll(async () => (await api.ok('GET', `/api/v1/responses/${turn.body.id}`)).status, { timeout: 60_000 })
      .toBe('completed');
    const pads = await api.ok('GET', `/api/v1/scratchpads?conversation_id=${fresh}`);
    expect(pads.data.map((p: { title: string }) => p.title)).toEqual(['Agent scratchpad']);
    const sp = await api.ok('GET', `/api/v1/scratchpads/${pads.data[0].id}`);
    expect(sp.cells).toHaveLength(1);
    expect(sp.cells[0]).toMatchObject({ status: 'success', execution_count: 1 });
    expect(sp.cells[0].outputs).toEqual([{ mime_type: 'text/plain', stream: 'stdout', data: 'ran\n' }]);
  } finally {
    await replacement.kill('SIGTERM');
  }
}, 120_000);
