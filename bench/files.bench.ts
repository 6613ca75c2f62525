/**
 * Upload and download of one large file (default 500 MiB of random bytes) through the HTTP API, each beside its
 * baseline in the same run, plus the API processes' peak RSS growth during the transfers.
 * - Local disk: upload against `dd` writing the same file to the same disk with `conv=fdatasync` (the server fsyncs
 *   every blob before publishing it, so both pay for putting the bytes on disk); download against `dd` reading the
 *   same disk to /dev/null. Reads start with a cold page cache (dropped through /proc/sys/vm/drop_caches) when this
 *   runs as root, and are warm on both sides otherwise; the output says which.
 * - S3 (a local versitygw on the same disk): upload against a plain `@aws-sdk/lib-storage` `Upload` of the same file
 *   to the same server, download against a plain `GetObject`, both from their own process (bench/files-s3-client.ts).
 * Each API runs as its own process (`src/server.ts`, one per backend) with curl as the client. Every figure is the
 * median of the rounds, which alternate the order of ours and the baseline; a ratio is the median of the rounds' own
 * ratios (each pair ran back to back). The API's CPU time per transfer is printed too: unlike the wall-clock time, it
 * hardly moves with the machine's other load. Linux only (/proc, curl, dd, sync).
 *   node bench/files.bench.ts [MiB] [rounds]
 */
