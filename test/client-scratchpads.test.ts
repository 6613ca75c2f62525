/**
 * The client's `scratchpads` and `cells` namespaces against the real server, worker and sandbox: scratchpads and
 * cells written, moved and deleted; code cells run with their output streamed (`cells.run`), started and followed
 * (`cells.start` + `cells.events`), and cancelled. Through a proxy that cuts the stream or loses the run's answer,
 * the client resumes after the last event it saw (or replays the run's POST with its idempotency key) and yields
 * exactly the events of the one run. Another tenant's ids are a 404 ApiError, never a stream retried forever.
 */
import { execFile } from 'node:child_process';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type CellEvent, Skillplane } from '../clients/typescript/src/index.ts';
import { apiError, type ClientWorld, clientWorld } from './support/client.ts';
import { type FlakyProxy, startFlakyProxy } from './support/flaky-proxy.ts';
import { createTestApp, type TestApp } from './support/test-app.ts';

let t: TestApp;
let proxy: FlakyProxy;
let w: ClientWorld;
let conversationId: string;

beforeAll(async () => {
  t = await createTestApp({
    RATE_LIMIT_DEFAULT_PER_MINUTE: '100000',
    RATE_LIMIT_SKILL_RUNS_PER_MINUTE: '100000',
    SANDBOX_COMMAND_TIMEOUT_SECONDS: '30',
  });
  proxy = await startFlakyProxy(t.url);
  w = await clientWorld(t);
  conversationId = (await w.client.conversations.create()).id;
});
beforeEach(() => {
  proxy.seen = [];
  proxy.behave = () => ({ forward: true });
});
afterAll(async () => {
  await proxy?.close();
  await t?.close();
});

async function codeCell(content: string) {
  const pad = await w.client.scratchpads.create({ conversation_id: conversationId });
  const cell = await w.client.cells.create(pad.id, { type: 'code', language: 'python', content });
  return { sp: pad.id, cell: cell.id };
}

async function collect(events: AsyncIterable<CellEvent>) {
  const seen: CellEvent[] = [];
  for await (const event of events) seen.push(event);
  return seen;
}

const stdout = (events: CellEvent[]) =>
  events.map((e) => (e.event === 'output' && e.data.stream === 'stdout' ? e.data.data : '')).join('');

/** Ids in order, each once. */
function expectInOrder(events: CellEvent[]) {
  const ids = events.map((e) => Number(e.id));
  expect(ids).toEqual([...ids].sort((a, b) => a - b));
  expect(new Set(ids).size).toBe(ids.length);
}

