/** `memories create|list|get|update|delete`: facts the agent keeps for the workspace, or for one project. */
import type { Command } from 'commander';
import { clientFor, workspaceClient } from '../client.ts';
import { action } from '../command-action.ts';
import { memoryColumns, memoryFields } from './resource-fields.ts';

export function registerMemories(program: Command) {
  const memories = program.command('memories').description('Memories of the workspace or of a project.');

  memories
    .command('create')
    .description('Remember something, for the whole workspace or (with --project) one project.')
    .argument('<content>', 'what to remember')
    .option('--project <id>', 'the project it belongs to')
    .action(
      action(async (ctx, options: { project?: string }, content: string) => {
        // A project names its workspace: no workspace needs choosing then.
        const client = options.project ? clientFor(ctx) : workspaceClient(ctx);
        const memory = await client.memories.create({
          content,
          ...(options.project ? { project_id: options.project } : {}),
        });
        ctx.out.item(memory, memoryFields);
      }),
    );

  memories
    .command('list')
    .description("List the workspace-global memories, or with --project that project's.")
    .option('--project <id>', "the project's memories")
    .action(
      action(async (ctx, options: { project?: string }) => {
        const client = options.project ? clientFor(ctx) : workspaceClient(ctx);
        const rows = await client.memories.list(options.project ? { project_id: options.project } : {}).toArray();
        ctx.out.list(rows, memoryColumns);
      }),
    );

  memories
    .command('get')
    .description('Show a memory.')
    .argument('<memory>', 'the memory id')
    .action(
      action(async (ctx, _options, id: string) => {
        ctx.out.item(await clientFor(ctx).memories.get(id), memoryFields);
      }),
    );

  memories
    .command('update')
    .description("Replace a memory's content.")
    .argument('<memory>', 'the memory id')
    .argument('<content>', 'its new content')
    .action(
      action(async (ctx, _options, id: string, content: string) => {
        ctx.out.item(await clientFor(ctx).memories.update(id, { content }), memoryFields);
      }),
    );

  memories
    .command('delete')
    .description('Forget a memory.')
    .argument('<memory>', 'the memory id')
    .action(
      action(async (ctx, _options, id: string) => {
        await clientFor(ctx).memories.delete(id);
        ctx.out.message(`Deleted ${id}.`, { deleted: id });
      }),
    );
}
