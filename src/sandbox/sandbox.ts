/**
 * A run's sandbox directory on the host: `context/` holds staged inputs (read-only to commands), `outputs/` what the
 * run keeps, `work/` its scratch (the commands' working directory, `/sandbox` inside). When the worker runs as root
 * each run gets a uid of its own, which owns `work/` and `outputs/`, so one run's processes are never another's.
 */
import { chown, lstat, mkdir, readdir, realpath } from 'node:fs/promises';
import path from 'node:path';

export interface Sandbox {
  runId: string;
  root: string;
  context: string;
  outputs: string;
  work: string;
  /** The uid commands run as; undefined when the worker cannot switch users (it is not root). */
  uid: number | undefined;
}

const UID_RANGE = 1_000_000;

/** The run's own uid: stable for a run id, so every worker (and a retried step) picks the same one. */
export function sandboxUid(runId: string, uidBase: number): number | undefined {
  if (process.getuid?.() !== 0) return undefined;
  let hash = 0x811c9dc5;
  for (const ch of runId) hash = Math.imul(hash ^ ch.charCodeAt(0), 0x01000193) >>> 0;
  return uidBase + (hash % UID_RANGE);
}

/** Where a run's sandbox is, without creating anything. */
export function runSandboxRoot(dataDir: string, runId: string): string {
  return path.join(path.resolve(dataDir), 'runs', runId);
}

/** Where a run's outputs are, without creating anything (readers of a finished run's outputs). */
export function runOutputsDir(dataDir: string, runId: string): string {
  return path.join(runSandboxRoot(dataDir, runId), 'outputs');
}

export async function sandboxFor(dataDir: string, runId: string, uidBase = 2_000_000_000): Promise<Sandbox> {
  const root = runSandboxRoot(dataDir, runId);
  const box: Sandbox = {
    runId,
    root,
    context: path.join(root, 'context'),
    outputs: path.join(root, 'outputs'),
    work: path.join(root, 'work'),
    uid: sandboxUid(runId, uidBase),
  };
  await mkdir(root, { recursive: true, mode: 0o700 });
  for (const dir of [box.context, box.outputs, box.work]) await mkdir(dir, { recursive: true, mode: 0o700 });
  if (box.uid !== undefined) {
    await chown(box.outputs, box.uid, box.uid);
    await chown(box.work, box.uid, box.uid);
  }
  return box;
}

/** Hands a tree to the run's uid: its staged context (mounted read-only, so it cannot change it) or restored outputs. */
export async function shareTree(box: Sandbox, dir: string): Promise<void> {
  if (box.uid === undefined) return;
  await chown(dir, box.uid, box.uid);
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) await shareTree(box, full);
    else if (entry.isFile()) await chown(full, box.uid, box.uid);
  }
}

/** Resolves `relative` inside `root`, refusing anything that would leave it. */
export function confine(root: string, relative: string): string {
  if (relative.includes('\0')) throw new Error('path contains a NUL byte');
  const resolved = path.resolve(root, relative.replace(/^\/+/, ''));
  if (resolved !== root && !resolved.startsWith(`${root}${path.sep}`))
    throw new Error(`path ${relative} leaves the sandbox`);
  return resolved;
}

/**
 * Like `confine`, and also refuses symlinks that point out of `root` (a command may have planted them). Commands of
 * a run are dead when its file tools run (their PID namespace ends with them), so nothing moves the link meanwhile.
 */
export async function confineReal(root: string, relative: string): Promise<string> {
  const lexical = confine(root, relative);
  const realRoot = await realpath(root);
  let real: string;
  try {
    real = await realpath(lexical);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
    // A path to be created: its nearest existing ancestor must be inside.
    let parent = path.dirname(lexical);
    for (;;) {
      try {
        real = path.join(await realpath(parent), path.relative(parent, lexical));
        break;
      } catch {
        if (parent === root) throw err;
        parent = path.dirname(parent);
      }
    }
  }
  if (real !== realRoot && !real.startsWith(`${realRoot}${path.sep}`))
    throw new Error(`path ${relative} leaves the sandbox`);
  return real;
}

/** Bytes and entries under `dir`, not following symlinks. */
export async function diskUsage(dir: string): Promise<{ bytes: number; entries: number }> {
  let bytes = 0;
  let entries = 0;
  const walk = async (d: string): Promise<void> => {
    let list: import('node:fs').Dirent[];
    try {
      list = await readdir(d, { withFileTypes: true });
    } catch {
      return;
    }
    for (const e of list) {
      entries++;
      const full = path.join(d, e.name);
      try {
        const st = await lstat(full);
        bytes += st.blocks * 512;
        if (e.isDirectory()) await walk(full);
      } catch {}
    }
  };
  await walk(dir);
  return { bytes, entries };
}
