/** The benchmark's model, a process of its own: the scripted OpenAI-compatible server answering every run at once. */
import { startFakeLlm } from '../../test/support/fake-llm.ts';

const llm = await startFakeLlm();
llm.script(process.env.BENCH_MARKER!, [{ text: 'Done.' }]);
console.log(JSON.stringify({ baseUrl: llm.baseUrl }));
process.on('SIGTERM', () => void llm.close().then(() => process.exit(0)));
