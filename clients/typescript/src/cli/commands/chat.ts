/**
 * `chat`: one turn of a conversation with the agent. The answer's text goes to stdout as it arrives (`--json`: every
 * event of the turn, one JSON object a line); a new conversation's id goes to stderr so the next turn can continue
 * it. Ctrl-C cancels the turn on the server, not just the watching, and exits 130.
 */
import type { Command } from 'commander';
import type { ResponseStreamEvent } from '../../core/types.ts';
import { clientFor, workspaceClient } from '../client.ts';
import { action } from '../command-action.ts';
import type { Context } from '../context.ts';
import { CliError, ExitCode } from '../exit-codes.ts';
import { readStdin } from '../prompt.ts';

interface ChatOptions {
  conversation?: string;
  model?: string;
  instructions?: string;
}

export function registerChat(program: Command) {
  program
    .command('chat')
    .description('Send the agent a message and stream its answer (a new conversation unless --conversation).')
    .argument('[message]', 'what to say (read from stdin when not given and stdin is not a terminal)')
    .option('-c, --conversation <id>', 'continue this conversation')
    .option('-m, --model <provider:model>', 'the model for this turn')
    .option('-i, --instructions <text>', 'extra instructions for this turn only')
    .action(action(chat));
}

async function chat(ctx: Context, options: ChatOptions, message?: string) {
  const input = message ?? (process.stdin.isTTY ? '' : await readStdin());
  if (!input.trim()) throw new CliError('no message given: pass it as an argument or on stdin', ExitCode.usage);
  const client = options.conversation ? clientFor(ctx) : workspaceClient(ctx);
  const stop = new AbortController();
  let interrupted = false;
  const stream = client.responses.stream(
    {
      input,
      ...(options.conversation ? { conversation_id: options.conversation } : {}),
      ...(options.model ? { model: options.model } : {}),
      ...(options.instructions ? { instructions: options.instructions } : {}),
    },
    { signal: stop.signal },
  );
  const onSigint = () => {
    // A second Ctrl-C does not wait for the cancel to be answered.
    if (interrupted) process.exit(ExitCode.interrupted);
    interrupted = true;
    // Before the turn has an id there is nothing to cancel yet: the loop stops at its first event instead.
    if (stream.responseId) stop.abort();
  };
  process.on('SIGINT', onSigint);
  let last: ResponseStreamEvent | undefined;
  let endsWithNewline = true;
  try {
    try {
      for await (const event of stream) {
        last = event;
        if (event.type === 'response.created' && !options.conversation)
          ctx.err(`conversation ${event.response?.conversation_id} (continue it with --conversation)`);
        if (ctx.out.json) process.stdout.write(`${JSON.stringify(event)}\n`);
        else if (event.type === 'response.output_text.delta' && event.delta) {
          process.stdout.write(event.delta);
          endsWithNewline = event.delta.endsWith('\n');
        }
        if (interrupted) break;
      }
    } catch (err) {
      if (!interrupted) throw err;
    }
    if (!endsWithNewline) process.stdout.write('\n');
    if (interrupted) {
      if (stream.responseId) await client.responses.cancel(stream.responseId);
      throw new CliError(`interrupted: turn ${stream.responseId ?? '(not started)'} cancelled`, ExitCode.interrupted);
    }
  } finally {
    process.off('SIGINT', onSigint);
  }
  process.exitCode = reportTurn(ctx, last);
}

/** How the turn ended, on stderr when it did not complete; the exit status. */
function reportTurn(ctx: Context, last: ResponseStreamEvent | undefined): number {
  const response = last?.response;
  if (last?.type === 'response.completed') return ExitCode.ok;
  const why = response?.error ? `${response.error.code}: ${response.error.message}` : (response?.status ?? 'ended');
  ctx.err(`error: the turn ${response?.id ?? ''} did not complete (${why})`);
  return ExitCode.runUnsuccessful;
}