describe('scratchpads and cells', () => {
  it('creates, lists across pages, reads, updates and deletes scratchpads and their cells', async () => {
    const pad = await w.client.scratchpads.create({
      conversation_id: conversationId,
      title: 'Draft',
      cells: [
        { type: 'markdown', content: 'Sum some numbers.' },
        { type: 'code', language: 'python', content: 'print(sum([1, 2]))' },
      ],
    });
    expect(pad.cells.map((c) => [c.index, c.type])).toEqual([
      [0, 'markdown'],
      [1, 'code'],
    ]);
    const other = await w.client.scratchpads.create({ conversation_id: conversationId, title: 'Other' });
    const ids: string[] = [];
    for await (const each of w.client.scratchpads.list({ conversation_id: conversationId, limit: 1 }))
      ids.push(each.id);
    expect(ids).toEqual(expect.arrayContaining([pad.id, other.id]));
    expect((await w.client.scratchpads.list({ conversation_id: conversationId, limit: 1 })).has_more).toBe(true);

    const updated = await w.client.scratchpads.update(pad.id, { title: 'Final', saved: true });
    expect(updated).toMatchObject({ title: 'Final', saved: true });
    const first = await w.client.cells.create(pad.id, { type: 'output', content: 'by hand', index: 0 });
    expect(first.index).toBe(0);
    const moved = await w.client.cells.update(pad.id, first.id, { index: 2, content: 'moved' });
    expect(moved).toMatchObject({ index: 2, content: 'moved' });
    expect((await w.client.scratchpads.get(pad.id)).cells.map((c) => c.id)).toEqual([
      pad.cells[0]!.id,
      pad.cells[1]!.id,
      first.id,
    ]);
    await w.client.cells.delete(pad.id, pad.cells[0]!.id);
    expect((await w.client.cells.get(pad.id, first.id)).index).toBe(1);
    expect((await apiError(w.client.cells.get(pad.id, pad.cells[0]!.id))).status).toBe(404);

    await w.client.scratchpads.delete(other.id);
    expect((await apiError(w.client.scratchpads.get(other.id))).status).toBe(404);
  });

  it('runs a code cell and streams its output, then the cell holds it', async () => {
    const { sp, cell } = await codeCell(
      'import sys, time\nprint("one", flush=True)\ntime.sleep(0.3)\nprint("oops", file=sys.stderr, flush=True)\n' +
        'open("/sandbox/outputs/sum.csv", "w").write("total\\n3\\n")\nprint("two")',
    );
    const events = await collect(w.client.cells.run(sp, cell));
    expectInOrder(events);
    expect(events.filter((e) => e.event === 'status').map((e) => e.data.status)).toEqual([
      'pending',
      'running',
      'success',
    ]);
    expect(stdout(events)).toBe('one\ntwo\n');
    expect(events.some((e) => e.event === 'output' && e.data.stream === 'stderr' && e.data.data === 'oops\n')).toBe(
      true,
    );
    expect(events.some((e) => e.event === 'output' && e.data.name === 'sum.csv' && e.data.data === 'total\n3\n')).toBe(
      true,
    );
    expect(events.at(-1)).toMatchObject({ event: 'end', data: { status: 'success', error: null } });
    const after = await w.client.cells.get(sp, cell);
    expect(after).toMatchObject({ status: 'success', execution_count: 1 });
    expect(after.outputs.map((o) => o.name ?? o.stream)).toEqual(
      expect.arrayContaining(['stdout', 'stderr', 'sum.csv']),
    );

    // The same events again from the cell's stream, and only those after a given one.
    const replay = await collect(w.client.cells.events(sp, cell));
    expect(replay).toEqual(events);
    const tail = await collect(w.client.cells.events(sp, cell, { lastEventId: events.at(-2)!.id }));
    expect(tail).toEqual([events.at(-1)]);
  });

  it('starts a run answered at once, follows it with events, and ends at once for a cell never run', async () => {
    const { sp, cell } = await codeCell('print(6 * 7)');
    const started = await w.client.cells.start(sp, cell);
    expect(started).toMatchObject({ id: cell, status: 'pending' });
    const events = await collect(w.client.cells.events(sp, cell));
    expect(stdout(events)).toBe('42\n');
    expect(events.at(-1)?.event).toBe('end');
    const never = await codeCell('print(1)');
    expect(await collect(w.client.cells.events(never.sp, never.cell))).toEqual([]);
  });

  it('cancels a running cell, and refuses to cancel or run what cannot be', async () => {
    const { sp, cell } = await codeCell('import time\nprint("started", flush=True)\ntime.sleep(30)');
    const events: CellEvent[] = [];
    for await (const event of w.client.cells.run(sp, cell)) {
      events.push(event);
      if (event.event === 'output') await w.client.cells.cancel(sp, cell);
    }
    expect(events.at(-1)).toMatchObject({ event: 'end', data: { status: 'error' } });
    expect((await w.client.cells.get(sp, cell)).error).toMatch(/cancel/i);
    expect(await apiError(w.client.cells.cancel(sp, cell))).toMatchObject({ status: 409, type: 'CONFLICT' });

    const pad = await w.client.scratchpads.create({ conversation_id: conversationId });
    const prose = await w.client.cells.create(pad.id, { type: 'markdown', content: 'not code' });
    const refused = await apiError(collect(w.client.cells.run(pad.id, prose.id)));
    expect(refused).toMatchObject({ status: 409, type: 'CONFLICT' });
  });

  it('promotes a scratchpad to an artifact, and again to a new version of the same artifact', async () => {
    const project = await w.client.projects.create({ workspace_id: w.workspaceId, name: 'Promoted' });
    const conversation = await w.client.conversations.create({ project_id: project.id });
    const pad = await w.client.scratchpads.create({
      conversation_id: conversation.id,
      title: 'Findings',
      cells: [{ type: 'markdown', content: '# Total <b>3</b>' }],
    });
    const first = await w.client.scratchpads.promote(pad.id);
    expect(first).toMatchObject({ project_id: project.id, version: 1 });
    expect(await w.client.scratchpads.get(pad.id)).toMatchObject({ saved: true, artifact_id: first.id });
    const second = await w.client.scratchpads.promote(pad.id, { title: 'Final findings' });
    expect(second).toMatchObject({ id: first.id, version: 2, title: 'Final findings' });
    // The conversation of `conversationId` has no project: the promotion must be told where to publish.
    const { sp } = await codeCell('print(1)');
    expect(await apiError(w.client.scratchpads.promote(sp))).toMatchObject({ status: 400 });
  });

  it("answers another tenant's scratchpad and cells as not found, streams included", async () => {
    const { sp, cell } = await codeCell('print("mine")');
    const other = await clientWorld(t);
    for (const call of [
      () => other.client.scratchpads.get(sp),
      () => other.client.scratchpads.update(sp, { title: 'stolen' }),
      () => other.client.scratchpads.delete(sp),
      () => other.client.scratchpads.list({ conversation_id: conversationId }).toArray(),
      () => other.client.cells.create(sp, { type: 'code', content: 'print(1)' }),
      () => other.client.cells.get(sp, cell),
      () => other.client.cells.start(sp, cell),
      () => collect(other.client.cells.run(sp, cell)),
      () => collect(other.client.cells.events(sp, cell)),
      () => other.client.cells.cancel(sp, cell),
      () => other.client.cells.delete(sp, cell),
      () => other.client.scratchpads.promote(sp),
    ]) {
      expect((await apiError(call())).status).toBe(404);
    }
    expect(await w.client.cells.get(sp, cell)).toMatchObject({ status: null, execution_count: 0 });
  });
});

