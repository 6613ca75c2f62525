/**
 * Upload and download of one large file (default 500 MiB) through HTTP against `cp` of the same file on the same
 * disk in the same run, plus the API process's peak RSS growth while it takes the upload. The API runs in its own
 * process (`src/server.ts`) so its memory is measured alone: its peak RSS (VmHWM) is reset through
 * /proc/<pid>/clear_refs just before the upload and read right after. The client is curl (multipart upload with
 * `-F`, download to a file on the same disk). `dd` is printed beside `cp` because cp copies inside the kernel
 * (copy_file_range) while every server has to move the bytes through user space. Linux only (/proc, curl, sync).
 *   node bench/files.bench.ts [MiB]
 */
import { spawn, spawnSync } from 'node:child_process';
import { randomFillSync } from 'node:crypto';
import { open, readFile, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { projectRoot } from '../src/config.ts';
import { freePort } from '../src/dev/free-port.ts';
import { benchServices } from './services.ts';

const mib = Number(process.argv[2] ?? 500);
const services = await benchServices();
const port = await freePort();
const base = `http://127.0.0.1:${port}`;
const admin = { email: 'bench@example.com', password: 'benchmark password' };
const api = spawn(process.execPath, [path.join(projectRoot, 'src/server.ts')], {
  env: {
    ...process.env,
    DATABASE_URL: services.databaseUrl,
    TEMPORAL_ADDRESS: services.temporalAddress,
    SKILLPLANE_DATA_DIR: services.dataDir,
    PORT: String(port),
    LOG_LEVEL: 'error',
    MAX_UPLOAD_BYTES: String(mib * 1024 * 1024),
    SKILLPLANE_ADMIN_EMAIL: admin.email,
    SKILLPLANE_ADMIN_PASSWORD: admin.password,
  },
  stdio: ['ignore', 'inherit', 'inherit'],
});

async function call(method: string, url: string, body: unknown, token?: string) {
  const res = await fetch(`${base}${url}`, {
    method,
    headers: { 'Content-Type': 'application/json', ...(token ? { Authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify(body),
  });
  return (await res.json()) as Record<string, string>;
}

const kib = async (field: 'VmRSS' | 'VmHWM') => {
  const status = await readFile(`/proc/${api.pid}/status`, 'utf8');
  return Number(new RegExp(`${field}:\\s+(\\d+)`).exec(status)?.[1] ?? Number.NaN);
};
const seconds = (start: bigint) => Number(process.hrtime.bigint() - start) / 1e9;
const mbps = (bytes: number, s: number) => bytes / 1e6 / s;
const pct = (x: number, of: number) => `${((x / of) * 100).toFixed(0)}%`;

try {
  for (let i = 0; ; i++) {
    if (
      await fetch(`${base}/openapi.json`).then(
        (r) => r.ok,
        () => false,
      )
    )
      break;
    if (i > 600) throw new Error('the API did not start');
    await new Promise((r) => setTimeout(r, 100));
  }
  const { token } = await call('POST', '/api/v1/auth/sessions', admin);
  const ws = (await call('POST', '/api/v1/workspaces', { name: 'Bench' }, token!)).id!;

  // The source file: random (incompressible) bytes, on the disk the API stores files on.
  const source = path.join(services.dataDir, 'source.bin');
  const size = mib * 1024 * 1024;
  const block = randomFillSync(Buffer.alloc(1024 * 1024));
  const out = await open(source, 'w');
  for (let i = 0; i < mib; i++) await out.write(block);
  await out.close();

  // Every step starts with no dirty pages, so none pays for writing back an earlier step's data.
  const settle = () => spawnSync('sync');
  settle();
  let started = process.hrtime.bigint();
  spawnSync('cp', [source, path.join(services.dataDir, 'copy.bin')], { stdio: 'inherit' });
  const cpSeconds = seconds(started);
  // cp copies inside the kernel (copy_file_range); dd moves every byte through user space, as a server must.
  settle();
  started = process.hrtime.bigint();
  spawnSync('dd', [`if=${source}`, `of=${path.join(services.dataDir, 'dd.bin')}`, 'bs=64K', 'status=none']);
  const ddSeconds = seconds(started);

  // curl as the client, as users would: a native client leaves the machine's CPU to the server.
  const curl = (...args: string[]) => {
    const res = spawnSync('curl', ['-sS', '-H', `Authorization: Bearer ${token}`, '-w', '\n%{http_code}', ...args], {
      encoding: 'utf8',
    });
    const lines = res.stdout.trimEnd().split('\n');
    return { status: Number(lines.pop()), body: lines.join('\n') };
  };
  settle();
  await writeFile(`/proc/${api.pid}/clear_refs`, '5');
  const rssBefore = await kib('VmRSS');
  started = process.hrtime.bigint();
  const uploaded = curl('-F', `workspace_id=${ws}`, '-F', `file=@${source}`, `${base}/api/v1/files`);
  const uploadSeconds = seconds(started);
  const peakGrowthMiB = ((await kib('VmHWM')) - rssBefore) / 1024;
  if (uploaded.status !== 201) throw new Error(`upload answered ${uploaded.status}: ${uploaded.body}`);
  const fileId = (JSON.parse(uploaded.body) as { id: string }).id;

  settle();
  const target = path.join(services.dataDir, 'download.bin');
  started = process.hrtime.bigint();
  const downloaded = curl('-o', target, `${base}/api/v1/files/${fileId}/content`);
  const downloadSeconds = seconds(started);
  if (downloaded.status !== 200 || (await stat(target)).size !== size) throw new Error('the download failed');

  const cp = mbps(size, cpSeconds);
  const dd = mbps(size, ddSeconds);
  const up = mbps(size, uploadSeconds);
  const down = mbps(size, downloadSeconds);
  console.log(
    [
      `file: ${mib} MiB of random bytes, same disk (${services.dataDir})`,
      `cp:        ${cp.toFixed(0)} MB/s  (${cpSeconds.toFixed(2)} s)`,
      `dd bs=64K: ${dd.toFixed(0)} MB/s  (${ddSeconds.toFixed(2)} s)`,
      `upload:    ${up.toFixed(0)} MB/s  (${uploadSeconds.toFixed(2)} s, ${pct(up, cp)} of cp, ${pct(up, dd)} of dd; hashed, fsync'ed)`,
      `download:  ${down.toFixed(0)} MB/s  (${downloadSeconds.toFixed(2)} s, ${pct(down, cp)} of cp, ${pct(down, dd)} of dd)`,
      `API peak RSS growth during upload: ${peakGrowthMiB.toFixed(1)} MiB (from ${(rssBefore / 1024).toFixed(0)} MiB)`,
    ].join('\n'),
  );
} finally {
  api.kill('SIGTERM');
  await new Promise((r) => api.once('exit', r));
  await services.stop();
}
