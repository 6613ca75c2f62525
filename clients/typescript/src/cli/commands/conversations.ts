/** `conversations create|list`: what scratchpads belong to (the agent's turns are in the API and the client). */
import type { Command } from 'commander';
import { workspaceClient } from '../client.ts';
import { action } from '../command-action.ts';
import { conversationColumns } from './fields.ts';

export function registerConversations(program: Command) {
  const conversations = program.command('conversations').description('Conversations of the workspace.');

  conversations
    .command('create')
    .description('Start a conversation (to hold scratchpads).')
    .option('--title <title>', 'its title')
    .option('--project <id>', 'the project it belongs to')
    .action(
      action(async (ctx, options: { title?: string; project?: string }) => {
        const client = workspaceClient(ctx);
        const conversation = await client.conversations.create({
          ...(options.title ? { title: options.title } : {}),
          ...(options.project ? { project_id: options.project } : {}),
        });
        ctx.out.item(conversation, conversationColumns);
      }),
    );

  conversations
    .command('list')
    .description('List the conversations of the workspace, newest first.')
    .option('--project <id>', "only this project's")
    .action(
      action(async (ctx, options: { project?: string }) => {
        const client = workspaceClient(ctx);
        const rows = await client.conversations.list(options.project ? { project_id: options.project } : {}).toArray();
        ctx.out.list(rows, conversationColumns);
      }),
    );
}
