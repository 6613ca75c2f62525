/**
 * `scratchpads create|list|get|delete` and `cells create|get|run|cancel|delete`: notebooks of a conversation whose
 * code cells run in the server's sandbox. `cells run` prints what the code prints, live.
 */
import { readFile } from 'node:fs/promises';
import type { Command } from 'commander';
import type { Schema } from '../../index.ts';
import { watchCell } from '../cell-watch.ts';
import { clientFor } from '../client.ts';
import { action } from '../command-action.ts';
import { CliError, ExitCode } from '../exit-codes.ts';
import { readStdin } from '../prompt.ts';
import { cellColumns, cellFields, scratchpadColumns, scratchpadFields } from './fields.ts';

interface CellOptions {
  type: string;
  language?: string;
  content?: string;
  file?: string;
  index?: string;
  timeout?: string;
}

export function registerScratchpads(program: Command) {
  const scratchpads = program.command('scratchpads').description('Notebooks of a conversation.');

  scratchpads
    .command('create')
    .description('Create an empty scratchpad in a conversation (add cells with `cells create`).')
    .requiredOption('--conversation <id>', 'the conversation it belongs to')
    .option('--title <title>', 'its title')
    .option('--saved', 'pin it')
    .action(
      action(async (ctx, options: { conversation: string; title?: string; saved?: boolean }) => {
        const pad = await clientFor(ctx).scratchpads.create({
          conversation_id: options.conversation,
          ...(options.title ? { title: options.title } : {}),
          ...(options.saved ? { saved: true } : {}),
        });
        ctx.out.item(pad, scratchpadFields);
      }),
    );

  scratchpads
    .command('list')
    .description("List a conversation's scratchpads, newest first.")
    .requiredOption('--conversation <id>', 'the conversation')
    .action(
      action(async (ctx, options: { conversation: string }) => {
        const rows = await clientFor(ctx).scratchpads.list({ conversation_id: options.conversation }).toArray();
        ctx.out.list(rows, scratchpadColumns);
      }),
    );

  scratchpads
    .command('get')
    .description('Show a scratchpad and its cells in order.')
    .argument('<scratchpad>', 'the scratchpad id')
    .action(
      action(async (ctx, _options, id: string) => {
        const pad = await clientFor(ctx).scratchpads.get(id);
        ctx.out.item(pad, scratchpadFields);
        if (!ctx.out.json) ctx.out.list(pad.cells, cellColumns);
      }),
    );

  scratchpads
    .command('delete')
    .description('Delete a scratchpad with its cells (their runs are cancelled).')
    .argument('<scratchpad>', 'the scratchpad id')
    .action(
      action(async (ctx, _options, id: string) => {
        await clientFor(ctx).scratchpads.delete(id);
        ctx.out.message(`Deleted ${id}.`, { deleted: id });
      }),
    );

  const cells = program.command('cells').description('Add, run and delete the cells of a scratchpad.');

  cells
    .command('create')
    .description('Add a cell at the end of a scratchpad (or at --index).')
    .argument('<scratchpad>', 'the scratchpad id')
    .option('--type <type>', 'code, markdown or output', 'code')
    .option('--language <language>', 'code cells: python (default) or shell')
    .option('--content <text>', 'its content')
    .option('--file <path>', 'its content from a file ("-": stdin)')
    .option('--index <n>', 'where to insert it (0 = first)')
    .option('--timeout <seconds>', "code cells: a run's time limit")
    .action(
      action(async (ctx, options: CellOptions, scratchpad: string) => {
        if (options.content !== undefined && options.file)
          throw new CliError('give --content or --file, not both', ExitCode.usage);
        const content =
          options.file === '-'
            ? await readStdin()
            : options.file
              ? await readFile(options.file, 'utf8')
              : options.content;
        const cell = await clientFor(ctx).cells.create(scratchpad, {
          type: options.type as Schema<'CellType'>,
          ...(options.language ? { language: options.language as Schema<'CellLanguage'> } : {}),
          ...(content !== undefined ? { content } : {}),
          ...(options.index !== undefined ? { index: whole(options.index, '--index') } : {}),
          ...(options.timeout !== undefined ? { timeout_seconds: whole(options.timeout, '--timeout') } : {}),
        });
        ctx.out.item(cell, cellFields);
      }),
    );

  cells
    .command('get')
    .description('Show a cell with its status and the outputs of its last run.')
    .argument('<scratchpad>', 'the scratchpad id')
    .argument('<cell>', 'the cell id')
    .action(
      action(async (ctx, _options, scratchpad: string, id: string) => {
        ctx.out.item(await clientFor(ctx).cells.get(scratchpad, id), cellFields);
      }),
    );

  cells
    .command('run')
    .description(
      "Run a code cell in the sandbox and print what it prints as it runs (the code's stdout on stdout, its stderr " +
        'on stderr, file outputs named on stderr); exit 1 unless it ends success. With --json: every event, one ' +
        'JSON object a line. --no-follow starts the run and prints the cell.',
    )
    .argument('<scratchpad>', 'the scratchpad id')
    .argument('<cell>', 'the cell id')
    .option('--no-follow', 'start the run and return at once')
    .action(
      action(async (ctx, options: { follow: boolean }, scratchpad: string, id: string) => {
        const client = clientFor(ctx);
        if (!options.follow) {
          ctx.out.item(await client.cells.start(scratchpad, id), cellFields);
          return;
        }
        process.exitCode = await watchCell(ctx, client, { scratchpad, cell: id }, (signal) =>
          client.cells.run(scratchpad, id, { signal }),
        );
      }),
    );

  cells
    .command('cancel')
    .description("Cancel a cell's run (it ends error, Cancelled).")
    .argument('<scratchpad>', 'the scratchpad id')
    .argument('<cell>', 'the cell id')
    .action(
      action(async (ctx, _options, scratchpad: string, id: string) => {
        const cell = await clientFor(ctx).cells.cancel(scratchpad, id);
        ctx.out.message(`Cancelling the run of ${id}.`, cell);
      }),
    );

  cells
    .command('delete')
    .description('Delete a cell (cancelling its run); the cells after it move up.')
    .argument('<scratchpad>', 'the scratchpad id')
    .argument('<cell>', 'the cell id')
    .action(
      action(async (ctx, _options, scratchpad: string, id: string) => {
        await clientFor(ctx).cells.delete(scratchpad, id);
        ctx.out.message(`Deleted ${id}.`, { deleted: id });
      }),
    );
}

function whole(value: string, option: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0) throw new CliError(`${option} takes a whole number`, ExitCode.usage);
  return n;
}
