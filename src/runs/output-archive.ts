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

/**
 * Checks every output, then returns the archive stream (rejects with `OutputMissingError` before anything is sent).
 *
 * @example
 * const zip = await outputArchive(box.outputs, outputs.map((o) => o.path));
 * return c.body(Readable.toWeb(zip) as ReadableStream, 200, { 'Content-Type': 'application/zip' });
 */
export async function outputArchive(outputsDir: string, names: readonly string[]): Promise<Readable> {
  // No folder at all (never created, or purged): fine for a run without outputs, a loss for one with some.
  const root = await realpath(outputsDir).catch(() => undefined);
  if (root === undefined && names.length > 0) throw new OutputMissingError(names[0]!);
  const files = await Promise.all(names.map((name) => check(root!, name)));
  const zip = new yazl.ZipFile();
  const out = new PassThrough();
  let current: Readable | undefined;
  const fail = (err: Error) => {
    current?.destroy();
    out.destroy(err);
  };
  zip.on('error', fail);
  // The client went away: stop reading the file being archived rather than leave its descriptor open.
  out.on('close', () => current?.destroy());
  for (const { name, file, size, mtime } of files) {
    // `size` makes yazl fail the archive if the file changed since it was checked.
    zip.addReadStreamLazy(name, { size, mtime, mode: 0o100644 }, (done) => {
      open(file, constants.O_RDONLY | constants.O_NOFOLLOW).then(
        (handle) => {
          const stream = handle.createReadStream();
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
