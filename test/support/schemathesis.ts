/**
 * Runs Schemathesis (the OpenAPI-driven fuzzer, a Python tool) against a test app. `.ci/run` installs it into
 * `.venv-fuzz/` through `scripts/ensure-schemathesis.sh`; a developer without it gets a skipped test that says how to
 * install it, never a silent pass.
 */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '../..');
const configFile = path.join(root, 'test/fuzz/schemathesis.toml');

/** How a run authenticates: one of the document's security schemes, with its secret in `FUZZ_SECRET`. */
export type FuzzAuth = 'bearerAuth' | 'apiKeyHeader';
// The `${FUZZ_SECRET}` placeholder is left for Schemathesis, which reads it from the environment.
const authSection: Record<FuzzAuth, string> = {
  bearerAuth: `[auth.openapi.bearerAuth]\nbearer = "\${FUZZ_SECRET}"\n`,
  apiKeyHeader: `[auth.openapi.apiKeyHeader]\napi_key = "\${FUZZ_SECRET}"\n`,
};

/** The venv `.ci/run` makes, else `SCHEMATHESIS_BIN` (a developer's own install). */
export function findSchemathesis(): string | undefined {
  const candidates = [path.join(root, '.venv-fuzz/bin/schemathesis'), process.env.SCHEMATHESIS_BIN];
  return candidates.find((c): c is string => c !== undefined && c !== '' && existsSync(c));
}

export interface FuzzResult {
  code: number | null;
  output: string;
}

/**
 * Spawns `schemathesis run` with test/fuzz/schemathesis.toml plus the auth section, and collects its output; the
 * caller asserts on the exit code and prints the output.
 */
export async function runSchemathesis(
  bin: string,
  auth: FuzzAuth,
  args: string[],
  env: Record<string, string>,
): Promise<FuzzResult> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'skillplane-fuzz-'));
  const config = path.join(dir, 'schemathesis.toml');
  await writeFile(config, `${await readFile(configFile, 'utf8')}\n${authSection[auth]}`);
  try {
    return await spawnCollecting(bin, ['--config-file', config, 'run', ...args], env);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

function spawnCollecting(bin: string, args: string[], env: Record<string, string>): Promise<FuzzResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(bin, args, {
      cwd: root,
      env: { ...process.env, ...env, NO_COLOR: '1', PYTHONUNBUFFERED: '1' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => {
      output += chunk.toString();
    });
    child.stderr.on('data', (chunk: Buffer) => {
      output += chunk.toString();
    });
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, output }));
  });
}
