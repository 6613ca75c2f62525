/** `schedules create|list|get|pause|resume|trigger`: runs of a skill on a cron schedule. */
import type { Command } from 'commander';
import type { Schema } from '../../core/types.ts';
import { clientFor, workspaceClient } from '../client.ts';
import { action, collect } from '../command-action.ts';
import type { Context } from '../context.ts';
import { scheduleColumns, scheduleFields } from './fields.ts';
import { resolveSkillId } from './skill-ref.ts';

interface CreateOptions {
  cron: string;
  skill: string;
  timezone?: string;
  instructions?: string;
  context?: string[];
  model?: string;
  overlap?: string;
  paused?: boolean;
  now?: boolean;
}

export function registerSchedules(program: Command) {
  const schedules = program.command('schedules').description('Run skills on a cron schedule.');

  schedules
    .command('create')
    .description('Create a schedule that runs a skill at the times of a five-field cron expression.')
    .argument('<name>', 'its name')
    .requiredOption('--cron <expression>', 'when, e.g. "0 9 * * 1-5"')
    .requiredOption('--skill <skill>', 'the skill to run (id or name)')
    .option('--timezone <iana>', "the cron's time zone (default UTC)")
    .option('-i, --instructions <text>', 'extra instructions for each run')
    .option('-c, --context <path>', 'a workspace file or folder to give each run, repeatable', collect)
    .option('-m, --model <provider:model>', 'the model of the runs')
    .option('--overlap <policy>', 'when a run is still going: skip (default), buffer_one, allow_all')
    .option('--paused', 'create it paused')
    .option('--now', 'also run once right away')
    .action(action(create));

  schedules
    .command('list')
    .description('List the schedules of the workspace.')
    .action(
      action(async (ctx) => {
        ctx.out.list(await workspaceClient(ctx).schedules.list().toArray(), scheduleColumns);
      }),
    );

  schedules
    .command('get')
    .description('Show a schedule.')
    .argument('<schedule>', 'the schedule id')
    .action(
      action(async (ctx, _options, id: string) => {
        ctx.out.item(await clientFor(ctx).schedules.get(id), scheduleFields);
      }),
    );

  schedules
    .command('pause')
    .description('Pause a schedule: it takes no action until resumed.')
    .argument('<schedule>', 'the schedule id')
    .option('--note <text>', 'why (kept with the schedule)')
    .action(
      action(async (ctx, options: { note?: string }, id: string) => {
        const schedule = await clientFor(ctx).schedules.pause(id, options.note ? { note: options.note } : {});
        ctx.out.item(schedule, scheduleFields);
      }),
    );

  schedules
    .command('resume')
    .description('Resume a paused schedule.')
    .argument('<schedule>', 'the schedule id')
    .action(
      action(async (ctx, _options, id: string) => {
        ctx.out.item(await clientFor(ctx).schedules.resume(id), scheduleFields);
      }),
    );

  schedules
    .command('trigger')
    .description("Take the schedule's action once, now (its runs are listed by `runs list`).")
    .argument('<schedule>', 'the schedule id')
    .action(
      action(async (ctx, _options, id: string) => {
        const result = await clientFor(ctx).schedules.trigger(id);
        ctx.out.message(result.triggered ? `Triggered schedule ${id}.` : `Schedule ${id} was not triggered.`, result);
      }),
    );
}

async function create(ctx: Context, options: CreateOptions, name: string) {
  const client = workspaceClient(ctx);
  const schedule = await client.schedules.create({
    name,
    cron_expression: options.cron,
    skill_id: await resolveSkillId(client, options.skill),
    ...(options.timezone ? { timezone: options.timezone } : {}),
    ...(options.instructions !== undefined ? { instructions: options.instructions } : {}),
    ...(options.context ? { context_paths: options.context } : {}),
    ...(options.model ? { model: options.model } : {}),
    ...(options.overlap ? { overlap_policy: options.overlap as Schema<'OverlapPolicy'> } : {}),
    ...(options.paused ? { enabled: false } : {}),
    ...(options.now ? { trigger_immediately: true } : {}),
  });
  ctx.out.item(schedule, scheduleFields);
}
