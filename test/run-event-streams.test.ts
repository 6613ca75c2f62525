/**
 * Event streams wait on PostgreSQL notifications, not on polling: idle viewers send no query, each appended event
 * wakes them, and a listener connection that dies is replaced without losing an event.
 */
import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { FakeLlm } from './support/fake-llm.ts';
import { auth, jsonBody } from './support/identity.ts';
import { type RunWorld, runWorld, startRun, waitForStatus } from './support/runs.ts';
import { openSse, type SseViewer } from './support/sse.ts';
import { json, type TestApp } from './support/test-app.ts';
import { createTestAppWithModel } from './support/test-app-with-model.ts';

let t: TestApp;
let llm: FakeLlm;
let w: RunWorld;
let db: pg.Client;

beforeAll(async () => {
  ({ t, llm } = await createTestAppWithModel({
    RATE_LIMIT_DEFAULT_PER_MINUTE: '100000',
    RATE_LIMIT_SKILL_RUNS_PER_MINUTE: '1000',
    // No safety poll during the test: whatever wakes a viewer here is a notification.
    NOTIFY_SAFETY_POLL_SECONDS: '3600',
  }));
  w = await runWorld(t);
  db = new pg.Client({ connectionString: t.databaseUrl });
  await db.connect();
});
afterAll(async () => {
  await db?.end();
  await t?.close();
});

/** A run waiting for input, with `count` viewers that have read everything so far. */
async function waitingRunWithViewers(count: number): Promise<{ runId: string; viewers: SseViewer[] }> {
  const m = `streams-${randomUUID()}`;
  llm.script(m, [{ toolCalls: [{ name: 'ask_user', arguments: { question: 'Which quarter?' } }] }, { text: 'Done.' }]);
  const { run_id } = await json(await startRun(w, { instructions: m }));
  await waitForStatus(w, run_id, ['waiting']);
  const viewers = await Promise.all(
    Array.from({ length: count }, () => openSse(`${t.url}/api/v1/skill-runs/${run_id}/events`, auth(w.owner.session))),
  );
  for (const v of viewers) {
    expect(v.status).toBe(200);
    await v.until((e) => e.event === 'status' && (e.data as { status: string }).status === 'waiting');
  }
  return { runId: run_id, viewers };
}

async function answer(runId: string) {
  const res = await t.fetch(`/api/v1/skill-runs/${runId}/input`, jsonBody({ answer: 'Q3' }, auth(w.owner.session)));
  expect(res.status).toBe(202);
}

it('sends idle viewers no query, then wakes every viewer with each event until the end', async () => {
  const { runId, viewers } = await waitingRunWithViewers(30);
  // Hold the event and run tables: a viewer that polled would now block on the lock, which pg_locks shows.
  const holder = new pg.Client({ connectionString: t.databaseUrl });
  await holder.connect();
  try {
    await holder.query('BEGIN');
    await holder.query('LOCK TABLE skill_run_events, skill_runs IN ACCESS EXCLUSIVE MODE');
    // Long enough for a polling implementation (it polled every 250 ms) to show itself several times over.
    await new Promise((r) => setTimeout(r, 1500));
    const { rows } = await db.query<{ waiting: number }>(
      `SELECT count(*)::int AS waiting FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid
       WHERE NOT l.granted AND a.datname = current_database()`,
    );
    expect(rows[0]?.waiting).toBe(0);
  } finally {
    await holder.query('ROLLBACK');
    await holder.end();
  }

  await answer(runId);
  const ends = await Promise.all(viewers.map((v) => v.until((e) => e.event === 'end')));
  await Promise.all(viewers.map((v) => v.ended));
  const reference = viewers[0]!.events.map((e) => e.id);
  for (const v of viewers) expect(v.events.map((e) => e.id)).toEqual(reference);
  expect(ends.every((e) => e.id === reference.at(-1))).toBe(true);
  const { rows } = await db.query<{ ids: string[] }>(
    'SELECT array_agg(id::text ORDER BY id) AS ids FROM skill_run_events WHERE run_id = $1',
    [runId],
  );
  expect(reference).toEqual(rows[0]?.ids);
});

it('keeps every event when the listening connection dies while viewers wait', async () => {
  const { runId, viewers } = await waitingRunWithViewers(3);
  const killed = await db.query(
    `SELECT pg_terminate_backend(pid) FROM pg_stat_activity
     WHERE application_name LIKE 'skillplane-listener %' AND datname = current_database()`,
  );
  expect(killed.rowCount).toBe(1);
  await answer(runId);
  for (const v of viewers) {
    await v.until((e) => e.event === 'end');
    await v.ended;
  }
  // And a new listener took its place (the hub reconnects on its own).
  for (;;) {
    const { rows } = await db.query(
      `SELECT 1 FROM pg_stat_activity WHERE application_name LIKE 'skillplane-listener %' AND datname = current_database()`,
    );
    if (rows.length === 1) break;
    await new Promise((r) => setTimeout(r, 50));
  }
  expect(t.deps.notifications.listening).toBe(true);
});

it('resumes after Last-Event-ID while waiting, and a viewer that leaves is unsubscribed', async () => {
  const { runId, viewers } = await waitingRunWithViewers(1);
  const first = viewers[0]!;
  const middle = first.events[1]!;
  first.close();
  const resumed = await openSse(`${t.url}/api/v1/skill-runs/${runId}/events`, {
    ...auth(w.owner.session),
    'Last-Event-ID': middle.id,
  });
  await resumed.until((e) => e.event === 'status' && (e.data as { status: string }).status === 'waiting');
  expect(resumed.events.map((e) => e.id)).toEqual(first.events.slice(2).map((e) => e.id));
  await answer(runId);
  await resumed.until((e) => e.event === 'end');
  await resumed.ended;
  // Both streams are over, so nobody watches the run any more.
  for (;;) {
    if (t.deps.notifications.watched('skillplane_run_events') === 0) break;
    await new Promise((r) => setTimeout(r, 20));
  }
});

it('refuses hostile Last-Event-ID values and unknown runs without a stream', async () => {
  const { runId, viewers } = await waitingRunWithViewers(1);
  for (const value of ['abc', '-1', '1e3', '9'.repeat(19), '0x10', '1 2']) {
    const res = await t.fetch(`/api/v1/skill-runs/${runId}/events`, {
      headers: { ...auth(w.owner.session), 'Last-Event-ID': value },
    });
    expect(res.status, value).toBe(400);
  }
  const unknown = await t.fetch('/api/v1/skill-runs/run_nope/events', { headers: auth(w.owner.session) });
  expect(unknown.status).toBe(404);
  viewers[0]!.close();
});
