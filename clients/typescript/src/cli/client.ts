/** The SDK client a command talks through, built from the resolved context. */
import { Skillplane } from '../index.ts';
import type { Context } from './context.ts';
import { CliError, ExitCode } from './exit-codes.ts';

/** A client carrying the context's credential; without one, an auth error that says how to sign in. */
export function clientFor(ctx: Context): Skillplane {
  if (!ctx.secret) throw new CliError(ctx.notSignedIn, ExitCode.auth);
  return new Skillplane({ baseUrl: ctx.apiUrl, apiKey: ctx.secret });
}

/** A client for commands inside a workspace: a usage error first if a session has none chosen. */
export function workspaceClient(ctx: Context): Skillplane {
  const client = clientFor(ctx);
  client.workspaceId = ctx.workspaceId();
  return client;
}

/** A client without a credential (signing in), or with a given one (being checked, or ended at its issuer). */
export function bareClient(ctx: Context, credential?: string, baseUrl = ctx.apiUrl): Skillplane {
  return new Skillplane({ baseUrl, ...(credential ? { apiKey: credential } : {}) });
}
