#!/usr/bin/env node
/** The `skillplane` binary: runs the command tree and turns whatever ends it into a documented exit code. */
import { readFileSync } from 'node:fs';
import { describeFailure } from './failure.ts';
import { createProgram } from './program.ts';

const { version } = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as {
  version: string;
};

// A reader that stops early (`skillplane runs list | head`) closes the pipe: stop quietly, as other tools do.
process.stdout.on('error', (err: NodeJS.ErrnoException) => {
  if (err.code !== 'EPIPE') throw err;
  process.exit();
});

try {
  await createProgram(version).parseAsync(process.argv);
} catch (err) {
  const failure = describeFailure(err);
  if (failure.message) process.stderr.write(`${failure.message}\n`);
  process.exitCode = failure.exitCode;
}
