/**
 * How a model's text gets into a response's stream: the coalescing writer (every piece once, in order), the
 * one-statement append at the stream's tail and its fallback when another writer moved the tail (sequence numbers
 * stay gapless and the output read stays the fold of the events), and a live stream read through the API being
 * the same as its replay.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newId } from '../src/lib/ids.ts';
import { coalescer } from '../src/responses/coalescer.ts';
import { emitEvents } from '../src/responses/events.ts';
import { foldEvent, type OutputItem, type StreamEvent } from '../src/responses/output.ts';
import { readResponse } from '../src/responses/responses.service.ts';
import { liveText } from '../src/responses/step-events.ts';
import type { FakeLlm } from './support/fake-llm.ts';
import { auth, createWorkspace, jsonBody, signedInUser, type TestUser } from './support/identity.ts';
import type { TestApp } from './support/test-app.ts';
import { createTestAppWithModel } from './support/test-app-with-model.ts';

/** A write that stays in flight until the test lets it finish. */
function heldWrites() {
  const writes: string[] = [];
  const release: Array<(err?: Error) => void> = [];
  const write = (text: string) =>
    new Promise<void>((resolve, reject) => {
      writes.push(text);
      release.push((err) => (err ? reject(err) : resolve()));
    });
  return { writes, release, write };
}
const tick = () => new Promise((r) => setTimeout(r, 5));

describe('coalescer', () => {
  it('writes the first piece at once and what arrives during a write together next, each piece once, in order', async () => {
    const { writes, release, write } = heldWrites();
    const c = coalescer(write, 0);
    c.add('a');
    expect(writes).toEqual(['a']);
    c.add('b');
    c.add('c');
    await tick();
    expect(writes).toEqual(['a']);
    release[0]!();
    await tick();
    expect(writes).toEqual(['a', 'bc']);
    c.add('d');
    const closed = c.close();
    release[1]!();
    await tick();
    expect(writes).toEqual(['a', 'bc', 'd']);
    release[2]!();
    await closed;
    expect(writes.join('')).toBe('abcd');
  });

  it('waits out the gap after a write before the next', async () => {
    const { writes, release, write } = heldWrites();
    const c = coalescer(write, 60_000);
    c.add('a');
    release[0]!();
    await tick();
    c.add('b');
    await tick();
    // Within the gap: held back until close.
    expect(writes).toEqual(['a']);
    const closed = c.close();
    expect(writes).toEqual(['a', 'b']);
    release[1]!();
    await closed;
  });

  it('writes nothing more after a failed write, and close reports the failure', async () => {
    const { writes, release, write } = heldWrites();
    const c = coalescer(write, 0);
    c.add('a');
    c.add('b');
    release[0]!(new Error('database down'));
    await tick();
    c.add('c');
    await expect(c.close()).rejects.toThrow('database down');
    expect(writes).toEqual(['a']);
  });
});

