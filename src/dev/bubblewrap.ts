/**
 * Finds bubblewrap (`bwrap`), which the sandbox runs commands in, the way temporal-cli.ts finds the Temporal CLI: an
 * explicit path (`SANDBOX_BWRAP_PATH`), `bwrap` on PATH, or, as root where apt-get exists, Debian's `bubblewrap`
 * package (`apt-get update` only when the install fails: a fresh machine may have no or stale package lists). It
 * never throws: without bwrap the sandbox refuses to run commands, and start-up says why.
 */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';

const run = promisify(execFile);
const APT_TIMEOUT_MS = 10 * 60_000;

export type BubblewrapLookup = { path: string; version: string } | { unavailable: string };

export interface BubblewrapOptions {
  /** `SANDBOX_BWRAP_PATH`: used as given, never replaced by another bwrap when it does not work. */
  explicitPath?: string | undefined;
  log?: (msg: string) => void;
}

/** The path of a working bwrap, or undefined when none could be had (the reason is logged). */
export async function ensureBubblewrap(options: BubblewrapOptions = {}): Promise<string | undefined> {
  const found = await findBubblewrap(options);
  return 'path' in found ? found.path : undefined;
}

/** Like `ensureBubblewrap`, with the version found or why there is none, for start-up output. */
export async function findBubblewrap({
  explicitPath,
  log = () => {},
}: BubblewrapOptions = {}): Promise<BubblewrapLookup> {
  if (explicitPath) {
    const version = await versionOf(explicitPath);
    if (version) return { path: explicitPath, version };
    return unavailable(log, `SANDBOX_BWRAP_PATH=${explicitPath} is not a bwrap that runs`);
  }
  const onPath = await located();
  if (onPath) return onPath;
  if (process.getuid?.() !== 0) return unavailable(log, 'bwrap is not on PATH (install the bubblewrap package)');
  if (!(await commandPath('apt-get'))) return unavailable(log, 'bwrap is not on PATH and there is no apt-get');
  log('bwrap is not on PATH: installing the bubblewrap package with apt-get…');
  const install = () => apt('install', '-y', '-q', 'bubblewrap');
  try {
    await install().catch(async () => {
      log('apt-get install failed; updating the package lists and trying again…');
      await apt('update', '-q');
      await install();
    });
  } catch (err) {
    return unavailable(log, `apt-get install bubblewrap failed: ${lastLine(err)}`);
  }
  const installed = await located();
  if (installed) log(`installed ${installed.version} at ${installed.path}`);
  return installed ?? unavailable(log, 'apt-get installed bubblewrap but bwrap is still not on PATH');
}

/** apt-get with the usual umask: ours may be 0077 (npm start), which would leave package lists unreadable to apt. */
function apt(...args: string[]) {
  return run('sh', ['-c', 'umask 022; DEBIAN_FRONTEND=noninteractive exec apt-get "$@"', 'apt-get', ...args], {
    timeout: APT_TIMEOUT_MS,
    maxBuffer: 16 * 1024 * 1024,
  });
}

async function located(): Promise<{ path: string; version: string } | undefined> {
  const found = await commandPath('bwrap');
  const version = found && (await versionOf(found));
  return found && version ? { path: found, version } : undefined;
}

async function commandPath(name: string): Promise<string | undefined> {
  try {
    const { stdout } = await run('sh', ['-c', `command -v ${name}`]);
    return stdout.trim() || undefined;
  } catch {
    return undefined;
  }
}

/** `bubblewrap 0.8.0` from `bwrap --version`, or undefined when it does not run or is something else. */
async function versionOf(bwrap: string): Promise<string | undefined> {
  try {
    const { stdout } = await run(bwrap, ['--version'], { timeout: 10_000 });
    const first = stdout.trim().split('\n')[0] ?? '';
    return first.startsWith('bubblewrap ') ? first : undefined;
  } catch {
    return undefined;
  }
}

function unavailable(log: (msg: string) => void, why: string): { unavailable: string } {
  log(`sandbox unavailable: ${why}`);
  return { unavailable: why };
}

function lastLine(err: unknown): string {
  const { stderr, message } = err as { stderr?: string; message?: string };
  const text = (stderr || message || String(err)).trim().split('\n');
  return text[text.length - 1] ?? '';
}
