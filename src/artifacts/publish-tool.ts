/**
 * The `publish_artifact` tool of conversation turns in a project: the agent publishes a folder it wrote under
 * `outputs/` as an artifact of the project (a new one, or a new version of the one in that folder). It runs in the
 * worker, not the sandbox. `prepareArtifact` reads the folder and writes its files to storage (refusing symlinks,
 * special files and anything over the limits, and opening each file with O_NOFOLLOW); the rows are switched in the
 * tool step's exactly-once transaction by `commitArtifact`, which also writes what the model is told.
 */
import { constants } from 'node:fs';
import { lstat, open, readdir } from 'node:fs/promises';
import path from 'node:path';
import type { ArtifactType, PrismaClient } from '../../generated/prisma/client.ts';
import type { Config } from '../config.ts';
import type { FileStorage, StoredBlob } from '../files/storage.ts';
import type { Tx } from '../runs/steps.ts';
import type { ToolOutcome } from '../runs/tools.ts';
import { confine, type Sandbox } from '../sandbox/sandbox.ts';
import { ArtifactPathError, canonicalPath, entryOf } from './artifact-paths.ts';
import { mimeTypeOf } from './content-types.ts';
import { type PublishFile, type PublishInput, PublishRefused, publishArtifactRows } from './publish.ts';

export const PUBLISH_ARTIFACT = 'publish_artifact';

const TYPES: readonly ArtifactType[] = ['app', 'report', 'doc', 'dashboard'];

export const publishArtifactSpec = {
  description:
    "Publish a folder you wrote under outputs/ as an artifact of this conversation's project (a mini app, report, document or dashboard the user can open). `path` is the entry file relative to outputs/, inside a folder (e.g. sales_dashboard/index.html); every file in that folder is published with it, so relative links (assets/chart.js) work. Publishing the same folder again replaces the artifact's files.",
  inputSchema: {
    type: 'object',
    properties: {
      path: { type: 'string', minLength: 1, maxLength: 1024 },
      title: { type: 'string', minLength: 1, maxLength: 200 },
      type: { type: 'string', enum: TYPES },
    },
    required: ['path', 'title'],
    additionalProperties: false,
  },
};

export type PendingArtifact = PublishInput;

interface Deps {
  prisma: PrismaClient;
  storage: FileStorage;
  config: Config;
}

class Refusal extends Error {}

const refuse = (message: string): { outcome: ToolOutcome } => ({ outcome: { output: message, isError: true } });

