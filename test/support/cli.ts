/**
 * Drives the `skillplane` CLI as a real subprocess: its TypeScript entry on this Node 24 (type stripping), with HOME
 * and XDG_CONFIG_HOME in a temporary folder so nothing touches the user's own config.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtemp, readFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { Skillplane } from '../../clients/typescript/src/index.ts';
import { createUser } from '../../src/auth/users.ts';
import type { TestApp } from './test-app.ts';

export const CLI_ENTRY = path.resolve(import.meta.dirname, '../../clients/typescript/src/cli/main.ts');

export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

export interface CliHome {
  home: string;
  configFile: string;
  env: Record<string, string>;
  /** Runs `skillplane ...args` to its end. */
  run(args: string[], options?: { input?: string; env?: Record<string, string> }): Promise<CliResult>;
  /** Starts `skillplane ...args` and hands back the process with its output so far, for streaming commands. */
  start(args: string[], options?: { env?: Record<string, string> }): RunningCli;
  /** Starts `skillplane ...args` on a pseudo-terminal (stdin, stdout and stderr), as from an interactive shell. */
  atTerminal(args: string[]): TerminalCli;
}

export interface TerminalCli {
  /** Everything the terminal showed so far (stdout and stderr together, with control sequences). */
  screen(): string;
  /** Types into the terminal. */
  type(text: string): void;
  done: Promise<number | null>;
}

export interface RunningCli {
  child: ChildProcess;
  output(): CliResult;
  done: Promise<CliResult>;
}

export async function cliHome(apiUrl: string): Promise<CliHome> {
  const home = await mkdtemp(path.join(os.tmpdir(), 'skillplane-cli-'));
  const env = {
    PATH: process.env.PATH ?? '',
    HOME: home,
    XDG_CONFIG_HOME: path.join(home, 'config'),
    SKILLPLANE_API_URL: apiUrl,
    NO_COLOR: '1',
  };
  const start = (args: string[], options: { input?: string; env?: Record<string, string> } = {}): RunningCli => {
    const child = spawn(process.execPath, [CLI_ENTRY, ...args], {
      env: { ...env, ...options.env },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    const result: CliResult = { code: null, stdout: '', stderr: '' };
    child.stdout!.setEncoding('utf8').on('data', (s: string) => {
      result.stdout += s;
    });
    child.stderr!.setEncoding('utf8').on('data', (s: string) => {
      result.stderr += s;
    });
    child.stdin!.end(options.input ?? '');
    const done = new Promise<CliResult>((resolve, reject) => {
      child.on('error', reject);
      child.on('close', (code) => resolve({ ...result, code }));
    });
    return { child, output: () => ({ ...result }), done };
  };
  const atTerminal = (args: string[]): TerminalCli => {
    // util-linux `script` runs the command on a new pseudo-terminal and relays it to its own stdio.
    const command = [process.execPath, CLI_ENTRY, ...args].map((arg) => `'${arg.replaceAll("'", "'\\''")}'`).join(' ');
    const child = spawn('script', ['-qfec', command, '/dev/null'], { env: { ...env, TERM: 'xterm' } });
    let screen = '';
    child.stdout.setEncoding('utf8').on('data', (s: string) => {
      screen += s;
    });
    return {
      screen: () => screen,
      type: (text) => child.stdin.write(text),
      done: new Promise((resolve, reject) => {
        child.on('error', reject);
        child.on('close', resolve);
      }),
    };
  };
  return {
    home,
    atTerminal,
    configFile: path.join(home, 'config', 'skillplane', 'config.json'),
    env,
    run: (args, options) => start(args, options).done,
    start,
  };
}

/**
 * A CLI home signed in as a new user with a new workspace in use, and an SDK client for the same session and
 * workspace (to set things up and check what the CLI did).
 */
export async function signedInCli(t: TestApp): Promise<{ cli: CliHome; sdk: Skillplane; session: string }> {
  const email = `cli-${randomBytes(4).toString('hex')}@example.com`;
  const password = 'correct horse battery staple';
  await createUser(t.deps.prisma, { email, password, isAdmin: false });
  const cli = await cliHome(t.url);
  const login = await cli.run(['login', '--email', email], { input: `${password}\n` });
  if (login.code !== 0) throw new Error(`login failed: ${login.stderr}`);
  const created = await cli.run(['workspaces', 'create', 'Lab', '--json']);
  if (created.code !== 0) throw new Error(`workspaces create failed: ${created.stderr}`);
  const workspace = JSON.parse(created.stdout) as { id: string };
  const used = await cli.run(['workspaces', 'use', workspace.id]);
  if (used.code !== 0) throw new Error(`workspaces use failed: ${used.stderr}`);
  const session: string = JSON.parse(await readFile(cli.configFile, 'utf8')).credential.secret;
  return { cli, session, sdk: new Skillplane({ baseUrl: t.url, sessionToken: session, workspaceId: workspace.id }) };
}
