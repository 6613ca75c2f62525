/**
 * The CLI's stored settings: `$XDG_CONFIG_HOME/skillplane/config.json`, else `~/.config/skillplane/config.json`.
 * It holds a session token or an API key, so the folder is 0700 and the file 0600, written whole through a temporary
 * file created 0600 (never a moment where the secret sits in a file others can read, never a half-written file).
 */
import { chmod, mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { CliError, ExitCode } from './exit-codes.ts';

export interface StoredConfig {
  api_url?: string;
  /** How the stored secret authenticates: a session from `login` with a password, or an API key. */
  credential?: { kind: 'session' | 'api_key'; secret: string; email?: string };
  /** The workspace commands act in unless `--workspace` or `SKILLPLANE_WORKSPACE` say otherwise. */
  workspace_id?: string;
}

export function configPath(env: NodeJS.ProcessEnv): string {
  const base = env.XDG_CONFIG_HOME || path.join(env.HOME || os.homedir(), '.config');
  return path.join(base, 'skillplane', 'config.json');
}

export async function readConfig(file: string): Promise<StoredConfig> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return {};
    throw err;
  }
  try {
    const parsed: unknown = JSON.parse(text);
    if (parsed && typeof parsed === 'object' && !Array.isArray(parsed)) return parsed as StoredConfig;
  } catch {
    // Reported below with the file's name, which says more than JSON.parse's message.
  }
  throw new CliError(`${file} is not a JSON object; fix or delete it`, ExitCode.usage);
}

export async function writeConfig(file: string, config: StoredConfig): Promise<void> {
  const dir = path.dirname(file);
  await mkdir(dir, { recursive: true, mode: 0o700 });
  // mkdir leaves an existing folder's mode alone; a folder made by something else may be wider.
  await chmod(dir, 0o700);
  const temporary = `${file}.${process.pid}.tmp`;
  try {
    await writeFile(temporary, `${JSON.stringify(config, null, 2)}\n`, { mode: 0o600, flag: 'wx' });
    await rename(temporary, file);
  } finally {
    await rm(temporary, { force: true });
  }
}
