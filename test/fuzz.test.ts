/**
 * Fuzzing: Schemathesis generates requests from the served OpenAPI document (examples, coverage, fuzzing and
 * stateful phases, every default check) against a real test app, once with a session token and once with an API key.
 * Any server error, schema violation, undeclared status or refused valid input fails the test, which prints
 * Schemathesis's report with the seed that reproduces it.
 */
import { randomInt, randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newId } from '../src/lib/ids.ts';
import type { FakeLlm } from './support/fake-llm.ts';
import { upload } from './support/files.ts';
import { addMember, auth, createApiKey, createWorkspace, jsonBody, signedInUser } from './support/identity.ts';
import { type RunWorld, runWorld, startRun, waitForStatus } from './support/runs.ts';
import { type FuzzAuth, findSchemathesis, runSchemathesis } from './support/schemathesis.ts';
import { json, type TestApp } from './support/test-app.ts';
import { createTestAppWithModel } from './support/test-app-with-model.ts';

const bin = findSchemathesis();
if (!bin) {
  console.warn(
    'fuzz.test.ts skipped: Schemathesis is not installed. Run `bash scripts/ensure-schemathesis.sh` (CI does) ' +
      'or set SCHEMATHESIS_BIN to a `schemathesis` executable.',
  );
}

/** A fixed seed per CI run would fuzz the same inputs forever; a printed random one varies them and reproduces. */
const seed = Number(process.env.FUZZ_SEED ?? randomInt(1, 2 ** 31));
const maxExamples = process.env.FUZZ_MAX_EXAMPLES ?? '8';
/** Seconds per run (two runs): the phases share it, and fuzzing and stateful testing repeat until it is spent. */
const maxTime = process.env.FUZZ_MAX_TIME ?? '75';

let t: TestApp;
let llm: FakeLlm;
let w: RunWorld;
let env: Record<string, string>;
let apiKey: string;

async function created(res: Response, field = 'id'): Promise<string> {
  expect(res.status).toBeLessThan(300);
  return (await json(res))[field];
}

