/** `skills create|list|get|publish`. */
import { readFile } from 'node:fs/promises';
import type { Command } from 'commander';
import type { Schema } from '../../core/types.ts';
import { workspaceClient } from '../client.ts';
import { action, collect } from '../command-action.ts';
import { CliError, ExitCode } from '../exit-codes.ts';
import { skillColumns, skillFields } from './fields.ts';
import { resolveSkillId, skillClient } from './skill-ref.ts';

interface CreateOptions {
  description: string;
  instructions?: string;
  instructionsFile?: string;
  tool?: string[];
  draft?: boolean;
  global?: boolean;
}

export function registerSkills(program: Command) {
  const skills = program.command('skills').description('Create, list, show and publish skills.');

  skills
    .command('create')
    .description('Create a skill; version 1 is published at once unless --draft.')
    .argument('<name>', 'its name, unique in the workspace')
    .requiredOption('-d, --description <text>', 'what it does')
    .option('--instructions <text>', 'what the agent is told')
    .option('--instructions-file <path>', 'read the instructions from a file')
    .option(
      '-t, --tool <name>',
      'a tool it may use, repeatable: read_file, write_file, list_files, run_python, run_shell, ask_user',
      collect,
    )
    .option('--draft', 'keep version 1 a draft (publish it with `skills publish`)')
    .option('--global', 'share it with every workspace (administrators)')
    .action(
      action(async (ctx, options: CreateOptions, name: string) => {
        if (options.instructions !== undefined && options.instructionsFile)
          throw new CliError('give --instructions or --instructions-file, not both', ExitCode.usage);
        const instructions = options.instructionsFile
          ? await readFile(options.instructionsFile, 'utf8')
          : options.instructions;
        const skill = await workspaceClient(ctx).skills.create({
          name,
          description: options.description,
          ...(instructions !== undefined ? { instructions } : {}),
          ...(options.tool ? { tools: options.tool as Schema<'ToolName'>[] } : {}),
          publish: !options.draft,
          ...(options.global ? { is_global: true } : {}),
        });
        ctx.out.item(skill, skillFields);
      }),
    );

  skills
    .command('list')
    .description('List the skills of the workspace (with global ones).')
    .action(
      action(async (ctx) => {
        ctx.out.list(await workspaceClient(ctx).skills.list().toArray(), skillColumns);
      }),
    );

  skills
    .command('get')
    .description('Show a skill.')
    .argument('<skill>', 'its id or name')
    .action(
      action(async (ctx, _options, ref: string) => {
        const client = skillClient(ctx, ref);
        ctx.out.item(await client.skills.get(await resolveSkillId(client, ref)), skillFields);
      }),
    );

  skills
    .command('publish')
    .description('Publish a version (the latest when none is given): runs use it from then on.')
    .argument('<skill>', 'its id or name')
    .argument('[version]', 'the version number')
    .action(
      action(async (ctx, _options, ref: string, version?: string) => {
        const client = skillClient(ctx, ref);
        const skillId = await resolveSkillId(client, ref);
        const number = version === undefined ? (await client.skills.get(skillId)).version : Number(version);
        if (!Number.isInteger(number) || number < 1) throw new CliError(`not a version: ${version}`, ExitCode.usage);
        const skill = await client.skills.publish(skillId, number);
        ctx.out.item(skill, skillFields);
      }),
    );
}