describe('aborting', () => {
  it('stops a stream read long after the request, even once the request object is garbage-collected', async () => {
    const { sp, cell } = await codeCell('import time\nprint("started", flush=True)\ntime.sleep(30)');
    await w.client.cells.start(sp, cell);
    // Node's fetch follows a Request's signal only while the Request lives: a forced collection between the first
    // event and the abort is what a long-running program (the CLI following a run) meets by itself.
    const sdk = pathToFileURL(path.resolve(import.meta.dirname, '../clients/typescript/src/index.ts')).href;
    const script = `
      const { Skillplane } = await import(${JSON.stringify(sdk)});
      const client = new Skillplane({ baseUrl: ${JSON.stringify(t.url)}, sessionToken: ${JSON.stringify(w.user.session)} });
      const stop = new AbortController();
      const events = client.cells.events(${JSON.stringify(sp)}, ${JSON.stringify(cell)}, { signal: stop.signal });
      while ((await events.next()).value.event !== 'output');
      globalThis.gc();
      stop.abort();
      await events.next().then(() => console.log('not stopped'), (err) => console.log(err.name));`;
    const { stdout } = await promisify(execFile)(
      process.execPath,
      ['--expose-gc', '--input-type=module', '-e', script],
      { timeout: 15_000 },
    );
    expect(stdout.trim()).toBe('AbortError');
    expect((await w.client.cells.get(sp, cell)).status).toBe('running');
    await w.client.cells.cancel(sp, cell);
  });
});

describe('a run through a connection that fails', () => {
  let flaky: Skillplane;
  beforeAll(() => {
    flaky = new Skillplane({ baseUrl: proxy.url, sessionToken: w.user.session, workspaceId: w.workspaceId });
  });

  it('resumes a cut stream after the last event it saw, from the cell events, without a second run', async () => {
    const { sp, cell } = await codeCell(
      'import time\nfor i in range(3):\n    print(i, flush=True)\n    time.sleep(0.3)',
    );
    proxy.behave = (request) => (request.method === 'POST' ? { cutAfterEvents: 2 } : { forward: true });
    const events = await collect(flaky.cells.run(sp, cell));
    expectInOrder(events);
    expect(stdout(events)).toBe('0\n1\n2\n');
    expect(events.at(-1)?.event).toBe('end');
    const resumed = proxy.seen.find((s) => s.method === 'GET' && s.url.endsWith('/events'));
    expect(resumed?.headers['last-event-id']).toMatch(/^\d+$/);
    expect(proxy.seen.filter((s) => s.method === 'POST')).toHaveLength(1);
    expect(events).toEqual(await collect(w.client.cells.events(sp, cell)));
    expect((await w.client.cells.get(sp, cell)).execution_count).toBe(1);
  });

  it('replays the run after its answer was lost (same idempotency key) and follows the one run', async () => {
    const { sp, cell } = await codeCell('print("once")');
    proxy.behave = (_, n) => (n === 1 ? { drop: 'after' } : { forward: true });
    const events = await collect(flaky.cells.run(sp, cell));
    const posts = proxy.seen.filter((s) => s.method === 'POST');
    expect(posts).toHaveLength(2);
    expect(posts[1]!.headers['idempotency-key']).toBe(posts[0]!.headers['idempotency-key']);
    expect(stdout(events)).toBe('once\n');
    expect(events).toEqual(await collect(w.client.cells.events(sp, cell)));
    expect((await w.client.cells.get(sp, cell)).execution_count).toBe(1);
  });
});
