/**
 * Reading what a person types, or what a script pipes in. Secrets are never taken as arguments (they would sit in
 * shell history and `ps`): they come from a prompt that does not echo, or from standard input.
 */
import { createInterface } from 'node:readline/promises';
import { Writable } from 'node:stream';
import { CliError, ExitCode } from './exit-codes.ts';

/** One line typed at a terminal, echoed unless `secret`. */
export async function ask(question: string, { secret = false } = {}): Promise<string> {
  let muted = false;
  // readline echoes through `output`; muting it after the question keeps a typed secret off the screen.
  const output = new Writable({
    write(chunk, _encoding, done) {
      if (!muted) process.stderr.write(chunk);
      done();
    },
  });
  const rl = createInterface({ input: process.stdin, output, terminal: true });
  // The terminal is in raw mode while readline reads, so Ctrl-C reaches readline, not the process.
  const interrupt = new AbortController();
  rl.on('SIGINT', () => interrupt.abort());
  try {
    const answer = rl.question(question, { signal: interrupt.signal });
    muted = secret;
    return (await answer).trim();
  } catch (err) {
    if (interrupt.signal.aborted) throw new CliError('interrupted', ExitCode.interrupted);
    throw err;
  } finally {
    rl.close();
    if (secret) process.stderr.write('\n');
  }
}

/** All of standard input, trimmed: for secrets and answers piped in by scripts. */
export async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8').trim();
}

/** A value from a prompt when stdin is a terminal, else from stdin; empty is a usage error. */
export async function askOrRead(question: string, what: string, { secret = false } = {}): Promise<string> {
  const value = process.stdin.isTTY ? await ask(question, { secret }) : await readStdin();
  if (!value) throw new CliError(`no ${what} given`, ExitCode.usage);
  return value;
}