import { randomBytes, randomFillSync } from 'node:crypto';
import { open, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { projectRoot } from '../src/config.ts';
import { freePort } from '../src/dev/free-port.ts';
import { ensureVersitygw, startVersitygw } from '../src/dev/versitygw.ts';
import { ensureCommand } from './ensure-command.ts';
import { type BenchApi, runCommand, startBenchApi } from './files-api.ts';
import { benchServices } from './services.ts';

const mib = Number(process.argv[2] ?? 500);
const rounds = Number(process.argv[3] ?? 5);
const size = mib * 1024 * 1024;
await ensureCommand('curl');
const services = await benchServices();
const s3 = await startVersitygw({
  binary: await ensureVersitygw({ explicitPath: process.env.VERSITYGW_PATH, log: console.error }),
  dir: path.join(services.dataDir, 's3'),
  port: await freePort(),
  accessKeyId: 'skillplane-bench',
  secretAccessKey: randomBytes(24).toString('hex'),
});
const s3Env = {
  S3_ENDPOINT: s3.endpoint,
  S3_BUCKET: 'bench',
  S3_ACCESS_KEY_ID: s3.accessKeyId,
  S3_SECRET_ACCESS_KEY: s3.secretAccessKey,
};
const apiEnv = (name: string, extra: Record<string, string> = {}) => ({
  DATABASE_URL: services.databaseUrl,
  TEMPORAL_ADDRESS: services.temporalAddress,
  SKILLPLANE_DATA_DIR: path.join(services.dataDir, name),
  MAX_UPLOAD_BYTES: String(size),
  ...extra,
});
const apis: BenchApi[] = [];

const mbps = (s: number) => size / 1e6 / s;
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const times: Record<string, number[]> = {};
const peaks: Record<string, number[]> = {};
/** CPU seconds (user + system, every thread) the API process spent on each transfer: unlike the time, hardly
 * distorted by other load on the machine. */
const cpu: Record<string, number[]> = {};
/** The system (kernel) part of it. */
const cpuSystem: Record<string, number[]> = {};
const record = (into: Record<string, number[]>, name: string, value: number) => {
  into[name] = [...(into[name] ?? []), value];
};

/** Every step starts with no dirty pages, so none pays for writing back an earlier step's data. */
const settle = () => runCommand('sync', []);
/** Before a read: the page cache dropped when allowed (root), so reads come from the disk. */
let coldReads = true;
async function beforeRead() {
  await settle();
  if (!coldReads) return;
  await writeFile('/proc/sys/vm/drop_caches', '3').catch(() => {
    coldReads = false;
  });
}

/** Uploads `source` through one API, or downloads what it uploaded, recording the time and the API's peak RSS. */
async function transfer(name: string, api: BenchApi, source: string, fileId?: string): Promise<string> {
  const step = `${name} ${fileId ? 'download' : 'upload'}`;
  const peak = await api.watchPeak();
  const cpuBefore = await api.cpuSplit();
  const res = fileId
    ? await api.curl('-o', '/dev/null', api.url(`/api/v1/files/${fileId}/content`))
    : await api.curl('-F', `workspace_id=${api.workspaceId}`, '-F', `file=@${source}`, api.url('/api/v1/files'));
  const cpuAfter = await api.cpuSplit();
  record(cpu, step, cpuAfter.user + cpuAfter.system - cpuBefore.user - cpuBefore.system);
  record(cpuSystem, step, cpuAfter.system - cpuBefore.system);
  record(peaks, step, await peak());
  if (res.status !== (fileId ? 200 : 201)) throw new Error(`${step} answered ${res.status}: ${res.body}`);
  record(times, step, res.seconds);
  return fileId ?? (JSON.parse(res.body) as { id: string }).id;
}

const s3Client = async (mode: string, key: string, file = '') => {
  const script = path.join(projectRoot, 'bench/files-s3-client.ts');
  return Number((await runCommand(process.execPath, [script, mode, key, file], s3Env)).stdout);
};

/** One round: each baseline and its counterpart, in the order given. */
async function round(local: BenchApi, remote: BenchApi, source: string, key: string, oursFirst: boolean) {
  const ddFile = path.join(path.dirname(source), 'dd.bin');
  const pair = async (baseline: () => Promise<unknown>, ours: () => Promise<unknown>) => {
    if (oursFirst) await ours().then(baseline);
    else await baseline().then(ours);
  };
  const ids: Record<string, string> = {};
  const write = (step: () => Promise<unknown>) => () => settle().then(step);
  const read = (step: () => Promise<unknown>) => () => beforeRead().then(step);
  await pair(
    write(async () => {
      const dd = await runCommand('dd', [`if=${source}`, `of=${ddFile}`, 'bs=1M', 'conv=fdatasync']);
      record(times, 'dd write', dd.seconds);
    }),
    write(async () => {
      ids.local = await transfer('local', local, source);
    }),
  );
  await pair(
    read(async () =>
      record(times, 'dd read', (await runCommand('dd', [`if=${source}`, 'of=/dev/null', 'bs=1M'])).seconds),
    ),
    read(() => transfer('local', local, source, ids.local)),
  );
  await pair(
    write(async () => record(times, 'lib-storage upload', await s3Client('upload', key, source))),
    write(async () => {
      ids.s3 = await transfer('s3', remote, source);
    }),
  );
  await pair(
    read(async () => record(times, 'GetObject', await s3Client('download', key, '/dev/null'))),
    read(() => transfer('s3', remote, source, ids.s3)),
  );
  await rm(ddFile, { force: true });
  await s3Client('delete', key);
  for (const [api, id] of [
    [local, ids.local],
    [remote, ids.s3],
  ] as const) {
    const deleted = await api.curl('-X', 'DELETE', api.url(`/api/v1/files/${id}`));
    if (deleted.status !== 204) throw new Error(`delete answered ${deleted.status}`);
  }
}

function report(dataDir: string) {
  const speed = (step: string) => mbps(median(times[step]!));
  const cpuOf = (step: string) =>
    cpu[step]
      ? `  API CPU ${median(cpu[step]).toFixed(2)} s (${cpu[step].map((s, i) => `${s.toFixed(2)}, sys ${cpuSystem[step]![i]!.toFixed(2)}`).join(' / ')})`
      : '';
  const line = (step: string) =>
    `${step.padEnd(20)} ${speed(step).toFixed(0).padStart(5)} MB/s  (${times[step]!.map((s) => s.toFixed(2)).join(' / ')} s)${cpuOf(step)}`;
  // Each round's pair ran back to back, under the same load: the median of the rounds' ratios.
  const ratio = (ours: string, base: string, goal: string) => {
    const rounds = times[ours]!.map((t, i) => times[base]![i]! / t);
    const each = rounds.map((r) => `${(r * 100).toFixed(0)}%`).join(' / ');
    return `${ours} / ${base}: ${(median(rounds) * 100).toFixed(0)}%  (rounds ${each}; goal ${goal})`;
  };
  const peak = (step: string) => `${step} ${Math.max(...peaks[step]!).toFixed(1)} MiB`;
  console.log(
    [
      `file: ${mib} MiB of random bytes; median of ${rounds} rounds (times per round in brackets); data on ${dataDir}`,
      'dd write: dd bs=1M conv=fdatasync from the page cache to a new file (fdatasync before it exits);',
      'local upload: curl -F, the API parses the form, hashes (SHA-256), writes and fsyncs the blob, then answers 201',
      `reads: ${coldReads ? 'cold (page cache dropped before each)' : 'warm on both sides (not root: caches kept)'}`,
      ...['dd write', 'local upload', 'dd read', 'local download'].map(line),
      ...['lib-storage upload', 's3 upload', 'GetObject', 's3 download'].map(line),
      `API peak RSS growth (max of rounds): ${Object.keys(peaks).map(peak).join(', ')}`,
      ratio('local upload', 'dd write', '≥ 60%'),
      ratio('local download', 'dd read', '≥ 60%'),
      ratio('s3 upload', 'lib-storage upload', '≥ 80%'),
      ratio('s3 download', 'GetObject', 'none set'),
    ].join('\n'),
  );
}

try {
  // One after the other: both bootstrap the same administrator in the one database.
  const local = await startBenchApi(apiEnv('local'));
  apis.push(local);
  const remote = await startBenchApi(apiEnv('s3api', { STORAGE_BACKEND: 's3', S3_CREATE_BUCKET: 'true', ...s3Env }));
  apis.push(remote);
  const source = path.join(services.dataDir, 'source.bin');
  const block = Buffer.alloc(1024 * 1024);
  const out = await open(source, 'w');
  for (let i = 0; i < mib; i++) await out.write(randomFillSync(block));
  await out.close();
  for (let i = 0; i < rounds; i++) {
    await round(local, remote, source, `baseline-${i}`, i % 2 === 1);
    console.error(`round ${i + 1}/${rounds} done`);
  }
  report(services.dataDir);
} finally {
  await Promise.all(apis.map((api) => api.stop()));
  await s3.stop();
  await services.stop();
}
