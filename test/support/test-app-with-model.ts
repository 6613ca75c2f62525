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
