/** A run through the `anthropic:` provider (Anthropic's Messages API wire format, served locally). */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startFakeAnthropic } from './support/fake-anthropic.ts';
import { runWorld, startRun, waitForStatus } from './support/runs.ts';
import { createTestApp, json, type TestApp } from './support/test-app.ts';

let t: TestApp;
let anthropic: Awaited<ReturnType<typeof startFakeAnthropic>>;
beforeAll(async () => {
  anthropic = await startFakeAnthropic([
    { toolUse: { name: 'write_file', input: { path: 'note.txt', content: 'from claude' } } },
    { text: 'Wrote the note.' },
  ]);
  t = await createTestApp({
    ANTHROPIC_BASE_URL: anthropic.baseUrl,
    ANTHROPIC_API_KEY: 'sk-ant-test',
    DEFAULT_MODEL: 'anthropic:claude-haiku-4-5',
    RATE_LIMIT_DEFAULT_PER_MINUTE: '100000',
  });
});
afterAll(async () => {
  await t?.close();
  await anthropic?.close();
});

it('runs the agent loop against the Messages API, with tool use and usage', async () => {
  const w = await runWorld(t);
  const res = await startRun(w, { instructions: 'Write a note.' });
  expect(res.status).toBe(202);
  const run = await waitForStatus(w, (await json(res)).run_id, ['completed', 'failed']);
  expect(run.status).toBe('completed');
  expect(run.model).toBe('anthropic:claude-haiku-4-5');
  expect(run.output_files).toEqual(['note.txt']);
  expect(run.input_tokens).toBe(100);
  expect(run.output_tokens).toBe(20);
  // claude-haiku-4-5: $1 / M input, $5 / M output.
  expect(run.cost_usd).toBe('0.000200');
  expect(anthropic.requests).toHaveLength(2);
  expect(anthropic.requests[0]!.path).toBe('/v1/messages');
  expect(anthropic.requests[0]!.apiKey).toBe('sk-ant-test');
  expect(anthropic.requests[0]!.body.model).toBe('claude-haiku-4-5');
});
