/**
 * `conversations create|list|get|update|delete|items`: what scratchpads belong to, and what a chat's turns said (the
 * turns themselves are started by `chat`).
 */
import type { Command } from 'commander';
import type { Schema } from '../../core/types.ts';
import { clientFor, workspaceClient } from '../client.ts';
import { action } from '../command-action.ts';
import { conversationColumns, conversationFields, conversationItemColumns } from './fields.ts';

interface UpdateOptions {
  title?: string;
  /** `false` for `--no-goal`. */
  goal?: string | false;
  status?: string;
}

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

  conversations
    .command('get')
    .description('Show a conversation.')
    .argument('<conversation>', 'the conversation id')
    .action(
      action(async (ctx, _options, id: string) => {
        ctx.out.item(await clientFor(ctx).conversations.get(id), conversationFields);
      }),
    );

  conversations
    .command('update')
    .description('Change a conversation (only what is given).')
    .argument('<conversation>', 'the conversation id')
    .option('--title <title>', 'its new title')
    .option('--goal <text>', 'the task it pursues (the agent sees it at every turn)')
    .option('--no-goal', 'clear its goal')
    .option('--status <status>', 'active or archived')
    .action(
      action(async (ctx, options: UpdateOptions, id: string) => {
        const body = {
          ...(options.title !== undefined ? { title: options.title } : {}),
          ...(options.goal !== undefined ? { goal: options.goal === false ? null : options.goal } : {}),
          ...(options.status ? { status: options.status as Schema<'ConversationStatus'> } : {}),
        };
        ctx.out.item(await clientFor(ctx).conversations.update(id, body), conversationFields);
      }),
    );

  conversations
    .command('delete')
    .description('Delete a conversation with its items and responses (a running turn is cancelled).')
    .argument('<conversation>', 'the conversation id')
    .action(
      action(async (ctx, _options, id: string) => {
        await clientFor(ctx).conversations.delete(id);
        ctx.out.message(`Deleted ${id}.`, { deleted: id });
      }),
    );

  conversations
    .command('items')
    .description("List a conversation's messages, tool calls and tool results, in order.")
    .argument('<conversation>', 'the conversation id')
    .action(
      action(async (ctx, _options, id: string) => {
        ctx.out.list(await clientFor(ctx).conversations.items(id).toArray(), conversationItemColumns);
      }),
    );
}
