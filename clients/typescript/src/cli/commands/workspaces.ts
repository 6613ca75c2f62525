/** `workspaces list|create|get|use`: where everything else lives, and which one commands act in. */
import type { Command } from 'commander';
import { clientFor } from '../client.ts';
import { action } from '../command-action.ts';
import { CliError, ExitCode } from '../exit-codes.ts';
import { workspaceColumns, workspaceFields } from './fields.ts';

export function registerWorkspaces(program: Command) {
  const workspaces = program.command('workspaces').description('List, create, show and choose workspaces.');

  workspaces
    .command('list')
    .description('List the workspaces you belong to.')
    .action(
      action(async (ctx) => {
        ctx.out.list(await clientFor(ctx).workspaces.list().toArray(), workspaceColumns);
      }),
    );

  workspaces
    .command('create')
    .description('Create a workspace; it becomes the default when none is chosen yet.')
    .argument('<name>', 'its name')
    .action(
      action(async (ctx, _options, name: string) => {
        const workspace = await clientFor(ctx).workspaces.create({ name });
        ctx.out.item(workspace, workspaceFields);
        if (!ctx.stored.workspace_id) {
          await ctx.save({ ...ctx.stored, workspace_id: workspace.id });
          ctx.err(`(${workspace.id} is now the default workspace)`);
        }
      }),
    );

  workspaces
    .command('get')
    .description('Show a workspace (the default one when no id is given).')
    .argument('[id]', 'the workspace id')
    .action(
      action(async (ctx, _options, id?: string) => {
        const workspaceId = id ?? ctx.workspaceId();
        if (!workspaceId) throw new CliError('no workspace chosen: give an id', ExitCode.usage);
        ctx.out.item(await clientFor(ctx).workspaces.get(workspaceId), workspaceFields);
      }),
    );

  workspaces
    .command('use')
    .description('Make a workspace the default for later commands (checks that you can see it).')
    .argument('<id>', 'the workspace id')
    .action(
      action(async (ctx, _options, id: string) => {
        const workspace = await clientFor(ctx).workspaces.get(id);
        await ctx.save({ ...ctx.stored, workspace_id: workspace.id });
        ctx.out.message(`Now using workspace ${workspace.id} (${workspace.name}).`, workspace);
      }),
    );
}
