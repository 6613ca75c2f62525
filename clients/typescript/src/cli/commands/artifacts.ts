/**
 * `artifacts publish|list|get|update|preview|open|download|delete`: reports, apps and dashboards hosted in a project.
 */
import { mkdir, readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import type { Command } from 'commander';
import type { Schema } from '../../core/types.ts';
import { saveToFile } from '../../node.ts';
import { clientFor, workspaceClient } from '../client.ts';
import { action } from '../command-action.ts';
import { CliError, ExitCode } from '../exit-codes.ts';
import { artifactColumns, artifactFields } from './resource-fields.ts';

interface PublishOptions {
  project: string;
  path?: string;
  title?: string;
  type?: string;
}

export function registerArtifacts(program: Command) {
  const artifacts = program.command('artifacts').description('Artifacts: hosted reports, apps and dashboards.');

  artifacts
    .command('publish')
    .description('Publish a local folder as an artifact, or as the next version of the one at its path.')
    .argument('<dir>', 'the local folder (its files keep their relative paths)')
    .requiredOption('--project <id>', 'the project to publish into')
    .option('--path <path>', "the entry file's path in the project (default: <dir's name>/index.html)")
    .option('--title <title>', 'its title')
    .option('--type <type>', 'app, report, doc or dashboard')
    .action(
      action(async (ctx, options: PublishOptions, dir: string) => {
        const files = await readFolder(dir);
        const artifact = await clientFor(ctx).artifacts.publish({
          project_id: options.project,
          path: options.path ?? `${path.basename(path.resolve(dir))}/index.html`,
          ...(options.title ? { title: options.title } : {}),
          ...(options.type ? { type: options.type as Schema<'ArtifactType'> } : {}),
          files,
        });
        ctx.out.item(artifact, artifactFields);
      }),
    );

  artifacts
    .command('list')
    .description('List the artifacts of the workspace, or of a project or conversation.')
    .option('--project <id>', "only this project's")
    .option('--conversation <id>', "only this conversation's")
    .option('--type <type>', 'only of this type')
    .action(
      action(async (ctx, options: { project?: string; conversation?: string; type?: string }) => {
        const client = options.project ? clientFor(ctx) : workspaceClient(ctx);
        const query = {
          ...(options.project ? { project_id: options.project } : {}),
          ...(options.conversation ? { conversation_id: options.conversation } : {}),
          ...(options.type ? { type: options.type as Schema<'ArtifactType'> } : {}),
        };
        ctx.out.list(await client.artifacts.list(query).toArray(), artifactColumns);
      }),
    );

  artifacts
    .command('get')
    .description('Show an artifact and its files.')
    .argument('<artifact>', 'the artifact id')
    .action(
      action(async (ctx, _options, id: string) => {
        ctx.out.item(await clientFor(ctx).artifacts.get(id), artifactFields);
      }),
    );

  artifacts
    .command('update')
    .description('Rename or retype an artifact (its files change only by publishing again).')
    .argument('<artifact>', 'the artifact id')
    .option('--title <title>', 'its new title')
    .option('--type <type>', 'app, report, doc or dashboard')
    .action(
      action(async (ctx, options: { title?: string; type?: string }, id: string) => {
        const body = {
          ...(options.title !== undefined ? { title: options.title } : {}),
          ...(options.type ? { type: options.type as Schema<'ArtifactType'> } : {}),
        };
        ctx.out.item(await clientFor(ctx).artifacts.update(id, body), artifactFields);
      }),
    );

  artifacts
    .command('preview')
    .description(
      "Print the start of an artifact's entry file (or another of its files) as text: at most 64 KiB, never rendered.",
    )
    .argument('<artifact>', 'the artifact id')
    .option('--file <path>', "one of its files, relative to the artifact's folder (default: its entry)")
    .action(
      action(async (ctx, options: { file?: string }, id: string) => {
        const client = clientFor(ctx);
        // The API previews by path in a project; the id names both.
        const artifact = await client.artifacts.get(id);
        const preview = await client.artifacts.preview({
          project_id: artifact.project_id,
          path: options.file === undefined ? artifact.path : `${artifact.root}/${options.file}`,
        });
        if (ctx.out.json) return ctx.out.item(preview, []);
        const { file } = preview;
        if (preview.content === null) {
          ctx.err(`(${file.path} is binary, ${file.mime_type}: not previewed; \`artifacts download\` saves it)`);
          return;
        }
        process.stdout.write(preview.content);
        if (preview.truncated) ctx.err(`(only the start of ${file.path}: it has ${file.size} bytes)`);
      }),
    );

  artifacts
    .command('open')
    .description(
      'Print a short-lived URL that shows the artifact in a browser without signing in (share it like a password).',
    )
    .argument('<artifact>', 'the artifact id')
    .option('--expires-in <seconds>', 'how long the URL works (60 to 86400, default 900)')
    .action(
      action(async (ctx, options: { expiresIn?: string }, id: string) => {
        const expires = options.expiresIn === undefined ? undefined : Number(options.expiresIn);
        if (expires !== undefined && !Number.isInteger(expires))
          throw new CliError('--expires-in takes a whole number of seconds', ExitCode.usage);
        const view = await clientFor(ctx).artifacts.open({
          artifact_id: id,
          ...(expires !== undefined ? { expires_in: expires } : {}),
        });
        ctx.out.message(view.url, view);
        if (!ctx.out.json) ctx.err(`(works until ${view.expires_at})`);
      }),
    );

  artifacts
    .command('download')
    .description("Save an artifact's files into a local folder.")
    .argument('<artifact>', 'the artifact id')
    .option('--out <dir>', 'the folder to save into (default: the artifact folder name, here)')
    .action(
      action(async (ctx, options: { out?: string }, id: string) => {
        const client = clientFor(ctx);
        const artifact = await client.artifacts.get(id);
        const out = path.resolve(options.out ?? path.basename(artifact.root));
        for (const file of artifact.files) {
          const dest = path.resolve(out, file.path);
          // The server's paths are relative and clean; a bad one must still not write outside the folder.
          if (!dest.startsWith(`${out}${path.sep}`)) throw new CliError(`refusing the file path ${file.path}`);
          await mkdir(path.dirname(dest), { recursive: true });
          await saveToFile(client.artifacts.serve(artifact.project_id, `${artifact.root}/${file.path}`), dest);
        }
        ctx.out.message(`Saved ${artifact.files.length} files into ${out}.`, { saved: out, files: artifact.files });
      }),
    );

  artifacts
    .command('delete')
    .description('Delete an artifact and its files.')
    .argument('<artifact>', 'the artifact id')
    .action(
      action(async (ctx, _options, id: string) => {
        await clientFor(ctx).artifacts.delete(id);
        ctx.out.message(`Deleted ${id}.`, { deleted: id });
      }),
    );
}

/** Every file under `dir`, keyed by its `/`-separated path relative to it. */
async function readFolder(dir: string): Promise<Record<string, Uint8Array>> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true }).catch((err: NodeJS.ErrnoException) => {
    throw new CliError(`cannot read the folder ${dir}: ${err.code ?? err.message}`, ExitCode.usage);
  });
  const files: Record<string, Uint8Array> = {};
  for (const entry of entries) {
    if (!entry.isFile()) continue;
    const full = path.join(entry.parentPath, entry.name);
    files[path.relative(dir, full).split(path.sep).join('/')] = await readFile(full);
  }
  if (!Object.keys(files).length) throw new CliError(`the folder ${dir} has no files`, ExitCode.usage);
  return files;
}
