/** `login`, `logout` and `whoami`: getting a credential into the config file and out again. */
import type { Command } from 'commander';
import { ApiError } from '../../core/errors.ts';
import { bareClient, clientFor } from '../client.ts';
import { action } from '../command-action.ts';
import type { Context } from '../context.ts';
import { CliError, ExitCode } from '../exit-codes.ts';
import { ask, askOrRead } from '../prompt.ts';
import { userFields } from './fields.ts';

export function registerAuth(program: Command) {
  program
    .command('login')
    .summary('Sign in with a password, or store an API key.')
    .description(
      'Sign in with e-mail and password (the password is prompted for, or read from stdin), or store an API key ' +
        '(--api-key: prompted for, or read from stdin). The credential is kept in the config file (mode 0600).',
    )
    .option('--email <email>', 'the account to sign in as (prompted for when absent)')
    .option('--api-key', 'store an API key instead of signing in with a password')
    .addHelpText(
      'after',
      '\nExamples:\n  skillplane login --email you@example.com\n  echo "$KEY" | skillplane login --api-key',
    )
    .action(action(login));

  program
    .command('logout')
    .description('End the stored session on the server and forget the credential (an API key stays valid).')
    .action(action(logout));

  program
    .command('whoami')
    .description('Show the signed-in user.')
    .action(
      action(async (ctx) => {
        ctx.out.item(await clientFor(ctx).auth.me(), userFields);
      }),
    );
}

async function login(ctx: Context, options: { email?: string; apiKey?: boolean }) {
  if (options.apiKey) {
    const key = await askOrRead('API key: ', 'API key', { secret: true });
    const user = await bareClient(ctx, key).auth.me();
    await remember(ctx, { kind: 'api_key', secret: key, email: user.email });
    return;
  }
  // Piped in, stdin carries the password alone: the e-mail must come as an option.
  if (!options.email && !process.stdin.isTTY)
    throw new CliError('give --email when the password comes from stdin', ExitCode.usage);
  const email = options.email ?? (await ask('E-mail: '));
  const password = await askOrRead('Password: ', 'password', { secret: true });
  const session = await bareClient(ctx).auth.signIn({ email, password });
  await remember(ctx, { kind: 'session', secret: session.token, email: session.user.email }, session.expires_at);
}

/** Stores the credential, and the workspace too when the user has exactly one and none is chosen yet. */
async function remember(
  ctx: Context,
  credential: { kind: 'session' | 'api_key'; secret: string; email: string },
  expiresAt?: string,
) {
  // A workspace chosen on another server means nothing here.
  let workspaceId = ctx.stored.api_url === ctx.apiUrl ? ctx.stored.workspace_id : undefined;
  if (!workspaceId) {
    const page = await bareClient(ctx, credential.secret).workspaces.list({ limit: 2 });
    if (page.data.length === 1) workspaceId = page.data[0]!.id;
  }
  const { workspace_id: _previous, ...rest } = ctx.stored;
  await ctx.save({ ...rest, api_url: ctx.apiUrl, credential, ...(workspaceId ? { workspace_id: workspaceId } : {}) });
  const until = expiresAt ? ` until ${expiresAt}` : '';
  ctx.out.message(
    `Signed in to ${ctx.apiUrl} as ${credential.email}${until}${workspaceId ? `, workspace ${workspaceId}` : ''}.`,
    { api_url: ctx.apiUrl, email: credential.email, kind: credential.kind, workspace_id: workspaceId ?? null },
  );
}

async function logout(ctx: Context) {
  const { credential, api_url: issuer } = ctx.stored;
  if (credential?.kind === 'session') {
    try {
      // Ended where it was issued, whatever --api-url says.
      await bareClient(ctx, credential.secret, issuer).auth.signOut();
    } catch (err) {
      // An expired or already ended session is what logging out wants; anything else is worth reporting.
      if (!(err instanceof ApiError && err.status === 401)) throw err;
    }
  }
  const { credential: _forgotten, ...rest } = ctx.stored;
  await ctx.save(rest);
  ctx.out.message(credential ? `Signed out of ${issuer}.` : 'Not signed in.', { signed_out: Boolean(credential) });
}
