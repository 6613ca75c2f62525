/**
 * Makes sure a command the benchmarks run (wrk, curl) exists: on PATH, or, as root where apt-get exists, installed
 * from Debian's package of that name (`apt-get update` only when the install fails, as for bubblewrap), so a fresh
 * machine needs nothing installed by hand. Throws a readable error when neither works.
 */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';

const run = promisify(execFile);

async function onPath(name: string): Promise<boolean> {
  return run('sh', ['-c', `command -v ${name}`]).then(
    () => true,
    () => false,
  );
}

/** Resolves once `command` is on PATH, installing Debian's `debPackage` if it is missing. */
export async function ensureCommand(command: string, debPackage = command): Promise<void> {
  if (await onPath(command)) return;
  if (process.getuid?.() !== 0 || !(await onPath('apt-get'))) {
    throw new Error(`${command} is not on PATH: install the ${debPackage} package`);
  }
  console.error(`${command} is not on PATH: installing ${debPackage} with apt-get…`);
  const apt = (...args: string[]) =>
    run('sh', ['-c', 'umask 022; DEBIAN_FRONTEND=noninteractive exec apt-get "$@"', 'apt-get', ...args], {
      timeout: 10 * 60_000,
      maxBuffer: 16 * 1024 * 1024,
    });
  await apt('install', '-y', '-q', debPackage).catch(async () => {
    await apt('update', '-q');
    await apt('install', '-y', '-q', debPackage);
  });
  if (!(await onPath(command))) throw new Error(`apt-get installed ${debPackage} but ${command} is still not on PATH`);
}
