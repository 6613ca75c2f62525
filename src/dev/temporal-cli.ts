/**
 * Finds the Temporal CLI (which contains `temporal server start-dev`): an explicit path, `temporal` on PATH, or a
 * build cached under ~/.cache/skillplane. Failing those it builds one with Go, since no registry this project can
 * reach ships a Temporal binary. v1.5.1 is the newest tag `go install` accepts (later ones use `replace` directives).
 */
import { execFile, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, rename, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';

const VERSION = '1.5.1';
const MODULE = `github.com/temporalio/cli/cmd/temporal@v${VERSION}`;
export const cachedCliPath = path.join(os.homedir(), '.cache', 'skillplane', `temporal-${VERSION}`, 'temporal');

async function onPath(): Promise<string | undefined> {
  try {
    const { stdout } = await promisify(execFile)('sh', ['-c', 'command -v temporal']);
    return stdout.trim() || undefined;
  } catch {
    return undefined;
  }
}

export async function ensureTemporalCli({
  explicitPath,
  log = () => {},
}: {
  explicitPath?: string | undefined;
  log?: (msg: string) => void;
} = {}): Promise<string> {
  if (explicitPath) {
    if (!existsSync(explicitPath)) throw new Error(`TEMPORAL_CLI_PATH=${explicitPath} does not exist`);
    return explicitPath;
  }
  const found = await onPath();
  if (found) return found;
  if (existsSync(cachedCliPath)) return cachedCliPath;
  await build(log);
  return cachedCliPath;
}

/** Builds into a private directory, then renames into place, so concurrent builds never see a half-written binary. */
async function build(log: (msg: string) => void): Promise<void> {
  const go = await promisify(execFile)('sh', ['-c', 'command -v go']).catch(() => undefined);
  if (!go?.stdout.trim()) {
    throw new Error(
      'The Temporal CLI is needed for the local Temporal server. Install it (`temporal` on PATH), set TEMPORAL_CLI_PATH, ' +
        'install Go so Skillplane can build it, or point TEMPORAL_ADDRESS at a running Temporal server.',
    );
  }
  const tmpBin = path.join(path.dirname(cachedCliPath), `.build-${process.pid}-${Date.now()}`);
  await mkdir(tmpBin, { recursive: true });
  log(`building the Temporal CLI v${VERSION} with Go (the first build takes several minutes; later ones are cached)…`);
  const started = Date.now();
  const ticker = setInterval(
    () => log(`  …still building the Temporal CLI (${Math.round((Date.now() - started) / 1000)} s)`),
    15_000,
  );
  try {
    await new Promise<void>((resolve, reject) => {
      let output = '';
      const child = spawn('go', ['install', MODULE], {
        env: { ...process.env, GOBIN: tmpBin, GOFLAGS: '-mod=mod', CGO_ENABLED: '0' },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      child.stdout.on('data', (d) => (output += d));
      child.stderr.on('data', (d) => (output += d));
      child.on('error', reject);
      child.on('close', (code) =>
        code === 0 ? resolve() : reject(new Error(`go install ${MODULE} failed (${code}):\n${output.slice(-4000)}`)),
      );
    });
    await rename(path.join(tmpBin, 'temporal'), cachedCliPath);
    log(`built the Temporal CLI in ${Math.round((Date.now() - started) / 1000)} s: ${cachedCliPath}`);
  } finally {
    clearInterval(ticker);
    await rm(tmpBin, { recursive: true, force: true });
  }
}