beforeAll(async () => {
  if (!bin) return;
  ({ t, llm } = await createTestAppWithModel(
    {
      OPENAI_API_KEY: 'k',
      RATE_LIMIT_DEFAULT_PER_MINUTE: '1000000',
      RATE_LIMIT_FILES_PER_MINUTE: '1000000',
      RATE_LIMIT_SKILL_RUNS_PER_MINUTE: '1000000',
      RATE_LIMIT_SCHEDULES_PER_MINUTE: '1000000',
      RATE_LIMIT_AUTH_PER_MINUTE: '1000000',
      // Listing schedules asks Temporal for each one's next run; with the dev server busy serving the fuzzer on two
      // cores, 50 of those can pass the 5 s default and the list answers 503 (a finding, reported, not yet fixed).
      RATE_LIMIT_WEBHOOKS_PER_MINUTE: '1000000',
      TEMPORAL_RPC_TIMEOUT_MS: '30000',
      // Every webhook host resolves to loopback, allowed here: no test starts the dispatcher, and nothing could leave.
      WEBHOOK_ALLOWED_HOSTS: '127.0.0.1',
      RATE_LIMIT_CONNECTORS_PER_MINUTE: '1000000',
      // Notion's OAuth client is configured (nothing listens at its URLs: no callback gets past its state check), so
      // starting an authorization answers a URL; connection hosts are not allowed, so no check connects anywhere.
      NOTION_CLIENT_ID: 'fuzz-client',
      NOTION_CLIENT_SECRET: 'fuzz-secret',
      NOTION_AUTHORIZE_URL: 'http://127.0.0.1:9/authorize',
      NOTION_TOKEN_URL: 'http://127.0.0.1:9/token',
    },
    { resolveHost: async () => [{ address: '127.0.0.1', family: 4 }] },
  ));
  w = await runWorld(t);
  const h = auth(w.owner.session);
  const marker = `fuzz-${randomUUID()}`;
  llm.script(marker, [{ text: 'Fuzz fixture done.' }]);
  const runId = await created(await startRun(w, { instructions: marker }), 'run_id');
  await waitForStatus(w, runId, ['completed']);
  const member = await signedInUser(t);
  await addMember(t, w.owner, w.ws, member, 'member');
  const fileId = await created(
    await upload(t, w.owner.session, { name: 'data.csv', content: 'a,b\n1,2\n', fields: { workspace_id: w.ws } }),
  );
  const spareFileId = await created(
    await upload(t, w.owner.session, { name: 'spare.txt', content: 'x', fields: { workspace_id: w.ws } }),
  );
  await upload(t, w.owner.session, {
    name: 'in-spare.txt',
    content: 'x',
    fields: { workspace_id: w.ws, path: 'spare' },
  });
  const schedule = (body: Record<string, unknown>) =>
    t.fetch(
      '/api/v1/schedules',
      jsonBody({ workspace_id: w.ws, skill_id: w.skillId, cron_expression: '0 3 * * *', ...body }, h),
    );
  const scheduleId = await created(await schedule({ name: 'Nightly', instructions: marker }));
  const spareScheduleId = await created(await schedule({ name: 'Spare', instructions: marker }));
  const spareSkillId = await created(
    await t.fetch(
      '/api/v1/skills',
      jsonBody({ workspace_id: w.ws, name: 'spare', description: 'Spare', instructions: 'x', tools: [] }, h),
    ),
  );
  const spareWorkspaceId = await createWorkspace(t, w.owner, 'Spare');
  apiKey = await createApiKey(t, w.owner, { name: 'fuzz' });
  const spareKey = await json(await t.fetch('/api/v1/api-keys', jsonBody({ name: 'spare' }, h)));
  const webhook = async (url: string) =>
    created(await t.fetch('/api/v1/webhooks', jsonBody({ workspace_id: w.ws, url }, h)));
  const webhookId = await webhook('https://hooks.example.com/fuzz');
  const spareWebhookId = await webhook('https://hooks.example.com/spare');
  const testEvent = await t.fetch(`/api/v1/webhooks/${webhookId}/test`, { method: 'POST', headers: h });
  const webhookEventId = await created(testEvent);
  // The dispatcher does not run here, so the delivery row is made directly (as it would make it).
  const delivery = await t.deps.prisma.webhookDelivery.create({
    data: { id: newId('dlv'), eventId: webhookEventId, endpointId: webhookId, status: 'failed' },
  });
  const connection = async (name: string) =>
    created(
      await t.fetch('/api/v1/connectors/connections', jsonBody({ workspace_id: w.ws, spec_id: 'notion', name }, h)),
    );
  const connectionId = await connection('Wiki');
  const spareConnectionId = await connection('Spare');
  const projectId = await created(await t.fetch('/api/v1/projects', jsonBody({ workspace_id: w.ws, name: 'Fuzz' }, h)));
  const artifact = async (root: string) => {
    const form = new FormData();
    form.set('project_id', projectId);
    form.set('path', `${root}/index.html`);
    form.set('file', new Blob(['<h1>fuzz</h1>']), 'index.html');
    return created(await t.fetch('/api/v1/artifacts', { method: 'POST', headers: h, body: form }));
  };
  const artifactId = await artifact('fuzz');
  const spareArtifactId = await artifact('spare');
  const opened = await json(await t.fetch('/api/v1/artifacts/open', jsonBody({ artifact_id: artifactId }, h)));
  // A conversation with a scratchpad whose code cell the fuzzer edits and runs (in the sandbox), and spares to delete.
  const conversationId = await created(await t.fetch('/api/v1/conversations', jsonBody({ workspace_id: w.ws }, h)));
  const scratchpad = await json(
    await t.fetch(
      '/api/v1/scratchpads',
      jsonBody(
        {
          conversation_id: conversationId,
          cells: [
            { type: 'code', language: 'python', content: 'print(1)' },
            { type: 'markdown', content: 'spare' },
          ],
        },
        h,
      ),
    ),
  );
  const spareScratchpadId = await created(
    await t.fetch('/api/v1/scratchpads', jsonBody({ conversation_id: conversationId }, h)),
  );
  // A scratchpad of a conversation in the project, with no code to run, for promotions (new versions of one artifact).
  const projectConversationId = await created(
    await t.fetch('/api/v1/conversations', jsonBody({ workspace_id: w.ws, project_id: projectId }, h)),
  );
  const promoteScratchpadId = await created(
    await t.fetch(
      '/api/v1/scratchpads',
      jsonBody({ conversation_id: projectConversationId, cells: [{ type: 'markdown', content: '# Fuzz' }] }, h),
    ),
  );
  env = {
    FUZZ_PROMOTE_SCRATCHPAD_ID: promoteScratchpadId,
    FUZZ_PROJECT_ID: projectId,
    FUZZ_ARTIFACT_ID: artifactId,
    FUZZ_SPARE_ARTIFACT_ID: spareArtifactId,
    FUZZ_VIEW_TOKEN: new URL(opened.url).pathname.split('/')[5]!,
    FUZZ_CONVERSATION_ID: conversationId,
    FUZZ_SCRATCHPAD_ID: scratchpad.id,
    FUZZ_CELL_ID: scratchpad.cells[0].id,
    FUZZ_SPARE_CELL_ID: scratchpad.cells[1].id,
    FUZZ_SPARE_SCRATCHPAD_ID: spareScratchpadId,
    FUZZ_WORKSPACE_ID: w.ws,
    FUZZ_SKILL_ID: w.skillId,
    FUZZ_RUN_ID: runId,
    FUZZ_FILE_ID: fileId,
    FUZZ_SCHEDULE_ID: scheduleId,
    FUZZ_MEMBER_ID: member.id,
    FUZZ_SPARE_KEY_ID: spareKey.id,
    FUZZ_SPARE_WORKSPACE_ID: spareWorkspaceId,
    FUZZ_SPARE_SKILL_ID: spareSkillId,
    FUZZ_SPARE_FILE_ID: spareFileId,
    FUZZ_SPARE_SCHEDULE_ID: spareScheduleId,
    FUZZ_WEBHOOK_ID: webhookId,
    FUZZ_SPARE_WEBHOOK_ID: spareWebhookId,
    FUZZ_WEBHOOK_EVENT_ID: webhookEventId,
    FUZZ_WEBHOOK_DELIVERY_ID: delivery.id,
    FUZZ_CONNECTION_ID: connectionId,
    FUZZ_SPARE_CONNECTION_ID: spareConnectionId,
  };
}, 180_000);

