/**
 * Runs a cell's code confined, exactly as a skill run's `run_python` / `run_shell` (src/sandbox/): a fresh
 * bubblewrap sandbox per run with the same namespaces, uid, limits and no network. The scratchpad's working
 * directory (`/sandbox`) persists between its runs on a worker, so files one cell writes the next can read;
 * interpreter state (variables) does not. The code is a read-only file under `/sandbox/context/`, not an argument,
 * so its size is not bounded by the kernel's argument limit.
 */
import { chown, mkdir, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Config } from '../config.ts';
import { type SandboxLimits, sandboxLimits } from '../sandbox/bwrap.ts';
import { type CommandResult, runInSandbox } from '../sandbox/run-command.ts';
import { type Sandbox, sandboxFor, shareTree } from '../sandbox/sandbox.ts';
import { scratchpadsDataDir } from './paths.ts';

export interface CellCode {
  scratchpadId: string;
  cellId: string;
  language: string;
  code: string;
  timeoutMs: number;
}

/** The scratchpad's sandbox, with this cell's own (emptied) outputs directory mounted as `/sandbox/outputs`. */
export async function cellSandbox(config: Config, scratchpadId: string, cellId: string): Promise<Sandbox> {
  const base = await sandboxFor(scratchpadsDataDir(config), scratchpadId, config.SANDBOX_UID_BASE);
  const outputs = path.join(base.outputs, cellId);
  await rm(outputs, { recursive: true, force: true });
  await mkdir(outputs, { mode: 0o700 });
  if (base.uid !== undefined) await chown(outputs, base.uid, base.uid);
  return { ...base, outputs };
}

export async function runCellCode(
  config: Config,
  bwrap: string,
  cell: CellCode,
  box: Sandbox,
  options: { signal: AbortSignal; onOutput: (chunk: string, stream: 'stdout' | 'stderr') => void },
): Promise<CommandResult> {
  const file = `${cell.cellId}.${cell.language === 'python' ? 'py' : 'sh'}`;
  // A crashed earlier attempt may have left its (read-only) copy.
  await rm(path.join(box.context, file), { force: true });
  await writeFile(path.join(box.context, file), cell.code, { mode: 0o400 });
  await shareTree(box, box.context);
  const interpreter = cell.language === 'python' ? config.PYTHON : '/bin/sh';
  const limits: SandboxLimits = { ...sandboxLimits(config), timeoutMs: cell.timeoutMs };
  try {
    return await runInSandbox(bwrap, box, [interpreter, `/sandbox/context/${file}`], limits, options);
  } finally {
    await rm(path.join(box.context, file), { force: true });
  }
}

/** Why a run ended `error`, in words safe to show (no host paths); null when it succeeded. */
export function runError(result: CommandResult, timeoutMs: number): string | null {
  if (result.cancelled) return 'Cancelled';
  if (result.timedOut) return `Timed out after ${Math.round(timeoutMs / 1000)} s`;
  if (result.diskExceeded) return 'The scratchpad went over its disk budget';
  if (result.signal) return `Killed by ${result.signal} (a resource limit, or the process killed itself)`;
  if (result.exitCode !== 0) return `Exited with code ${result.exitCode}`;
  return null;
}
