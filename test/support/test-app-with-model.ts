/**
 * The test app most run and conversation tests need: a fake OpenAI-compatible provider (a real local HTTP server,
 * `fake-llm.ts`) and an app whose model calls go to it (`OPENAI_API_KEY` defaults to `test-key`). Closing the app
 * closes the provider too.
 */
import { type FakeLlm, startFakeLlm } from './fake-llm.ts';
import { createTestApp, type TestApp } from './test-app.ts';

export async function createTestAppWithModel(
  overrides: Record<string, string> = {},
  options?: Parameters<typeof createTestApp>[1],
): Promise<{ t: TestApp; llm: FakeLlm }> {
  const llm = await startFakeLlm();
  try {
    const app = await createTestApp(
      { OPENAI_BASE_URL: llm.baseUrl, OPENAI_API_KEY: 'test-key', ...overrides },
      options,
    );
    const close = async () => {
      await app.close();
      await llm.close();
    };
    return { t: { ...app, close }, llm };
  } catch (err) {
    await llm.close();
    throw err;
  }
}

/**
 * The environment of a worker process of its own (tests that kill and replace workers): the test app's database,
 * Temporal task queue and data directory, and the fake provider.
 */
export function workerProcessEnv(t: TestApp, llm: FakeLlm, extra: Record<string, string> = {}): Record<string, string> {
  return {
    TEMPORAL_ADDRESS: t.config.TEMPORAL_ADDRESS!,
    TEMPORAL_TASK_QUEUE: t.config.TEMPORAL_TASK_QUEUE,
    DATABASE_URL: t.databaseUrl,
    SKILLPLANE_DATA_DIR: t.config.SKILLPLANE_DATA_DIR,
    OPENAI_BASE_URL: llm.baseUrl,
    OPENAI_API_KEY: 'k',
    LOG_LEVEL: 'info',
    ...extra,
  };
}
