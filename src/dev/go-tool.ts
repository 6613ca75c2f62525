/**
 * Finds a tool that no registry this project can reach ships as a binary (the Temporal CLI, versitygw): an explicit
 * path, the command on PATH, a build cached under ~/.cache/skillplane, or a build with `go install`. Builds go into a
 * private directory and are renamed into place, so concurrent builds never see a half-written binary.
 */
import { execFile, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, rename, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';

export interface GoTool {
  /** The command's name (on PATH and in the cache). */
  command: string;
  /** `go install` module path with its version, e.g. github.com/versity/versitygw/cmd/versitygw@v1.8.0. */
  module: string;
  version: string;
  /** What to tell a user who has neither the tool nor Go. */
  hint: string;
}

export const cachedPath = (tool: GoTool) =>
  path.join(os.homedir(), '.cache', 'skillplane', `${tool.command}-${tool.version}`, tool.command);

async function onPath(command: string): Promise<string | undefined> {
  try {
    const { stdout } = await promisify(execFile)('sh', ['-c', `command -v ${command}`]);
    return stdout.trim() || undefined;
  } catch {
    return undefined;
  }
}

export async function ensureGoTool(
  tool: GoTool,
  { explicitPath, log = () => {} }: { explicitPath?: string | undefined; log?: (msg: string) => void } = {},
): Promise<string> {
  if (explicitPath) {
    if (!existsSync(explicitPath)) throw new Error(`${explicitPath} does not exist`);
    return explicitPath;
  }
  const found = await onPath(tool.command);
  if (found) return found;
  const cached = cachedPath(tool);
  if (existsSync(cached)) return cached;
  await build(tool, log);
  return cached;
}

async function build(tool: GoTool, log: (msg: string) => void): Promise<void> {
  const go = await promisify(execFile)('sh', ['-c', 'command -v go']).catch(() => undefined);
  if (!go?.stdout.trim()) throw new Error(tool.hint);
  const cached = cachedPath(tool);
  const tmpBin = path.join(path.dirname(cached), `.build-${process.pid}-${Date.now()}`);
  await mkdir(tmpBin, { recursive: true });
  log(
    `building ${tool.command} ${tool.version} with Go (the first build takes several minutes; later ones are cached)…`,
  );
  const started = Date.now();
  const ticker = setInterval(
    () => log(`  …still building ${tool.command} (${Math.round((Date.now() - started) / 1000)} s)`),
    15_000,
  );
  try {
    await new Promise<void>((resolve, reject) => {
      let output = '';
      const child = spawn('go', ['install', tool.module], {
        env: { ...process.env, GOBIN: tmpBin, GOFLAGS: '-mod=mod', CGO_ENABLED: '0' },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      child.stdout.on('data', (d) => (output += d));
      child.stderr.on('data', (d) => (output += d));
      child.on('error', reject);
      child.on('close', (code) =>
        code === 0
          ? resolve()
          : reject(new Error(`go install ${tool.module} failed (${code}):\n${output.slice(-4000)}`)),
      );
    });
    await rename(path.join(tmpBin, tool.command), cached);
    log(`built ${tool.command} in ${Math.round((Date.now() - started) / 1000)} s: ${cached}`);
  } finally {
    clearInterval(ticker);
    await rm(tmpBin, { recursive: true, force: true });
  }
}
