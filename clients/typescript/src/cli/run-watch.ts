/**
 * Following a run live, for `runs create --wait` and `runs logs --follow`: its console output on stdout as the
 * run's events bring it, the agent's messages and questions on stderr, a progress line on stderr when that is a
 * terminal, and the finished run at the end. Ctrl-C stops watching, never the run.
 */
import type { Skillplane, SkillRun, SkillRunEvent } from '../index.ts';
import type { Context } from './context.ts';
import { CliError, ExitCode } from './exit-codes.ts';
import { startProgress } from './progress.ts';
import { ask } from './prompt.ts';

export interface WatchOptions {
  /** Print console output and messages (off for `--json`, which prints only the finished run). */
  print: boolean;
  /** Ask for the answer at the terminal when the run waits for input. */
  answerAtTerminal: boolean;
  /** Each event as it comes (`runs logs --follow --json` prints them as JSON lines). */
  onEvent?: (event: SkillRunEvent) => void;
}

export async function watchRun(
  ctx: Context,
  client: Skillplane,
  runId: string,
  options: WatchOptions,
): Promise<SkillRun> {
  const progress = startProgress(process.stderr, process.stderr.isTTY === true);
  const stop = new AbortController();
  const interrupted = () => stop.abort();
  process.once('SIGINT', interrupted);
  let printed = '';
  const print = (stream: NodeJS.WriteStream, text: string) => {
    if (options.print) progress.write(stream, text);
  };
  try {
    try {
      for await (const event of client.skillRuns.events(runId, { signal: stop.signal })) {
        if (event.event === 'console') printed += event.data.text;
        options.onEvent?.(event);
        await onEvent(event);
      }
    } catch (err) {
      if (stop.signal.aborted) throw interruption(runId);
      // The stream gave up after its retries: polling still tells how the run ends.
      ctx.err(`(event stream lost: ${(err as Error).message}; polling instead)`);
    }
    const run = await client.skillRuns.wait(runId, { signal: stop.signal }).catch((err: unknown) => {
      throw stop.signal.aborted ? interruption(runId) : err;
    });
    // Output the lost stream did not bring, when the run's copy of the console shows it.
    if (run.console_output.startsWith(printed)) print(process.stdout, run.console_output.slice(printed.length));
    return run;
  } finally {
    process.off('SIGINT', interrupted);
    progress.stop();
  }

  async function onEvent(event: SkillRunEvent) {
    const state = progress.state;
    switch (event.event) {
      case 'console':
        print(process.stdout, event.data.text);
        break;
      case 'message':
        if (event.data.text.trim()) print(process.stderr, `» ${event.data.text.trim()}\n`);
        break;
      case 'tool_call':
        state.tool = event.data.tool;
        break;
      case 'usage':
        state.step = event.data.step;
        state.tokens += event.data.input_tokens + event.data.output_tokens;
        state.costUsd += Number(event.data.cost_usd);
        break;
      case 'status':
        state.status = event.data.status;
        state.tool = undefined;
        if (event.data.status === 'waiting' && event.data.question) await question(event.data.question);
        break;
    }
  }

  // Shown even with --json (which keeps only stdout for the run): the run cannot go on without an answer.
  async function question(text: string) {
    progress.write(process.stderr, `? ${text}\n`);
    // Following a run from its start replays questions answered long ago.
    if ((await client.skillRuns.get(runId)).status !== 'waiting') return;
    if (!options.answerAtTerminal || !process.stdin.isTTY) {
      progress.write(process.stderr, `  answer with: skillplane runs input ${runId} "<answer>"\n`);
      return;
    }
    const answer = await progress.hold(() => ask('answer> '));
    if (answer) await client.skillRuns.input(runId, { answer });
    else progress.write(process.stderr, `  no answer; give one with: skillplane runs input ${runId} "<answer>"\n`);
  }
}

function interruption(runId: string) {
  return new CliError(
    `stopped watching; run ${runId} goes on (follow it with: skillplane runs logs ${runId} --follow)`,
    ExitCode.interrupted,
  );
}

/** One line on stderr saying how the run ended; the exit code that goes with it. */
export function reportEnd(ctx: Context, run: SkillRun): number {
  const tokens = (run.input_tokens + run.output_tokens).toLocaleString('en-US');
  if (run.status === 'completed') {
    const outputs = run.output_files.length ? ` · outputs: ${run.output_files.join(', ')}` : '';
    ctx.err(`✓ run ${run.id} completed · ${tokens} tokens · $${run.cost_usd}${outputs}`);
    return ExitCode.ok;
  }
  const why = run.error ? `: ${run.error.type}: ${run.error.detail}` : '';
  ctx.err(`✗ run ${run.id} ${run.status}${why}`);
  return ExitCode.runUnsuccessful;
}
