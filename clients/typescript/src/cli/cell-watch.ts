/**
 * Following a cell's run for `cells run`: what the code prints goes to stdout and stderr as it prints it, file
 * outputs are named on stderr, and the end says how it went. Ctrl-C stops watching, never the run. If the event
 * stream is lost for good (after the client's resumes), the cell is polled to its end instead.
 */
import { ConnectionError } from '../core/errors.ts';
import type { Cell, CellEvent, Skillplane } from '../index.ts';
import type { Context } from './context.ts';
import { CliError, ExitCode } from './exit-codes.ts';

export async function watchCell(
  ctx: Context,
  client: Skillplane,
  ids: { scratchpad: string; cell: string },
  events: (signal: AbortSignal) => AsyncIterable<CellEvent>,
): Promise<number> {
  const stop = new AbortController();
  const interrupted = () => stop.abort();
  process.once('SIGINT', interrupted);
  const printed: Printed = { stdout: '', stderr: '', files: new Set() };
  let lost = false;
  try {
    try {
      for await (const event of events(stop.signal)) {
        if (ctx.out.json) process.stdout.write(`${JSON.stringify(event)}\n`);
        else if (event.event === 'output') show(ctx, event.data, printed);
      }
    } catch (err) {
      if (stop.signal.aborted) throw interruption(ids);
      if (!(err instanceof ConnectionError)) throw err;
      lost = true;
      ctx.err(`(event stream lost: ${err.message}; polling instead)`);
    }
    const cell = await settle(client, ids, stop.signal).catch((err: unknown) => {
      throw stop.signal.aborted ? interruption(ids) : err;
    });
    // What the lost stream did not bring, when the cell's copy of the output shows it.
    if (lost && !ctx.out.json) {
      for (const output of cell.outputs) {
        const seen = output.stream ? printed[output.stream] : '';
        if (!output.stream) {
          if (!printed.files.has(output.name ?? '')) show(ctx, output, printed);
        } else if (output.data.startsWith(seen))
          show(ctx, { ...output, data: output.data.slice(seen.length) }, printed);
      }
    }
    return reportCell(ctx, cell);
  } finally {
    process.off('SIGINT', interrupted);
  }
}

/** What has been shown: the text of each stream, and the file outputs by name. */
interface Printed {
  stdout: string;
  stderr: string;
  files: Set<string>;
}

function show(ctx: Context, output: Cell['outputs'][number], printed: Printed) {
  if (output.stream) {
    printed[output.stream] += output.data;
    (output.stream === 'stdout' ? process.stdout : process.stderr).write(output.data);
    return;
  }
  printed.files.add(output.name ?? '');
  ctx.err(`output file: ${output.name ?? '(unnamed)'} (${output.mime_type}, ${output.data.length} characters)`);
}

/** The cell once its run is over (the stream's `end` has been sent, so this is one read unless the stream was lost). */
async function settle(client: Skillplane, ids: { scratchpad: string; cell: string }, signal: AbortSignal) {
  for (;;) {
    const cell = await client.cells.get(ids.scratchpad, ids.cell, { signal });
    if (cell.status !== 'pending' && cell.status !== 'running') return cell;
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
}

/** One line on stderr saying how the run ended (the whole cell on stdout with --json); the exit code. */
function reportCell(ctx: Context, cell: Cell): number {
  if (cell.status === 'success') {
    ctx.err(`✓ cell ${cell.id} success (run ${cell.execution_count})`);
    return ExitCode.ok;
  }
  ctx.err(`✗ cell ${cell.id} ${cell.status ?? 'not run'}${cell.error ? `: ${cell.error}` : ''}`);
  return ExitCode.runUnsuccessful;
}

function interruption(ids: { scratchpad: string; cell: string }) {
  return new CliError(
    `stopped watching; the cell's run goes on (cancel it with: skillplane cells cancel ${ids.scratchpad} ${ids.cell})`,
    ExitCode.interrupted,
  );
}
