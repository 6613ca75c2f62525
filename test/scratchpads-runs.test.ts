/**
 * Running code cells through HTTP against the real sandbox and Temporal: outputs streamed as server-sent events and
 * resumable with Last-Event-ID, files as outputs (a PNG chart), a working directory shared by a scratchpad's runs
 * and no other's, timeouts, cancellation, one run of a cell at a time, and code that tries to escape or flood.
 */
import { existsSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CellEventSchema } from '../generated/routes.ts';
import { createWorkspace, signedInUser, type TestUser } from './support/identity.ts';
import { parseSse, scratchpadClient } from './support/scratchpads.ts';
import { createTestApp, type TestApp } from './support/test-app.ts';

let t: TestApp;
let owner: TestUser;
let ws: string;
let conv: string;
let api: ReturnType<typeof scratchpadClient>;

beforeAll(async () => {
  t = await createTestApp({
    RATE_LIMIT_DEFAULT_PER_MINUTE: '100000',
    RATE_LIMIT_SKILL_RUNS_PER_MINUTE: '100000',
    SANDBOX_COMMAND_TIMEOUT_SECONDS: '30',
  });
  owner = await signedInUser(t);
  ws = await createWorkspace(t, owner);
  api = scratchpadClient(t, owner);
  conv = (await api.ok('POST', '/api/v1/conversations', { workspace_id: ws }, 201)).id;
});
afterAll(() => t?.close());

/** A scratchpad with one code cell; returns both ids. */
async function codeCell(content: string, extra: object = {}, sp?: string) {
  const pad = sp ?? (await api.ok('POST', '/api/v1/scratchpads', { conversation_id: conv }, 201)).id;
  const cell = await api.ok('POST', `/api/v1/scratchpads/${pad}/cells`, { type: 'code', content, ...extra }, 201);
  return { sp: pad, cell: cell.id as string };
}

/** Every event as the document describes it (`CellEvent`). */
function expectDocumented(events: ReturnType<typeof parseSse>) {
  for (const event of events) {
    const parsed = CellEventSchema.safeParse(event);
    expect(parsed.success, `${JSON.stringify(event).slice(0, 300)}: ${JSON.stringify(parsed.error?.issues)}`).toBe(
      true,
    );
  }
}

async function runToEnd(sp: string, cell: string) {
  expect((await api.start(sp, cell)).status).toBe(202);
  return api.settle(sp, cell);
}

// A 2×1 PNG, written without any library.
const PNG_SCRIPT = String.raw`
import struct, zlib
def chunk(kind, data):
    return struct.pack('>I', len(data)) + kind + data + struct.pack('>I', zlib.crc32(kind + data) & 0xffffffff)
raw = b'\x00\xff\x00\x00\x00\x00\xff'
png = b'\x89PNG\r\n\x1a\n' + chunk(b'IHDR', struct.pack('>IIBBBBB', 2, 1, 8, 2, 0, 0, 0)) + chunk(b'IDAT', zlib.compress(raw)) + chunk(b'IEND', b'')
open('/sandbox/outputs/chart.png', 'wb').write(png)
print('chart written')
`;

