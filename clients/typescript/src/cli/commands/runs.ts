/** `runs create|list|get|logs|cancel|download|input`: starting skill runs and seeing what they did. */
import type { Command } from 'commander';
import type { RunStatus, SkillRun } from '../../index.ts';
import { clientFor, workspaceClient } from '../client.ts';
import { action, collect } from '../command-action.ts';
import type { Context } from '../context.ts';
import { CliError, ExitCode } from '../exit-codes.ts';
import { askOrRead } from '../prompt.ts';
import { reportEnd, watchRun } from '../run-watch.ts';
import { saveResponse } from './download.ts';
import { runColumns, runFields } from './fields.ts';
import { resolveSkillId } from './skill-ref.ts';

interface CreateOptions {
  instructions?: string;
  context?: string[];
  model?: string;
  maxDuration?: string;
  notify?: string[];
  draft?: boolean;
  wait?: boolean;
}

export function registerRuns(program: Command) {
  const runs = program.command('runs').description('Start skill runs, follow them, and read what they did.');

  runs
    .command('create')
    .description(
      "Start a run of a skill. With --wait, print its console output live (stdout), the agent's messages and " +
        'questions (stderr) and a progress line (stderr, on a terminal), and exit 1 unless it completes.',
    )
    .argument('<skill>', 'the skill id or name')
    .option('-i, --instructions <text>', 'extra instructions for this run')
    .option('-c, --context <path>', 'a workspace file or folder to give the run, repeatable', collect)
    .option('-m, --model <provider:model>', "the model (default: the server's)")
    .option('--max-duration <seconds>', 'end the run timed_out after this long')
    .option('--notify <email>', 'e-mail this address when the run ends, repeatable', collect)
    .option('--draft', 'run the latest draft instead of the published version')
    .option('--wait', 'follow the run to its end')
    .action(action(create));

  runs
    .command('list')
    .description('List runs, newest first.')
    .option('-s, --status <status>', 'only runs in this status')
    .option('--skill <skill>', 'only runs of this skill (id or name)')
    .option('-n, --limit <count>', 'at most this many', '20')
    .action(
      action(async (ctx, options: { status?: string; skill?: string; limit: string }) => {
        const client = workspaceClient(ctx);
        const limit = positive(options.limit, '--limit');
        const found: SkillRun[] = [];
        const query = {
          limit: Math.min(limit, 200),
          ...(options.status ? { status: options.status as RunStatus } : {}),
          ...(options.skill ? { skill_id: await resolveSkillId(client, options.skill) } : {}),
        };
        for await (const run of client.skillRuns.list(query)) {
          found.push(run);
          if (found.length >= limit) break;
        }
        ctx.out.list(found, runColumns);
      }),
    );

  runs
    .command('get')
    .description('Show a run.')
    .argument('<run>', 'the run id')
    .action(
      action(async (ctx, _options, id: string) => {
        ctx.out.item(await clientFor(ctx).skillRuns.get(id), runFields);
      }),
    );

  runs
    .command('logs')
    .description("Print a run's console output; with --follow, live until the run ends (exit 1 unless it completes).")
    .argument('<run>', 'the run id')
    .option('-f, --follow', 'keep printing until the run ends (with --json: every event, one JSON object a line)')
    .action(
      action(async (ctx, options: { follow?: boolean }, id: string) => {
        const client = clientFor(ctx);
        if (!options.follow) {
          const run = await client.skillRuns.get(id);
          if (ctx.out.json) ctx.out.item({ id: run.id, status: run.status, console_output: run.console_output }, []);
          else process.stdout.write(run.console_output);
          return;
        }
        const run = await watchRun(ctx, client, id, {
          print: !ctx.out.json,
          answerAtTerminal: false,
          ...(ctx.out.json ? { onEvent: (event) => process.stdout.write(`${JSON.stringify(event)}\n`) } : {}),
        });
        process.exitCode = reportEnd(ctx, run);
      }),
    );

  runs
    .command('input')
    .description('Answer the question of a waiting run (the answer is prompted for, or read from stdin, if not given).')
    .argument('<run>', 'the run id')
    .argument('[answer]', 'the answer')
    .action(
      action(async (ctx, _options, id: string, answer?: string) => {
        const text = answer ?? (await askOrRead('answer> ', 'answer'));
        const accepted = await clientFor(ctx).skillRuns.input(id, { answer: text });
        ctx.out.message(`Answered run ${id}; it goes on.`, accepted);
      }),
    );

  runs
    .command('cancel')
    .description('Cancel a run; its partial outputs are kept.')
    .argument('<run>', 'the run id')
    .action(
      action(async (ctx, _options, id: string) => {
        const run = await clientFor(ctx).skillRuns.cancel(id);
        ctx.out.message(`Cancelling run ${id}.`, run);
      }),
    );

  runs
    .command('download')
    .description('Save a run\'s output files as a ZIP (default ./<run>-output.zip; "-" writes to stdout).')
    .argument('<run>', 'the run id')
    .argument('[dest]', 'where to write it')
    .action(
      action(async (ctx, _options, id: string, dest?: string) => {
        const response = await clientFor(ctx).skillRuns.download(id);
        await saveResponse(ctx, response, dest ?? `${id}-output.zip`);
      }),
    );
}

async function create(ctx: Context, options: CreateOptions, skillRef: string) {
  const client = workspaceClient(ctx);
  const accepted = await client.skillRuns.create({
    skill_id: await resolveSkillId(client, skillRef),
    ...(options.instructions !== undefined ? { instructions: options.instructions } : {}),
    ...(options.context ? { context_paths: options.context } : {}),
    ...(options.model ? { model: options.model } : {}),
    ...(options.maxDuration ? { max_duration: positive(options.maxDuration, '--max-duration') } : {}),
    ...(options.notify ? { notify_emails: options.notify } : {}),
    ...(options.draft ? { stage: 'draft' as const } : {}),
  });
  if (!options.wait) {
    ctx.out.item(accepted.run, runFields);
    return;
  }
  ctx.err(`run ${accepted.run_id} started`);
  const run = await watchRun(ctx, client, accepted.run_id, { print: !ctx.out.json, answerAtTerminal: true });
  if (ctx.out.json) ctx.out.item(run, runFields);
  process.exitCode = reportEnd(ctx, run);
}

function positive(value: string, option: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new CliError(`${option} takes a positive whole number`, ExitCode.usage);
  return n;
}
