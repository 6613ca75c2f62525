/**
 * A local S3-compatible server for tests and laptops: versitygw (Apache-2.0) serving a directory (`posix` backend).
 * Obtained like the Temporal CLI (PATH, `VERSITYGW_PATH`, a cached build, or `go install`), and run under the same
 * stdin guard, so it dies with the process that started it.
 */
import { spawn } from 'node:child_process';
import path from 'node:path';
import { makePrivateDir } from '../lib/private-fs.ts';
import { ensureGoTool, type GoTool } from './go-tool.ts';

const versitygw: GoTool = {
  command: 'versitygw',
  version: '1.8.0',
  module: 'github.com/versity/versitygw/cmd/versitygw@v1.8.0',
  hint: 'versitygw is needed for a local S3 server. Install it (`versitygw` on PATH), set VERSITYGW_PATH, or install Go.',
};

export function ensureVersitygw(
  options: { explicitPath?: string | undefined; log?: (msg: string) => void } = {},
): Promise<string> {
  return ensureGoTool(versitygw, options);
}

export interface RunningS3 {
  endpoint: string;
  accessKeyId: string;
  secretAccessKey: string;
  stop(): Promise<void>;
}

const GUARD = '"$0" "$@" & server=$!; read _ignored; kill $server 2>/dev/null; wait $server';

export async function startVersitygw({
  binary,
  dir,
  port,
  accessKeyId,
  secretAccessKey,
  readyTimeoutMs = 30_000,
}: {
  binary: string;
  dir: string;
  port: number;
  accessKeyId: string;
  secretAccessKey: string;
  readyTimeoutMs?: number;
}): Promise<RunningS3> {
  const data = path.join(dir, 'data');
  await makePrivateDir(data);
  const child = spawn('sh', ['-c', GUARD, binary, '--port', `127.0.0.1:${port}`, 'posix', data], {
    stdio: ['pipe', 'pipe', 'pipe'],
    env: { ...process.env, ROOT_ACCESS_KEY: accessKeyId, ROOT_SECRET_KEY: secretAccessKey },
  });
  let output = '';
  child.stdout?.on('data', (d) => (output = (output + d).slice(-4000)));
  child.stderr?.on('data', (d) => (output = (output + d).slice(-4000)));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const endpoint = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + readyTimeoutMs;
  for (;;) {
    const up = await fetch(endpoint, { signal: AbortSignal.timeout(1000) }).then(
      () => true,
      () => false,
    );
    if (up) break;
    if (child.exitCode !== null || Date.now() > deadline) {
      child.stdin?.end();
      throw new Error(`versitygw did not start on ${endpoint}:\n${output}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  return {
    endpoint,
    accessKeyId,
    secretAccessKey,
    async stop() {
      child.stdin?.end();
      await exited;
    },
  };
}
