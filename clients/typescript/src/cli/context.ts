/**
 * What every command works with, resolved once from flags, environment and the config file (in that order of
 * precedence): the API's address, the credential, the default workspace, and how to print.
 */
import { configPath, readConfig, type StoredConfig, writeConfig } from './config-file.ts';
import { CliError, ExitCode } from './exit-codes.ts';
import { createPrinter, type Printer } from './output.ts';

export const DEFAULT_API_URL = 'http://127.0.0.1:3000';

export interface GlobalOptions {
  apiUrl?: string;
  workspace?: string;
  json?: boolean;
}

export interface Context {
  env: NodeJS.ProcessEnv;
  configFile: string;
  stored: StoredConfig;
  apiUrl: string;
  /** The secret requests carry, if any: `SKILLPLANE_API_KEY` or the stored credential. */
  secret: string | undefined;
  /** Why there is no secret, and what to do about it. */
  notSignedIn: string;
  out: Printer;
  /** Progress and diagnostics. */
  err: (text: string) => void;
  /**
   * The workspace to act in. Without one, a session gets a usage error naming the ways to choose one; an API key may
   * be bound to a workspace, so the server decides for it.
   */
  workspaceId(): string | undefined;
  save(next: StoredConfig): Promise<void>;
}

export async function createContext(options: GlobalOptions, env: NodeJS.ProcessEnv): Promise<Context> {
  const configFile = configPath(env);
  const stored = await readConfig(configFile);
  const apiUrl = (options.apiUrl || env.SKILLPLANE_API_URL || stored.api_url || DEFAULT_API_URL).replace(/\/+$/, '');
  const workspace = options.workspace || env.SKILLPLANE_WORKSPACE || stored.workspace_id;
  // A credential goes only to the server that issued it: --api-url pointing elsewhere must not carry it there.
  const storedSecret = stored.api_url === apiUrl ? stored.credential?.secret : undefined;
  const notSignedIn =
    stored.credential && !storedSecret
      ? `the stored credential is for ${stored.api_url}, not ${apiUrl}: run \`skillplane login --api-url ${apiUrl}\``
      : 'not signed in: run `skillplane login` (or set SKILLPLANE_API_KEY)';
  const ctx: Context = {
    env,
    configFile,
    stored,
    apiUrl,
    secret: env.SKILLPLANE_API_KEY || storedSecret,
    notSignedIn,
    out: createPrinter(options.json === true, (text) => process.stdout.write(text)),
    err: (text) => process.stderr.write(`${text}\n`),
    workspaceId() {
      if (workspace || env.SKILLPLANE_API_KEY || stored.credential?.kind !== 'session') return workspace;
      throw new CliError(
        'no workspace chosen: pass --workspace <id>, set SKILLPLANE_WORKSPACE, or run `skillplane workspaces use <id>`',
        ExitCode.usage,
      );
    },
    async save(next) {
      await writeConfig(configFile, next);
      ctx.stored = next;
    },
  };
  return ctx;
}
