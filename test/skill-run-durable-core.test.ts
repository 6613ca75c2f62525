/**
 * The durable run core, through HTTP against a real Temporal: workflow history stays small whatever a run reads
 * (the transcript lives in PostgreSQL), a run whose workflow is terminated behind the API's back ends `failed` with
 * its `end` event, binary content and NUL bytes never fail a run, and the run-status search attribute follows runs.
 */
import { randomUUID } from 'node:crypto';
import { rm } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startRunReconciler } from '../src/runs/reconciler.ts';
import type { FakeLlm } from './support/fake-llm.ts';
import { upload } from './support/files.ts';
import { type RunWorld, runWorld, startRun, waitForStatus } from './support/runs.ts';
import { json, type TestApp } from './support/test-app.ts';
import { createTestAppWithModel } from './support/test-app-with-model.ts';

let t: TestApp;
let llm: FakeLlm;
let w: RunWorld;
let reconciler: { stop(): void };
beforeAll(async () => {
  ({ t, llm } = await createTestAppWithModel({
    OPENAI_API_KEY: 'k',
    RATE_LIMIT_DEFAULT_PER_MINUTE: '100000',
    MAX_UPLOAD_BYTES: String(4 * 1024 * 1024),
  }));
  w = await runWorld(t);
  // The API's reconciler, ticking every second (production default: RUN_RECONCILE_INTERVAL_SECONDS=5).
  reconciler = startRunReconciler(t.deps, { intervalMs: 1000 });
});
afterAll(async () => {
  reconciler?.stop();
  await t?.close();
});

const uploadFile = async (dir: string, name: string, content: string | Uint8Array) => {
  const res = await upload(t, w.owner.session, { name, content, fields: { workspace_id: w.ws, path: dir } });
  expect(res.status).toBe(201);
};
const events = (runId: string) => t.deps.prisma.skillRunEvent.findMany({ where: { runId }, orderBy: { id: 'asc' } });

