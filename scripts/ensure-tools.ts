/**
 * Makes sure the tools the tests start exist (building them with Go if needed) and prints their paths: the Temporal
 * CLI (its dev server) and versitygw (the S3-compatible server the storage tests run against). Used by `pretest`.
 */
import { ensureTemporalCli } from '../src/dev/temporal-cli.ts';
import { ensureVersitygw } from '../src/dev/versitygw.ts';

const [temporal, versitygw] = await Promise.all([
  ensureTemporalCli({ explicitPath: process.env.TEMPORAL_CLI_PATH, log: console.error }),
  ensureVersitygw({ explicitPath: process.env.VERSITYGW_PATH, log: console.error }),
]);
console.log(`temporal CLI: ${temporal}\nversitygw: ${versitygw}`);