afterAll(async () => {
  await t?.close();
});

async function fuzz(auth: FuzzAuth, secret: string, extra: string[] = []) {
  const result = await runSchemathesis(
    bin!,
    auth,
    [
      `${t.url}/openapi.json`,
      '--url',
      t.url,
      '--seed',
      String(seed),
      '--max-examples',
      maxExamples,
      '--max-time',
      maxTime,
      // One worker: Hypothesis's lambda descriptions are not thread-safe (an internal error with two).
      '--workers',
      '1',
      '--request-timeout',
      '20',
      '--no-shrink',
      ...extra,
    ],
    { ...env, FUZZ_SECRET: secret },
  );
  // The whole report on failure; on success its summary (test cases, seed), less pytest's closing rule
  // ("=== 3 warnings in 75.04s ==="): CI's log reader takes that line for a pytest run that executed no test.
  console.log(
    result.code === 0
      ? result.output
          .slice(result.output.lastIndexOf('Test cases:'))
          .replace(/^=+ .* =+$/gm, '')
          .trimEnd()
      : result.output,
  );
  expect(result.code, `Schemathesis found failures (seed ${seed}); its report is printed above`).toBe(0);
}

describe.skipIf(!bin)('fuzzing with Schemathesis', () => {
  it('finds nothing with a session token', async () => {
    console.log(`fuzzing with seed ${seed} (FUZZ_SEED=${seed} reproduces it)`);
    // Deleting the current session would sign the fuzzer out for the rest of the run.
    await fuzz('bearerAuth', w.owner.session, ['--exclude-operation-id', 'deleteCurrentSession']);
  }, 600_000);

  it('finds nothing with an API key', async () => {
    await fuzz('apiKeyHeader', apiKey);
  }, 600_000);
});
