/**
 * The sandbox of a run on this worker, made ready for a step: on first use its context is staged from storage; when
 * the run's stored outputs are newer than what this worker's sandbox last saw (another worker ran a step, or this
 * worker is new), they are restored from storage first. A marker file records the outputs generation the sandbox
 * holds. The working directory (`work/`) is not stored: a step on another worker starts with an empty one.
 */
import { readdir, readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { PrismaClient } from '../../generated/prisma/client.ts';
import type { Config } from '../config.ts';
import type { FileStorage } from '../files/storage.ts';
import { PRIVATE_FILE_MODE } from '../lib/private-fs.ts';
import { type Sandbox, sandboxFor, shareTree } from '../sandbox/sandbox.ts';
import { stageContext } from './context.ts';
import { appendEvent } from './events.ts';
import { restoreOutputs, saveOutputs } from './outputs.ts';

interface Deps {
  prisma: PrismaClient;
  config: Config;
  storage: FileStorage;
}

interface RunRef {
  id: string;
  workspaceId: string;
  contextPaths: string[];
}

const marker = (box: Sandbox) => path.join(box.root, '.synced');

async function syncedGeneration(box: Sandbox): Promise<number | undefined> {
  const text = await readFile(marker(box), 'utf8').catch(() => undefined);
  return text === undefined ? undefined : Number(text);
}

const markSynced = (box: Sandbox, generation: number) =>
  writeFile(marker(box), String(generation), { mode: PRIVATE_FILE_MODE });

/**
 * Returns the sandbox and the workspace paths of its context files. `knownGeneration`: the run's outputs generation,
 * when the caller read the row in this attempt (otherwise it is read here).
 */
export async function readySandbox(
  deps: Deps,
  run: RunRef,
  knownGeneration?: number,
): Promise<{ box: Sandbox; staged: string[] }> {
  const { prisma, config, storage } = deps;
  const box = await sandboxFor(config.SKILLPLANE_DATA_DIR, run.id, config.SANDBOX_UID_BASE);
  const seen = await syncedGeneration(box);
  const outputsGeneration = knownGeneration ?? (await outputsGenerationOf(prisma, run.id));
  let staged: string[] | undefined;
  if (seen === undefined) {
    staged = await stageContext(prisma, storage, run.workspaceId, run.contextPaths, box.context);
    await shareTree(box, box.context);
  }
  if (seen === undefined && outputsGeneration === 0) {
    // A new sandbox of a run that never saved an output: its empty outputs/ is already the truth.
    await markSynced(box, 0);
  } else if (seen !== outputsGeneration) {
    await rm(box.outputs, { recursive: true, force: true });
    await sandboxFor(config.SKILLPLANE_DATA_DIR, run.id, config.SANDBOX_UID_BASE);
    const restored = await restoreOutputs(prisma, storage, run, box.outputs);
    await shareTree(box, box.outputs);
    if (seen !== undefined || restored > 0)
      await appendEvent(prisma, run.id, 'console', {
        text: `[sandbox rebuilt on this worker from storage: ${restored} output file(s) restored]\n`,
      });
    await markSynced(box, outputsGeneration);
  }
  return { box, staged: staged ?? (await listTree(box.context)) };
}

async function listTree(dir: string, base = dir): Promise<string[]> {
  const out: string[] = [];
  for (const e of await readdir(dir, { withFileTypes: true }).catch(() => [])) {
    const full = path.join(dir, e.name);
    if (e.isDirectory()) out.push(...(await listTree(full, base)));
    else if (e.isFile()) out.push(path.relative(base, full));
  }
  return out.sort();
}

/** Saves the sandbox's outputs to storage and records the generation this sandbox now holds. */
export async function saveSandboxOutputs(deps: Deps, run: { id: string; workspaceId: string }, box: Sandbox) {
  const generation = await saveOutputs(deps.prisma, deps.storage, run, box.outputs);
  await markSynced(box, generation);
}

/**
 * Whether this worker's sandbox holds the run's latest outputs (so saving it cannot lose another worker's).
 * `knownGeneration` as for `readySandbox`.
 */
export async function sandboxIsCurrent(deps: Deps, box: Sandbox, knownGeneration?: number): Promise<boolean> {
  const seen = await syncedGeneration(box);
  if (seen === undefined) return false;
  return seen === (knownGeneration ?? (await outputsGenerationOf(deps.prisma, box.runId)));
}

async function outputsGenerationOf(prisma: PrismaClient, runId: string): Promise<number> {
  const row = await prisma.skillRun.findUniqueOrThrow({ where: { id: runId }, select: { outputsGeneration: true } });
  return row.outputsGeneration;
}

/** A run is over: its sandbox on this worker goes (outputs are in storage). */
export async function removeSandbox(box: Sandbox): Promise<void> {
  await rm(box.root, { recursive: true, force: true });
}
