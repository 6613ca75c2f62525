/**
 * `npm run bench [-- name…]`: runs the benchmarks in bench/ (`<name>.bench.ts`), all of them by default, one after
 * another, each in its own process; they print their own figures.
 */
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const dir = path.dirname(fileURLToPath(import.meta.url));
const all = readdirSync(dir)
  .filter((f) => f.endsWith('.bench.ts'))
  .map((f) => f.replace(/\.bench\.ts$/, ''));
const chosen = process.argv.slice(2).length > 0 ? process.argv.slice(2) : all;
for (const name of chosen) {
  if (!all.includes(name)) {
    console.error(`no benchmark ${name}; have: ${all.join(', ')}`);
    process.exit(2);
  }
  console.log(`\n== ${name}`);
  const { status } = spawnSync(process.execPath, [path.join(dir, `${name}.bench.ts`)], { stdio: 'inherit' });
  if (status !== 0) process.exit(status ?? 1);
}
