/** `files upload|ls|get|rm|extract`: the workspace's file tree, addressed by path. */
import path from 'node:path';
import type { Command } from 'commander';
import { uploadFromPath } from '../../node.ts';
import { workspaceClient } from '../client.ts';
import { action } from '../command-action.ts';
import { saveResponse } from './download.ts';
import { fileFields, treeColumns } from './fields.ts';

export function registerFiles(program: Command) {
  const files = program.command('files').description('Upload, list, download, delete and extract workspace files.');

  files
    .command('upload')
    .description('Upload local files into a folder of the workspace (a file already at a path is replaced).')
    .argument('<local...>', 'the local files')
    .option('--to <folder>', 'the folder to upload into (default: the root)')
    .action(
      action(async (ctx, options: { to?: string }, locals: string[]) => {
        const client = workspaceClient(ctx);
        const uploaded = [];
        // One after another: the server streams each to storage, and a failure names the file it happened to.
        for (const local of locals) {
          const file = await uploadFromPath(client, local, options.to ? { path: options.to } : {});
          uploaded.push(file);
          if (!ctx.out.json) ctx.out.message(`${local} → ${file.path} (${file.size} bytes, ${file.id})`);
        }
        if (ctx.out.json) ctx.out.list(uploaded, fileFields);
      }),
    );

  files
    .command('ls')
    .description('List a folder (the root when none is given).')
    .argument('[folder]', 'the folder')
    .action(
      action(async (ctx, _options, folder?: string) => {
        const entries = await workspaceClient(ctx)
          .files.tree(folder ? { path: folder } : {})
          .toArray();
        ctx.out.list(entries, treeColumns);
      }),
    );

  files
    .command('get')
    .description('Download a file (default: into the current folder under its own name; "-" writes to stdout).')
    .argument('<path>', "the file's path in the workspace")
    .argument('[dest]', 'where to write it')
    .action(
      action(async (ctx, _options, filePath: string, dest?: string) => {
        const response = await workspaceClient(ctx).files.downloadByPath({ path: filePath });
        await saveResponse(ctx, response, dest ?? path.posix.basename(filePath));
      }),
    );

  files
    .command('rm')
    .description('Delete a file, or a folder with everything in it.')
    .argument('<path>', 'the path in the workspace')
    .action(
      action(async (ctx, _options, target: string) => {
        await workspaceClient(ctx).files.deleteTree({ path: target });
        ctx.out.message(`Deleted ${target}.`, { deleted: target });
      }),
    );

  files
    .command('extract')
    .description('Extract a ZIP file of the workspace into a folder (default: its path without .zip).')
    .argument('<zip>', "the ZIP file's path in the workspace")
    .option('--to <folder>', 'the folder to extract into')
    .action(
      action(async (ctx, options: { to?: string }, zip: string) => {
        const result = await workspaceClient(ctx).files.extract({
          path: zip,
          ...(options.to ? { destination: options.to } : {}),
        });
        ctx.out.message(
          `Extracted ${result.file_count} files (${result.size} bytes) into ${result.extracted_to}.`,
          result,
        );
      }),
    );
}
