/**
 * Test-only crash hook: when `SKILLPLANE_TEST_CRASH_AT` names `point`, the worker process exits right there, as a
 * real crash would (no cleanup, no reply to Temporal). Tests use it to prove that a step interrupted at that point
 * is neither lost nor repeated. Points: `model-step-called` (model answered, nothing committed yet),
 * `model-step-committed` (step record and its effects committed, Temporal not yet told), and in the local activities
 * `prepare-committed` (run marked running, transcript opened) and `finish-committed` (run ended, Temporal not told);
 * for `publish_artifact`, `artifact-prepared` (blobs written, nothing committed) and `artifact-committed` (published
 * and recorded, Temporal not told); and `scratchpad-tool-done` (the agent's scratchpad cell written and run, the tool
 * step not yet recorded).
 */
import type { Config } from '../../src/config.ts';

export type CrashPoint =
  | 'model-step-called'
  | 'model-step-committed'
  | 'prepare-committed'
  | 'finish-committed'
  | 'artifact-prepared'
  | 'artifact-committed'
  | 'scratchpad-tool-done';

export function crashPoint(config: Config, point: CrashPoint): void {
  if (config.SKILLPLANE_TEST_CRASH_AT === point) process.exit(86);
}
