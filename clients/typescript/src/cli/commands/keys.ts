/** `keys create|list|revoke`: API keys for scripts and CI (managed with a signed-in session). */
import type { Command } from 'commander';
import type { Schema } from '../../core/types.ts';
import { clientFor } from '../client.ts';
import { action, collect } from '../command-action.ts';
import { CliError, ExitCode } from '../exit-codes.ts';
import { keyColumns } from './fields.ts';

interface CreateOptions {
  name?: string;
  scope?: string[];
  workspaceOnly?: boolean;
  test?: boolean;
  expires?: string;
}

export function registerKeys(program: Command) {
  const keys = program.command('keys').description('Create, list and revoke API keys (needs a password sign-in).');

  keys
    .command('create')
    .description('Create an API key. Its secret is printed this once: store it now.')
    .option('--name <name>', 'what it is for')
    .option(
      '--scope <scope>',
      'limit it to a scope (e.g. runs:write), repeatable; none = everything you may do',
      collect,
    )
    .option('--workspace-only', 'bind it to the current workspace')
    .option('--test', 'make a test-mode key (spk_test_…)')
    .option('--expires <date-time>', 'when it stops working (ISO 8601)')
    .action(
      action(async (ctx, options: CreateOptions) => {
        const workspaceId = options.workspaceOnly ? ctx.workspaceId() : undefined;
        if (options.workspaceOnly && !workspaceId)
          throw new CliError('--workspace-only needs a workspace: pass --workspace <id>', ExitCode.usage);
        const created = await clientFor(ctx).apiKeys.create({
          ...(options.name ? { name: options.name } : {}),
          ...(options.scope ? { scopes: options.scope as Schema<'Scope'>[] } : {}),
          ...(workspaceId ? { workspace_id: workspaceId } : {}),
          ...(options.test ? { mode: 'test' as const } : {}),
          ...(options.expires ? { expires_at: options.expires } : {}),
        });
        // The one place a secret is printed: the server shows it only in this answer.
        ctx.out.message(`${created.key}\n\nKey ${created.id} (${created.name}). ${created.message}`, created);
      }),
    );

  keys
    .command('list')
    .description('List your API keys (never their secrets).')
    .action(
      action(async (ctx) => {
        ctx.out.list(await clientFor(ctx).apiKeys.list().toArray(), keyColumns);
      }),
    );

  keys
    .command('revoke')
    .description('Revoke an API key: it stops working at once.')
    .argument('<key>', 'the key id')
    .action(
      action(async (ctx, _options, id: string) => {
        await clientFor(ctx).apiKeys.revoke(id);
        ctx.out.message(`Revoked ${id}.`, { revoked: id });
      }),
    );
}
