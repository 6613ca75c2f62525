/**
 * How a command of a run is confined: bubblewrap in new user, mount, PID, IPC, UTS, cgroup and network namespaces,
 * all capabilities dropped, no new privileges, nested user namespaces disabled, a read-only `/usr`, a fresh `/proc`
 * and `/dev`, a size-limited private `/tmp`, and the run's own directories (context read-only). Resource limits are
 * set with `prlimit` before bubblewrap starts. As root, the command runs as the run's own uid (`setpriv`), inside a
 * private mount namespace (`unshare -m`) where the run's directories are bind-mounted somewhere that uid can reach,
 * so the data directory itself can stay 0700.
 */
import { execFile } from 'node:child_process';
import { accessSync, constants } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { Config } from '../config.ts';
import { type Sandbox, sandboxFor } from './sandbox.ts';

export interface SandboxLimits {
  timeoutMs: number;
  cpuSeconds: number;
  memoryMb: number;
  maxFileMb: number;
  maxProcesses: number;
  maxOpenFiles: number;
  tmpMb: number;
  diskBytes: number;
  maxFiles: number;
}

/** The limits of every command, from the configuration. */
export function sandboxLimits(config: Config): SandboxLimits {
  return {
    timeoutMs: config.SANDBOX_COMMAND_TIMEOUT_SECONDS * 1000,
    cpuSeconds: config.SANDBOX_CPU_SECONDS,
    memoryMb: config.SANDBOX_MEMORY_MB,
    maxFileMb: config.SANDBOX_MAX_FILE_MB,
    maxProcesses: config.SANDBOX_MAX_PROCESSES,
    maxOpenFiles: config.SANDBOX_MAX_OPEN_FILES,
    tmpMb: config.SANDBOX_TMP_MB,
    diskBytes: config.SANDBOX_DISK_MB * 1024 * 1024,
    maxFiles: config.SANDBOX_MAX_FILES,
  };
}

export type SandboxStatus = { available: true; bwrap: string; version: string } | { available: false; why: string };

const CLEAN_PATH = '/usr/local/bin:/usr/bin:/bin';

function findOnPath(name: string): string | undefined {
  for (const dir of CLEAN_PATH.split(':').concat((process.env.PATH ?? '').split(':'))) {
    if (!dir) continue;
    const candidate = path.join(dir, name);
    try {
      accessSync(candidate, constants.X_OK);
      return candidate;
    } catch {}
  }
  return undefined;
}

const probes = new Map<string, Promise<SandboxStatus>>();

/** Whether bubblewrap exists and can actually confine a command here, the way runs use it (checked once). */
export function sandboxStatus(explicitPath: string | undefined): Promise<SandboxStatus> {
  const key = explicitPath ?? '';
  let status = probes.get(key);
  if (!status) {
    status = probe(explicitPath);
    probes.set(key, status);
  }
  return status;
}

async function probe(explicitPath: string | undefined): Promise<SandboxStatus> {
  const bwrap = explicitPath ?? findOnPath('bwrap');
  if (!bwrap) return { available: false, why: 'bubblewrap (bwrap) is not installed' };
  const version = await run(bwrap, ['--version']);
  if (version.code !== 0) return { available: false, why: `${bwrap} --version failed` };
  if (process.getuid?.() === 0 && (!findOnPath('setpriv') || !findOnPath('unshare') || !findOnPath('prlimit')))
    return { available: false, why: 'setpriv, unshare and prlimit (util-linux) are needed to run as root' };
  const dir = await mkdtemp(path.join(os.tmpdir(), 'skillplane-sandbox-probe-'));
  try {
    const box = await sandboxFor(dir, 'run_probe');
    const argv = confinedArgv(bwrap, box, probeLimits, ['/bin/sh', '-c', 'echo ok > /sandbox/outputs/probe'], 1 << 20);
    const trial = await run(argv[0]!, argv.slice(1));
    if (trial.code !== 0)
      return {
        available: false,
        why: `bubblewrap cannot confine a command here: ${trial.stderr.trim().slice(0, 300)}`,
      };
    return { available: true, bwrap, version: version.stdout.trim() };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

function run(file: string, args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(file, args, { encoding: 'utf8', env: sandboxEnv, cwd: '/', timeout: 10_000 }, (err, stdout, stderr) =>
      resolve({
        code: err ? Number((err as { code?: unknown }).code) || 1 : 0,
        stdout,
        stderr: stderr || String(err ?? ''),
      }),
    );
  });
}

const probeLimits: SandboxLimits = {
  timeoutMs: 10_000,
  cpuSeconds: 5,
  memoryMb: 256,
  maxFileMb: 1,
  maxProcesses: 8,
  maxOpenFiles: 64,
  tmpMb: 1,
  diskBytes: 1 << 20,
  maxFiles: 10,
};

