/**
 * Runs Schemathesis (the OpenAPI-driven fuzzer, a Python tool) against a test app. `.ci/run` installs it into
 * `.venv-fuzz/` through `scripts/ensure-schemathesis.sh`; a developer without it gets a skipped test that says how to
 * install it, never a silent pass.
 */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '../..');
export const configFile = path.join(root, 'test/fuzz/schemathesis.toml');

/** The venv `.ci/run` makes, else `SCHEMATHESIS_BIN` (a developer's own install). */
export function findSchemathesis(): string | undefined {
  const candidates = [path.join(root, '.venv-fuzz/bin/schemathesis'), process.env.SCHEMATHESIS_BIN];
  return candidates.find((c): c is string => c !== undefined && c !== '' && existsSync(c));
}

export interface FuzzResult {
  code: number | null;
  output: string;
}

/** Spawns `schemathesis run` and collects its output; the caller asserts on the exit code and prints the output. */
export function runSchemathesis(bin: string, args: string[], env: Record<string, string>): Promise<FuzzResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(bin, ['--config-file', configFile, 'run', ...args], {
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
