/** `projects create|list|get|update|delete`: what conversations, memories, files and artifacts are grouped in. */
import type { Command } from 'commander';
import { clientFor, workspaceClient } from '../client.ts';
import { action, collect } from '../command-action.ts';
import { projectColumns, projectFields } from './resource-fields.ts';

interface ProjectOptions {
  name?: string;
  description?: string;
  skill?: string[];
  connection?: string[];
}

/** The body fields the options give (`--skill`/`--connection` replace the whole list). */
const fields = (options: ProjectOptions) => ({
  ...(options.description !== undefined ? { description: options.description } : {}),
  ...(options.skill ? { skill_ids: options.skill } : {}),
  ...(options.connection ? { connector_ids: options.connection } : {}),
});

export function registerProjects(program: Command) {
  const projects = program.command('projects').description('Projects of the workspace.');
  const withFields = (command: Command) =>
    command
      .option('--description <text>', 'what it is about')
      .option('--skill <id>', 'a skill active in all its conversations, repeatable (replaces the list)', collect)
      .option('--connection <id>', 'a connection its conversations may use, repeatable (replaces the list)', collect);

  withFields(projects.command('create').description('Create a project.').argument('<name>', 'its name')).action(
    action(async (ctx, options: ProjectOptions, name: string) => {
      ctx.out.item(await workspaceClient(ctx).projects.create({ name, ...fields(options) }), projectFields);
    }),
  );

  projects
    .command('list')
    .description('List the projects of the workspace.')
    .action(
      action(async (ctx) => {
        ctx.out.list(await workspaceClient(ctx).projects.list().toArray(), projectColumns);
      }),
    );

  projects
    .command('get')
    .description('Show a project.')
    .argument('<project>', 'the project id')
    .action(
      action(async (ctx, _options, id: string) => {
        ctx.out.item(await clientFor(ctx).projects.get(id), projectFields);
      }),
    );

  withFields(
    projects
      .command('update')
      .description('Change a project (only what is given).')
      .argument('<project>', 'the project id')
      .option('--name <name>', 'its new name'),
  ).action(
    action(async (ctx, options: ProjectOptions, id: string) => {
      const body = { ...(options.name !== undefined ? { name: options.name } : {}), ...fields(options) };
      ctx.out.item(await clientFor(ctx).projects.update(id, body), projectFields);
    }),
  );

  projects
    .command('delete')
    .description('Delete a project with its conversations, files, memories, artifacts and schedules.')
    .argument('<project>', 'the project id')
    .action(
      action(async (ctx, _options, id: string) => {
        await clientFor(ctx).projects.delete(id);
        ctx.out.message(`Deleted ${id}.`, { deleted: id });
      }),
    );
}