/** Checks the model's input and stores the folder's files; nothing is published until `commitArtifact`. */
export async function prepareArtifact(
  deps: Deps,
  runId: string,
  box: Sandbox,
  input: Record<string, unknown>,
): Promise<{ outcome: ToolOutcome; pending?: PendingArtifact }> {
  const { path: rawPath, title, type } = input;
  if (typeof rawPath !== 'string') return refuse('path must be a string.');
  if (typeof title !== 'string' || !title.trim() || title.length > 200 || title.includes('\0'))
    return refuse('title must be 1 to 200 characters of text.');
  if (type !== undefined && !TYPES.includes(type as ArtifactType))
    return refuse(`type must be one of ${TYPES.join(', ')}.`);
  const turn = await deps.prisma.response.findUnique({
    where: { runId },
    select: { id: true, workspaceId: true, conversationId: true, conversation: { select: { projectId: true } } },
  });
  const projectId = turn?.conversation.projectId;
  if (!turn || !projectId) return refuse('This conversation belongs to no project, so it cannot publish artifacts.');
  let entry: ReturnType<typeof entryOf>;
  try {
    entry = entryOf(rawPath.replace(/^\/?(?:sandbox\/)?outputs\//, ''));
  } catch (err) {
    if (err instanceof ArtifactPathError) return refuse(`path ${err.message}.`);
    throw err;
  }
  const written: StoredBlob[] = [];
  try {
    const found = await folderFiles(box.outputs, entry.root, deps.config);
    if (!found.some((f) => f.path === entry.name)) throw new Refusal(`outputs/${entry.path} is not a file.`);
    await assertNoOverlap(deps.prisma, projectId, entry.root);
    const files: PublishFile[] = [];
    let used = 0;
    for (const f of found) {
      // O_NOFOLLOW: a symlink put in the file's place after the walk is refused, not followed.
      const handle = await open(f.full, constants.O_RDONLY | constants.O_NOFOLLOW);
      const blob = await deps.storage.write(turn.workspaceId, handle.createReadStream(), {
        maxBytes: deps.config.ARTIFACT_MAX_BYTES - used,
      });
      written.push(blob);
      used += blob.size;
      files.push({ path: f.path, blob, mimeType: mimeTypeOf(f.path) });
    }
    const pending: PendingArtifact = {
      workspaceId: turn.workspaceId,
      projectId,
      entry,
      title: title.trim(),
      ...(type ? { type: type as ArtifactType } : {}),
      source: 'agent',
      conversationId: turn.conversationId,
      responseId: turn.id,
      files,
    };
    return { outcome: { output: '', isError: false }, pending };
  } catch (err) {
    await deps.storage.remove(
      turn.workspaceId,
      written.map((b) => b.key),
    );
    if (err instanceof Refusal) return refuse(err.message);
    if (err instanceof PublishRefused) return refuse(err.message);
    if (err instanceof Error && err.name === 'BlobTooLargeError')
      return refuse(`An artifact's files may hold at most ${deps.config.ARTIFACT_MAX_BYTES} bytes.`);
    throw err;
  }
}

/** Publishes in the tool step's transaction; returns what the model is told and the blobs to remove after commit. */
export async function commitArtifact(
  tx: Tx,
  pending: PendingArtifact,
): Promise<{ outcome: ToolOutcome; replaced: string[] }> {
  const { artifact, created, replacedKeys } = await publishArtifactRows(tx, pending);
  const what = created ? 'Published' : `Published version ${artifact.version} of`;
  return {
    outcome: {
      output: `${what} artifact ${artifact.id} "${artifact.title}" (${artifact.type}) at ${artifact.path}: ${artifact.fileCount} file(s), ${artifact.size} bytes.`,
      isError: false,
    },
    replaced: replacedKeys,
  };
}

/** Regular files under `outputs/<root>`, with paths relative to it; symlinks and special files are refused. */
async function folderFiles(outputs: string, root: string, config: Config) {
  let dir = outputs;
  for (const segment of root.split('/')) {
    dir = confine(dir, segment);
    const info = await lstat(dir).catch(() => undefined);
    if (!info?.isDirectory()) throw new Refusal(`outputs/${root} is not a folder.`);
  }
  const out: Array<{ path: string; full: string }> = [];
  const walk = async (current: string, prefix: string): Promise<void> => {
    for (const e of await readdir(current, { withFileTypes: true })) {
      const rel = prefix ? `${prefix}/${e.name}` : e.name;
      const full = path.join(current, e.name);
      if (e.isSymbolicLink())
        throw new Refusal(`outputs/${root}/${rel} is a symbolic link; artifacts hold regular files only.`);
      if (e.isDirectory()) await walk(full, rel);
      else if (!e.isFile()) throw new Refusal(`outputs/${root}/${rel} is not a regular file.`);
      else {
        try {
          canonicalPath(rel);
        } catch (err) {
          if (err instanceof ArtifactPathError) throw new Refusal(`The name outputs/${root}/${rel} ${err.message}.`);
          throw err;
        }
        out.push({ path: rel, full });
        if (out.length > config.ARTIFACT_MAX_FILES)
          throw new Refusal(`An artifact holds at most ${config.ARTIFACT_MAX_FILES} files.`);
      }
    }
  };
  await walk(dir, '');
  return out.sort((a, b) => (a.path < b.path ? -1 : 1));
}

/** The same check the publish makes under its lock, made early so the model hears of a conflict at once. */
async function assertNoOverlap(prisma: PrismaClient, projectId: string, root: string) {
  const rows = await prisma.$queryRaw<Array<{ root: string }>>`
    SELECT root FROM artifacts WHERE project_id = ${projectId} AND root <> ${root}
      AND (starts_with(root, ${`${root}/`}) OR starts_with(${root}, root || '/')) LIMIT 1`;
  if (rows[0])
    throw new Refusal(`The folder ${root} overlaps the folder ${rows[0].root} of another artifact of this project.`);
}