describe('the durable run core', () => {
  it('keeps workflow history under 1 MB over 25 steps that each read a 1 MB file', async () => {
    const m = `big-${randomUUID()}`;
    await uploadFile('big', 'data.txt', `${'0123456789abcdef'.repeat(64 * 1024)}`);
    const read = { toolCalls: [{ name: 'read_file', arguments: { path: 'context/big/data.txt' } }] };
    llm.script(m, [...Array.from({ length: 24 }, () => read), { text: 'Read it all.' }]);
    const res = await startRun(w, { instructions: m, context_paths: ['big'] });
    expect(res.status).toBe(202);
    const { run_id } = await json(res);
    const run = await waitForStatus(w, run_id, ['completed', 'failed'], 120_000);
    expect(run.status).toBe('completed');
    const described = await t.deps.temporal.workflow.getHandle(run_id).describe();
    expect(described.historySize).toBeGreaterThan(0);
    expect(described.historySize).toBeLessThan(1024 * 1024);
    // The model saw each result cut to TOOL_RESULT_MAX_BYTES with a note; the transcript holds it, not Temporal.
    const toolMessages = await t.deps.prisma.skillRunMessage.findMany({ where: { runId: run_id } });
    const results = toolMessages.map((r) => JSON.stringify(r.message)).filter((s) => s.includes('tool-result'));
    expect(results).toHaveLength(24);
    for (const r of results) {
      expect(r).toContain('Output truncated');
      expect(r.length).toBeLessThan(40 * 1024);
    }
  }, 180_000);

  it('ends a run failed with WORKFLOW_TERMINATED and an end event when its workflow is terminated', async () => {
    const m = `term-${randomUUID()}`;
    llm.script(m, [{ text: 'Too late.', delayMs: 30_000 }]);
    const { run_id } = await json(await startRun(w, { instructions: m }));
    await waitForStatus(w, run_id, ['running']);
    await t.deps.temporal.workflow.getHandle(run_id).terminate('operator stopped it');
    const run = await waitForStatus(w, run_id, ['failed', 'completed'], 15_000);
    expect(run.status).toBe('failed');
    expect(run.error).toMatchObject({ type: 'WORKFLOW_TERMINATED' });
    expect(run.error.detail).toContain('operator stopped it');
    expect(run.completed_at).not.toBeNull();
    const ends = (await events(run_id)).filter((e) => e.type === 'end');
    expect(ends).toHaveLength(1);
    expect(ends[0]!.data).toEqual({ status: 'failed' });
    // Its concurrency slot is free: it no longer counts as queued or running.
    const active = await t.deps.prisma.skillRun.count({ where: { id: run_id, status: { in: ['queued', 'running'] } } });
    expect(active).toBe(0);
  });

  it('completes a run that reads a binary file and runs a command printing NUL bytes', async () => {
    const m = `nul-${randomUUID()}`;
    const binary = new Uint8Array(4096).map((_, i) => i % 256);
    await uploadFile('bin', 'blob.bin', binary);
    llm.script(m, [
      { toolCalls: [{ name: 'read_file', arguments: { path: 'context/bin/blob.bin' } }] },
      { toolCalls: [{ name: 'run_shell', arguments: { command: "printf 'a\\000b\\n'; printf 'c\\000d' >&2" } }] },
      { toolCalls: [{ name: 'write_file', arguments: { path: 'nul.txt', content: 'x\u0000y' } }] },
      { toolCalls: [{ name: 'read_file', arguments: { path: 'context/missing.txt' } }] },
      { text: 'Binary \u0000 handled.' },
    ]);
    const { run_id } = await json(await startRun(w, { instructions: m, context_paths: ['bin'] }));
    const run = await waitForStatus(w, run_id, ['completed', 'failed'], 30_000);
    expect(run.error).toBeNull();
    expect(run.status).toBe('completed');
    expect(run.console_output).toContain('a\\0b');
    const results = (await events(run_id)).filter((e) => e.type === 'tool_result');
    expect(results).toHaveLength(4);
    // The binary file is described rather than dumped (src/runs/tools.ts); either way the run goes on.
    expect(results[0]!.data).toMatchObject({ tool: 'read_file', is_error: false });
    expect(JSON.stringify(results[1]!.data)).toContain('a\\\\0b');
    // A tool error names the file as the agent sees it, not where the server keeps it.
    expect(results[3]!.data).toMatchObject({ is_error: true });
    expect(JSON.stringify(results[3]!.data)).toContain('context/missing.txt');
    expect(JSON.stringify(results[3]!.data)).not.toContain(t.config.SKILLPLANE_DATA_DIR);
  });

  it('keeps the run-status search attribute a single keyword that follows the run', async () => {
    const m = `attr-${randomUUID()}`;
    llm.script(m, [{ text: 'Done.' }]);
    const { run_id } = await json(await startRun(w, { instructions: m }));
    await waitForStatus(w, run_id, ['completed']);
    // The row ends first, then the workflow records the attribute and closes.
    await expect
      .poll(async () => (await t.deps.temporal.workflow.getHandle(run_id).describe()).status.name)
      .toBe('COMPLETED');
    const described = await t.deps.temporal.workflow.getHandle(run_id).describe();
    expect(described.searchAttributes.SkillplaneRunStatus).toEqual(['completed']);
    const query = `WorkflowId = '${run_id}' AND SkillplaneRunStatus = 'completed' AND SkillplaneWorkspaceId = '${w.ws}'`;
    await expect
      .poll(
        async () => {
          const found: string[] = [];
          for await (const wf of t.deps.temporal.workflow.list({ query })) found.push(wf.workflowId);
          return found;
        },
        { timeout: 15_000 },
      )
      .toEqual([run_id]);
  });

  it("shows an internal failure as INTERNAL_ERROR without the server's error text or paths", async () => {
    const other = await runWorld(t);
    const m = `internal-${randomUUID()}`;
    llm.script(m, [{ text: 'Never asked.' }]);
    const res = await upload(t, other.owner.session, {
      name: 'input.txt',
      content: 'data',
      fields: { workspace_id: other.ws, path: 'in' },
    });
    expect(res.status).toBe(201);
    // The stored content disappears behind the API's back: staging the run's context fails on every attempt.
    await rm(path.join(t.config.SKILLPLANE_DATA_DIR, 'files', other.ws), { recursive: true, force: true });
    const { run_id } = await json(await startRun(other, { instructions: m, context_paths: ['in'] }));
    const run = await waitForStatus(other, run_id, ['failed', 'completed'], 60_000);
    expect(run.status).toBe('failed');
    expect(run.error.type).toBe('INTERNAL_ERROR');
    expect(JSON.stringify(run.error)).not.toMatch(/ENOENT|skillplane-data|\//);
  }, 90_000);
});
