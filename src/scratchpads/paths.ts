/**
 * Where a scratchpad's sandbox lives on a worker: `<data dir>/scratchpads/runs/<scratchpad id>/`, laid out as a run's
 * (src/sandbox/sandbox.ts) so the same confinement applies: `work/` is `/sandbox` and persists between the
 * scratchpad's runs on that host; each cell has its own `outputs/<cell id>/`, mounted as `/sandbox/outputs`.
 */
import path from 'node:path';
import type { Config } from '../config.ts';

export const scratchpadsDataDir = (config: Pick<Config, 'SKILLPLANE_DATA_DIR'>) =>
  path.join(path.resolve(config.SKILLPLANE_DATA_DIR), 'scratchpads');

export const scratchpadRoot = (config: Pick<Config, 'SKILLPLANE_DATA_DIR'>, scratchpadId: string) =>
  path.join(scratchpadsDataDir(config), 'runs', scratchpadId);
