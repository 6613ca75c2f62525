/**
 * Totals the counts each vitest run of `npm test` appended to the file named by its argument
 * (test/support/summary-reporter.ts) and prints them last: vitest's own summary shape, then the plain closing line
 * `Tests: N passed, N failed, N skipped` that CI log readers understand whatever the runner. Exits 1 when no test
 * passed at all, so a CI run that ran nothing can never read as green.
 */
import { readFileSync } from 'node:fs';

const lines = readFileSync(process.argv[2] ?? '', 'utf8')
  .split('\n')
  .filter(Boolean);
const total = { passed: 0, failed: 0, skipped: 0, files: 0, failedFiles: 0 };
for (const line of lines) {
  const counts = JSON.parse(line) as typeof total;
  for (const key of Object.keys(total) as (keyof typeof total)[]) total[key] += counts[key];
}
if (total.passed === 0) {
  console.error('no test ran');
  process.exit(1);
}
const join = (parts: (string | false)[]) => parts.filter(Boolean).join(' | ');
const tests = join([
  total.failed > 0 && `${total.failed} failed`,
  `${total.passed} passed`,
  total.skipped > 0 && `${total.skipped} skipped`,
]);
const files = join([
  total.failedFiles > 0 && `${total.failedFiles} failed`,
  `${total.files - total.failedFiles} passed`,
]);
console.log(`\nTotal of the ${lines.length} vitest runs of npm test:`);
console.log(` Test Files  ${files} (${total.files})`);
console.log(`      Tests  ${tests} (${total.passed + total.failed + total.skipped})`);
console.log(`Tests: ${total.passed} passed, ${total.failed} failed, ${total.skipped} skipped`);