describe('a code cell run', () => {
  it('streams its output as server-sent events, ends success, and resumes after Last-Event-ID', async () => {
    const { sp, cell } = await codeCell(
      'import sys, time\nprint("one", flush=True)\ntime.sleep(0.5)\nprint("oops", file=sys.stderr, flush=True)\nprint("two")',
    );
    const res = await api.send('POST', `${api.cellPath(sp, cell)}/run`);
    expect(res.status).toBe(200);
    const events = parseSse(res.body);
    expectDocumented(events);
    expect(events.filter((e) => e.event === 'status').map((e) => e.data.status)).toEqual([
      'pending',
      'running',
      'success',
    ]);
    expect(events.at(-1)).toMatchObject({ event: 'end', data: { status: 'success', error: null } });
    const printed = (stream: string) =>
      events
        .filter((e) => e.event === 'output' && e.data.stream === stream)
        .map((e) => e.data.data)
        .join('');
    expect(printed('stdout')).toBe('one\ntwo\n');
    expect(printed('stderr')).toBe('oops\n');
    const ids = events.map((e) => Number(e.id));
    expect(ids).toEqual([...ids].sort((a, b) => a - b));

    const done = await api.ok('GET', api.cellPath(sp, cell));
    expect(done).toMatchObject({ status: 'success', error: null, execution_count: 1 });
    expect(done.outputs).toEqual([
      { mime_type: 'text/plain', stream: 'stdout', data: 'one\ntwo\n' },
      { mime_type: 'text/plain', stream: 'stderr', data: 'oops\n' },
    ]);
    expect(Date.parse(done.finished_at)).toBeGreaterThanOrEqual(Date.parse(done.started_at));

    const resumed = await api.send('GET', `${api.cellPath(sp, cell)}/events`, undefined, {
      'Last-Event-ID': events[1]!.id,
    });
    expect(parseSse(resumed.body)).toEqual(events.slice(2));
    const replay = await api.send('GET', `${api.cellPath(sp, cell)}/events`);
    expect(parseSse(replay.body)).toEqual(events);
  });

  it('turns a PNG the code writes into an image/png output, and reports files it will not show', async () => {
    const { sp, cell } = await codeCell(
      `${PNG_SCRIPT}\nopen('/sandbox/outputs/big.png', 'wb').write(b'x' * (2 * 1024 * 1024))\nopen('/sandbox/outputs/data.bin', 'wb').write(b'1')`,
    );
    const done = await runToEnd(sp, cell);
    expect(done.status, done.error).toBe('success');
    const image = done.outputs.find((o: { mime_type: string }) => o.mime_type === 'image/png');
    expect(image.name).toBe('chart.png');
    const bytes = Buffer.from(image.data.replace(/^data:image\/png;base64,/, ''), 'base64');
    expect(bytes.subarray(0, 8)).toEqual(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
    const note = done.outputs.at(-1);
    expect(note.data).toContain('big.png: larger than 1 MiB');
    expect(note.data).toContain('data.bin: not an image');
    const events = parseSse((await api.send('GET', `${api.cellPath(sp, cell)}/events`)).body);
    expect(
      events.some((e) => e.event === 'output' && e.data.mime_type === 'image/png' && e.data.data === image.data),
    ).toBe(true);
  });

  it('shares the working directory between the runs of one scratchpad, not with another scratchpad', async () => {
    const first = await codeCell('echo secret-of-a > notes.txt; pwd', { language: 'shell' });
    expect((await runToEnd(first.sp, first.cell)).outputs[0].data).toBe('/sandbox\n');
    const next = await codeCell('print(open("notes.txt").read().strip())', {}, first.sp);
    expect((await runToEnd(first.sp, next.cell)).outputs[0].data).toBe('secret-of-a\n');

    const hostPath = `${t.config.SKILLPLANE_DATA_DIR}/scratchpads/runs/${first.sp}/work/notes.txt`;
    const other = await codeCell(
      `cat notes.txt; cat ${hostPath}; ls /sandbox/../; cat /sandbox/context/*.py 2>&1 | head -c 100; echo end`,
      { language: 'shell' },
    );
    const done = await runToEnd(other.sp, other.cell);
    const all = done.outputs.map((o: { data: string }) => o.data).join('');
    expect(all).not.toContain('secret-of-a');
    expect(all).toContain('end');
  });

  it('has no network, bounds fork bombs and floods, and stays in its limits', async () => {
    const net = await codeCell(
      `import socket\ntry:\n    socket.create_connection(('127.0.0.1', ${new URL(t.url).port}), timeout=2)\n    print('connected')\nexcept OSError as e:\n    print('refused', type(e).__name__)`,
    );
    const netDone = await runToEnd(net.sp, net.cell);
    expect(netDone.outputs[0].data).toMatch(/^refused/);

    // Forks until refused (every child lives on in `sleep`): the process limit stops it well short of 500.
    const bomb = await codeCell(
      [
        'import os',
        'n = 0',
        'for i in range(500):',
        '    try:',
        '        pid = os.fork()',
        '    except OSError:',
        '        break',
        '    if pid == 0:',
        '        os.execv("/bin/sleep", ["sleep", "60"])',
        '    n += 1',
        'print("forked", n)',
      ].join('\n'),
    );
    const bombDone = await runToEnd(bomb.sp, bomb.cell);
    expect(bombDone.status, bombDone.error).toBe('success');
    const forked = Number(/^forked (\d+)\n$/.exec(bombDone.outputs[0].data)?.[1]);
    expect(forked).toBeGreaterThan(0);
    expect(forked).toBeLessThan(500);
    // Its children died with the run's PID namespace: the next run of the scratchpad can start processes.
    const after = await codeCell('echo next', { language: 'shell' }, bomb.sp);
    expect((await runToEnd(after.sp, after.cell)).outputs[0].data).toBe('next\n');

    const flood = await codeCell('import sys\nfor i in range(200000):\n    sys.stdout.write("x" * 99 + "\\n")');
    const floodDone = await runToEnd(flood.sp, flood.cell);
    expect(floodDone.status).toBe('success');
    const kept = floodDone.outputs[0].data as string;
    expect(Buffer.byteLength(kept)).toBeLessThan(66 * 1024);
    expect(kept).toContain('[output past 64 KiB is not kept]');
    const rows = await t.deps.prisma.scratchpadCellEvent.findMany({ where: { cellId: flood.cell } });
    const streamed = rows.reduce((n, r) => n + JSON.stringify(r.data).length, 0);
    expect(streamed).toBeLessThan(300 * 1024);

    const failing = await codeCell('exit 3', { language: 'shell' });
    expect(await runToEnd(failing.sp, failing.cell)).toMatchObject({ status: 'error', error: 'Exited with code 3' });
  }, 120_000);

  it('times out, and can be cancelled while it runs', async () => {
    const slow = await codeCell('sleep 30', { language: 'shell', timeout_seconds: 2 });
    expect(await runToEnd(slow.sp, slow.cell)).toMatchObject({ status: 'error', error: 'Timed out after 2 s' });

    const long = await codeCell('echo started; sleep 30; echo finished', { language: 'shell' });
    expect((await api.start(long.sp, long.cell)).status).toBe(202);
    for (;;) {
      const now = await api.ok('GET', api.cellPath(long.sp, long.cell));
      if (now.status === 'running') break;
      await new Promise((r) => setTimeout(r, 100));
    }
    expect((await api.send('POST', `${api.cellPath(long.sp, long.cell)}/cancel`)).status).toBe(202);
    const cancelled = await api.settle(long.sp, long.cell);
    expect(cancelled).toMatchObject({ status: 'error', error: 'Cancelled' });
    // Killed mid-sleep, not left to finish: nothing after the sleep was printed.
    expect(JSON.stringify(cancelled.outputs)).not.toContain('finished');
    expect((await api.send('POST', `${api.cellPath(long.sp, long.cell)}/cancel`)).status).toBe(409);
  });

  it('runs once at a time: of concurrent requests one starts it, the others get 409', async () => {
    const { sp, cell } = await codeCell('sleep 1; echo once', { language: 'shell' });
    const answers = await Promise.all(Array.from({ length: 4 }, () => api.start(sp, cell)));
    expect(answers.map((a) => a.status).sort()).toEqual([202, 409, 409, 409]);
    const done = await api.settle(sp, cell);
    expect(done).toMatchObject({ status: 'success', execution_count: 1 });
    // Finished: it runs again, from a clean slate of outputs.
    expect((await runToEnd(sp, cell)).execution_count).toBe(2);

    // A retried request with the same Idempotency-Key gets the cell as its run started, and runs nothing again.
    const key = { 'Idempotency-Key': `run-${cell}` };
    const streamed = await api.send('POST', `${api.cellPath(sp, cell)}/run`, undefined, key);
    expect(streamed.status).toBe(200);
    expect(parseSse(streamed.body).at(-1)?.event).toBe('end');
    const replayed = await api.send('POST', `${api.cellPath(sp, cell)}/run`, undefined, key);
    expect(replayed.status).toBe(202);
    expect(replayed.body).toMatchObject({ status: 'pending', execution_count: 3 });
    expect((await api.ok('GET', api.cellPath(sp, cell))).execution_count).toBe(3);

    const md = await api.ok('POST', `/api/v1/scratchpads/${sp}/cells`, { type: 'markdown', content: '# x' }, 201);
    expect((await api.start(sp, md.id)).status).toBe(409);
  });

  it('runs the code it started with when edited meanwhile, and a deleted running cell stops', async () => {
    const { sp, cell } = await codeCell('sleep 1; echo before', { language: 'shell' });
    expect((await api.start(sp, cell)).status).toBe(202);
    await api.ok('PATCH', api.cellPath(sp, cell), { content: 'echo after' });
    const done = await api.settle(sp, cell);
    expect(done.outputs[0].data).toBe('before\n');
    expect(done.content).toBe('echo after');

    const gone = await codeCell('sleep 30', { language: 'shell' });
    expect((await api.start(gone.sp, gone.cell)).status).toBe(202);
    const row = await t.deps.prisma.scratchpadCell.findUniqueOrThrow({ where: { id: gone.cell } });
    expect((await api.send('DELETE', `/api/v1/scratchpads/${gone.sp}`)).status).toBe(204);
    expect((await api.send('GET', api.cellPath(gone.sp, gone.cell))).status).toBe(404);
    // Its workflow was cancelled and ended well before the 30 s sleep.
    const handle = t.deps.temporal.workflow.getHandle(row.runWorkflowId!);
    expect(['error', 'not_started']).toContain(await handle.result());

    // Deleted with its conversation (no cancel request): the run notices, and its code is killed before it ends.
    const c = (await api.ok('POST', '/api/v1/conversations', { workspace_id: ws }, 201)).id;
    const pad = (await api.ok('POST', '/api/v1/scratchpads', { conversation_id: c }, 201)).id;
    const orphan = await codeCell('echo started; sleep 20; echo finished > marker.txt', { language: 'shell' }, pad);
    expect((await api.start(orphan.sp, orphan.cell)).status).toBe(202);
    await expect
      .poll(async () => (await api.ok('GET', api.cellPath(orphan.sp, orphan.cell))).status, { timeout: 20_000 })
      .toBe('running');
    const running = await t.deps.prisma.scratchpadCell.findUniqueOrThrow({ where: { id: orphan.cell } });
    expect((await api.send('DELETE', `/api/v1/conversations/${c}`)).status).toBe(204);
    expect(await t.deps.temporal.workflow.getHandle(running.runWorkflowId!).result()).toBe('error');
    const marker = `${t.config.SKILLPLANE_DATA_DIR}/scratchpads/runs/${orphan.sp}/work/marker.txt`;
    expect(existsSync(marker)).toBe(false);
  });
});
