/** Makes sure the Temporal CLI exists (building it with Go if needed) and prints its path. Used by `pretest`. */
import { ensureTemporalCli } from '../src/dev/temporal-cli.ts';

const cliPath = await ensureTemporalCli({ explicitPath: process.env.TEMPORAL_CLI_PATH, log: console.error });
console.log(`temporal CLI: ${cliPath}`);