describe('text into a response', () => {
  let t: TestApp;
  let llm: FakeLlm;
  let owner: TestUser;
  let ws: string;

  beforeAll(async () => {
    ({ t, llm } = await createTestAppWithModel({ OPENAI_API_KEY: 'k' }));
    owner = await signedInUser(t);
    ws = await createWorkspace(t, owner);
  });
  afterAll(async () => {
    await t?.close();
  });

  /** A response row of its own (no workflow: the test is its only writer besides the one it adds). */
  async function response(): Promise<string> {
    const prisma = t.deps.prisma;
    const conversation = await prisma.conversation.create({ data: { id: newId('conv'), workspaceId: ws } });
    const run = await prisma.skillRun.create({
      data: {
        id: newId('run'),
        workspaceId: ws,
        skillName: 'turn',
        skillVersion: 1,
        model: 'openai:m',
        maxDurationSeconds: 60,
        status: 'running',
      },
    });
    const id = newId('resp');
    await prisma.response.create({
      data: { id, workspaceId: ws, conversationId: conversation.id, runId: run.id, model: 'openai:m', input: 'hi' },
    });
    return id;
  }

  it('appends every delta once, in order, with gapless sequence numbers, also when another writer moves the tail', async () => {
    const prisma = t.deps.prisma;
    const id = await response();
    const live = liveText(prisma, id);
    let expected = '';
    for (let i = 0; i < 300; i++) {
      const piece = i === 150 ? 'nul \0 and 🐝 ' : `w${i} `;
      live.add(piece);
      expected += piece;
      if (i % 7 === 0) await new Promise((r) => setTimeout(r, 3));
      // Another writer (here: a lifecycle event) moves the tail; the next write must notice and go through the lock.
      if (i === 100 || i === 200) {
        await prisma.$transaction((tx) => emitEvents(tx, id, (s) => s.pushLifecycle('response.in_progress')));
      }
    }
    await live.close();

    const rows = await prisma.responseEvent.findMany({ where: { responseId: id }, orderBy: { seq: 'asc' } });
    expect(rows.map((r) => r.seq)).toEqual(rows.map((_, i) => i));
    const events = rows.map((r) => r.data as unknown as StreamEvent);
    expect(events.map((e) => e.sequence_number)).toEqual(rows.map((r) => r.seq));
    expect(events.filter((e) => e.type === 'response.output_item.added')).toHaveLength(1);
    const deltas = events.filter((e) => e.type === 'response.output_text.delta');
    expect(deltas.length).toBeGreaterThan(2);
    // The NUL is stored as the two characters `\0`, as every string headed for the database.
    expect(deltas.map((e) => e.delta).join('')).toBe(expected.replace('\0', '\\0'));

    // The row holds the output up to its last locked write; the deltas appended since are only events, folded in
    // by whoever reads it.
    const raw = await prisma.response.findUniqueOrThrow({ where: { id } });
    expect(raw.outputSeq).toBeLessThan(raw.lastSeq);
    const stored = (await readResponse(t.deps, id))!;
    expect(stored.lastSeq).toBe(rows.length);
    const folded: OutputItem[] = [];
    for (const e of events) foldEvent(folded, e);
    expect(stored.output).toEqual(folded);
    expect((stored.output as unknown as OutputItem[])[0]).toMatchObject({
      type: 'message',
      status: 'in_progress',
      content: [{ type: 'output_text', text: expected.replace('\0', '\\0') }],
    });
  });

  it('continues the open message of an earlier attempt and opens a new one after a closed message', async () => {
    const prisma = t.deps.prisma;
    const id = await response();
    const first = liveText(prisma, id);
    first.add('one ');
    await first.close();
    // A retried step's writer starts where the lost attempt's left the message.
    const second = liveText(prisma, id);
    second.add('two ');
    await second.close();
    await prisma.$transaction((tx) =>
      emitEvents(tx, id, (s) => {
        s.push({
          type: 'response.output_item.done',
          output_index: 0,
          item: { ...s.output[0]!, status: 'completed' },
        });
      }),
    );
    const third = liveText(prisma, id);
    third.add('three');
    await third.close();
    const stored = (await readResponse(t.deps, id))!;
    const output = stored.output as unknown as OutputItem[];
    expect(output.map((i) => [i.status, i.content?.[0]?.text])).toEqual([
      ['completed', 'one two '],
      ['in_progress', 'three'],
    ]);
    const rows = await prisma.responseEvent.findMany({ where: { responseId: id }, orderBy: { seq: 'asc' } });
    const folded: OutputItem[] = [];
    for (const r of rows) foldEvent(folded, r.data as unknown as StreamEvent);
    expect(output).toEqual(folded);
    expect(rows.map((r) => r.seq)).toEqual(rows.map((_, i) => i));
  });

  it('writes no text after the response is over, whether it ended before the writer started or while it wrote', async () => {
    const prisma = t.deps.prisma;
    const id = await response();
    const end = () =>
      prisma.$transaction((tx) =>
        emitEvents(tx, id, (s) => {
          s.set({ status: 'cancelled', completedAt: new Date() });
          s.pushLifecycle('response.incomplete');
        }),
      );
    const during = liveText(prisma, id);
    during.add('before ');
    await new Promise((r) => setTimeout(r, 50));
    await end();
    during.add('after');
    await during.close();
    const late = liveText(prisma, id);
    late.add('late');
    await late.close();
    const rows = await prisma.responseEvent.findMany({ where: { responseId: id }, orderBy: { seq: 'asc' } });
    expect(rows.at(-1)!.type).toBe('response.incomplete');
    const text = rows.flatMap((r) =>
      r.type === 'response.output_text.delta' ? [(r.data as { delta: string }).delta] : [],
    );
    expect(text.join('')).toBe('before ');
  });

  it('streams live exactly what a replay of the same response gives', async () => {
    const m = `replay-${randomUUID()}`;
    llm.script(m, [
      { text: 'Word by word, the answer comes in twelve-character pieces, a few apart.', chunkDelayMs: 30 },
    ]);
    const res = await t.fetch(
      '/api/v1/responses',
      jsonBody({ workspace_id: ws, input: m, stream: true, model: 'openai:m' }, auth(owner.session)),
    );
    const live = await res.text();
    const id = /"id": ?"(resp_[^"]+)"/.exec(live)![1]!;
    const replay = await (
      await t.fetch(`/api/v1/responses/${id}?stream=true`, { headers: auth(owner.session) })
    ).text();
    expect(replay).toBe(live);
    expect(live.match(/event: response\.output_text\.delta/g)!.length).toBeGreaterThan(1);
    expect(live).toContain('event: response.completed');
  });
});
