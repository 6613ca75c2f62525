/**
 * A run's output files as a streamed ZIP. Every file is checked before the first byte is sent, so a file that is gone
 * (or was swapped for a link or a folder by what ran in the sandbox) is a clean error rather than a truncated
 * archive; each is then opened only when the archive reaches it, without following links, so at most one file is
 * open at a time. A failure after the response has started (a file deleted or grown meanwhile) ends the stream with
 * an error, which aborts the response: the client sees a failed download, never a corrupt "complete" ZIP.
 */
import { constants } from 'node:fs';
import { lstat, open, realpath } from 'node:fs/promises';
import path from 'node:path';
import { PassThrough, type Readable } from 'node:stream';
import yazl from 'yazl';
import type { FileStorage } from '../files/storage.ts';

/** An output the database lists that is no longer a regular file inside the run's outputs folder. */
export class OutputMissingError extends Error {
  readonly outputPath: string;
  constructor(outputPath: string) {
    super(`Output file "${outputPath}" is no longer stored.`);
    this.name = 'OutputMissingError';
    this.outputPath = outputPath;
  }
}

interface Checked {
  name: string;
  file: string;
  size: number;
  mtime: Date;
}

async function check(root: string, name: string): Promise<Checked> {
  const file = path.resolve(root, name);
  const stats = await lstat(file).catch(() => undefined);
  if (!stats?.isFile()) throw new OutputMissingError(name);
  // A link in a parent folder would pass lstat; the real path must still be inside the outputs folder.
  const real = await realpath(file).catch(() => '');
  if (!real.startsWith(`${root}${path.sep}`)) throw new OutputMissingError(name);
  return { name, file: real, size: stats.size, mtime: stats.mtime };
}

export interface ArchivedOutput {
  path: string;
  /** The blob in file storage; null for outputs recorded on the worker's disk before outputs were stored. */
  storageKey: string | null;
}

interface Source {
  name: string;
  size: number;
  mtime: Date;
  open(): Promise<Readable>;
}

/**
 * Checks every output, then returns the archive stream (rejects with `OutputMissingError` before anything is sent).
 *
 * @example
 * const zip = await outputArchive({ storage, workspaceId, outputsDir }, outputs);
 * return c.body(Readable.toWeb(zip) as ReadableStream, 200, { 'Content-Type': 'application/zip' });
 */
export async function outputArchive(
  { storage, workspaceId, outputsDir }: { storage: FileStorage; workspaceId: string; outputsDir: string },
  outputs: readonly ArchivedOutput[],
): Promise<Readable> {
  const onDisk = outputs.filter((o) => o.storageKey === null);
  // No folder at all (never created, or purged): fine when nothing is read from it, a loss otherwise.
  const root = await realpath(outputsDir).catch(() => undefined);
  if (root === undefined && onDisk.length > 0) throw new OutputMissingError(onDisk[0]!.path);
  const sources = await Promise.all(
    outputs.map(async (output): Promise<Source> => {
      if (output.storageKey === null) {
        const { name, file, size, mtime } = await check(root!, output.path);
        return {
          name,
          size,
          mtime,
          open: async () => (await open(file, constants.O_RDONLY | constants.O_NOFOLLOW)).createReadStream(),
        };
      }
      const key = output.storageKey;
      const size = await storage.sizeOf(workspaceId, key);
      if (size === undefined) throw new OutputMissingError(output.path);
      return { name: output.path, size, mtime: new Date(), open: () => storage.read(workspaceId, key) };
    }),
  );
  const zip = new yazl.ZipFile();
  const out = new PassThrough();
  let current: Readable | undefined;
  const fail = (err: Error) => {
    current?.destroy();
    out.destroy(err);
  };
  zip.on('error', fail);
  // The client went away: stop reading the file being archived rather than leave it open.
  out.on('close', () => current?.destroy());
  for (const { name, size, mtime, open: openSource } of sources) {
    // `size` makes yazl fail the archive if the file changed since it was checked.
    zip.addReadStreamLazy(name, { size, mtime, mode: 0o100644 }, (done) => {
      openSource().then(
        (stream) => {
          stream.on('error', fail);
          current = stream;
          done(null, stream);
        },
        (err: Error) => done(err, undefined as unknown as Readable),
      );
    });
  }
  zip.end();
  zip.outputStream.on('error', fail);
  zip.outputStream.pipe(out);
  return out;
}