function systemMounts(): string[] {
  return [
    ...['--ro-bind', '/usr', '/usr'],
    ...['--symlink', 'usr/lib', '/lib', '--symlink', 'usr/lib64', '/lib64'],
    ...['--symlink', 'usr/bin', '/bin', '--symlink', 'usr/sbin', '/sbin'],
  ];
}

/** Where the run's directories appear, inside the private mount namespace, for the run's uid to bind. */
const STAGE = '/tmp/.skillplane-sandbox';

/**
 * The argv that runs `command` confined. As root: `unshare -m sh -c <bind the run's dirs under a private /tmp>` →
 * `setpriv` (the run's uid, no capabilities, no new privileges) → `prlimit` → `bwrap`. Otherwise `prlimit` → `bwrap`.
 */
export function confinedArgv(
  bwrap: string,
  box: Sandbox,
  limits: SandboxLimits,
  command: readonly string[],
  remainingDiskBytes: number,
): string[] {
  const asRoot = box.uid !== undefined;
  const dirs = asRoot ? { work: `${STAGE}/work`, context: `${STAGE}/context`, outputs: `${STAGE}/outputs` } : box;
  const mb = 1024 * 1024;
  const fileLimit = Math.max(1, Math.min(limits.maxFileMb * mb, remainingDiskBytes));
  const prlimit = [
    'prlimit',
    `--cpu=${limits.cpuSeconds}`,
    `--as=${limits.memoryMb * mb}`,
    `--fsize=${fileLimit}`,
    // bubblewrap and its reaper count against the uid's processes too.
    `--nproc=${limits.maxProcesses + 2}`,
    `--nofile=${limits.maxOpenFiles}`,
    '--core=0',
    '--',
  ];
  const sandboxUid = box.uid ?? process.getuid?.() ?? 65534;
  const bwrapArgs = [
    bwrap,
    ...['--unshare-user', '--unshare-ipc', '--unshare-pid', '--unshare-net', '--unshare-uts', '--unshare-cgroup-try'],
    ...['--disable-userns', '--die-with-parent', '--new-session', '--cap-drop', 'ALL'],
    ...['--uid', String(sandboxUid), '--gid', String(sandboxUid), '--hostname', 'sandbox'],
    ...systemMounts(),
    ...['--proc', '/proc', '--dev', '/dev'],
    ...['--size', String(limits.tmpMb * mb), '--tmpfs', '/tmp'],
    ...['--bind', dirs.work, '/sandbox'],
    ...['--ro-bind', dirs.context, '/sandbox/context'],
    ...['--bind', dirs.outputs, '/sandbox/outputs'],
    ...['--remount-ro', '/', '--chdir', '/sandbox', '--clearenv'],
    ...['--setenv', 'PATH', CLEAN_PATH, '--setenv', 'HOME', '/sandbox', '--setenv', 'TMPDIR', '/tmp'],
    ...['--setenv', 'LANG', 'C.UTF-8', '--setenv', 'PYTHONDONTWRITEBYTECODE', '1'],
    '--',
    ...command,
  ];
  if (!asRoot) return [...prlimit, ...bwrapArgs];
  const setpriv = [
    'setpriv',
    `--reuid=${sandboxUid}`,
    `--regid=${sandboxUid}`,
    '--clear-groups',
    '--no-new-privs',
    '--inh-caps=-all',
    '--bounding-set=-all',
    '--',
  ];
  // Paths reach the script as arguments, never as script text.
  const stage = [
    'set -e',
    // Opened before the private /tmp hides them, should they live under /tmp.
    'exec 3<"$1" 4<"$2" 5<"$3"',
    `mount -t tmpfs -o mode=0711,size=1m skillplane /tmp`,
    `mkdir -m 0711 ${STAGE}`,
    `mkdir ${STAGE}/work ${STAGE}/context ${STAGE}/outputs`,
    `mount --bind /proc/self/fd/3 ${STAGE}/work`,
    `mount --bind /proc/self/fd/4 ${STAGE}/context`,
    `mount --bind /proc/self/fd/5 ${STAGE}/outputs`,
    'exec 3<&- 4<&- 5<&-',
    'shift 3',
    'exec "$@"',
  ].join('\n');
  return [
    'unshare',
    '--mount',
    '--propagation',
    'private',
    '--',
    '/bin/sh',
    '-c',
    stage,
    'stage',
    box.work,
    box.context,
    box.outputs,
    ...setpriv,
    ...prlimit,
    ...bwrapArgs,
  ];
}

export const sandboxEnv = { PATH: CLEAN_PATH };
