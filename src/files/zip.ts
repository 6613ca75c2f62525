/**
 * Safe ZIP extraction into storage. Pass one reads only the central directory and refuses the archive, before
 * anything is written, for: more than `maxEntries` entries, an entry name that is absolute, has a `..` segment or is
 * otherwise not a clean relative path, a symbolic link or other special file, an encrypted entry, a duplicate or a
 * name that is both a file and a folder, a declared total above `maxUncompressedBytes`, or a declared total above
 * `maxRatio` × the archive's size (zip bombs, including overlapping-entry ones). Pass two streams each entry into a
 * new blob; yauzl checks every entry's actual size and CRC against its header, so the declared totals bound what is
 * written. Entries never touch the file system under their own names. On any failure every blob written is removed.
 */
import { PassThrough, type Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import yauzl from 'yauzl';
import { ancestors, checkPath, joinPath } from './paths.ts';
import { BlobTooLargeError, type FileStorage, type StoredBlob } from './storage.ts';

export type ZipProblem =
  | 'ZIP_INVALID'
  | 'ZIP_UNSAFE_ENTRY'
  | 'ZIP_TOO_MANY_ENTRIES'
  | 'ZIP_TOO_LARGE'
  | 'ZIP_COMPRESSION_RATIO_EXCEEDED';

export class ZipRefusedError extends Error {
  readonly problem: ZipProblem;
  constructor(problem: ZipProblem, message: string) {
    super(message);
    this.name = 'ZipRefusedError';
    this.problem = problem;
  }
}

export interface ZipOptions {
  /** The folder entries are extracted into ('' is the root). */
  destination: string;
  maxEntries: number;
  maxUncompressedBytes: number;
  maxRatio: number;
}

/** Below this total, the ratio is not checked: tiny archives of repetitive text compress far beyond any sane ratio. */
export const RATIO_FLOOR_BYTES = 1024 * 1024;

export interface ExtractedEntry {
  /** Where the entry goes: its normalised name under the destination. */
  path: string;
  blob: StoredBlob;
}

const S_IFMT = 0o170000;
const S_IFREG = 0o100000;
const S_IFDIR = 0o040000;
const S_IFLNK = 0o120000;

/** yauzl reading through the storage interface, so archives need not be local files. */
class StorageReader extends yauzl.RandomAccessReader {
  readonly #open: (start: number, end: number) => Promise<Readable>;
  constructor(open: (start: number, end: number) => Promise<Readable>) {
    super();
    this.#open = open;
  }
  override _readStreamForRange(start: number, end: number): Readable {
    const out = new PassThrough();
    this.#open(start, end - 1).then(
      (source) => pipeline(source, out).catch((err) => out.destroy(err)),
      (err) => out.destroy(err),
    );
    return out;
  }
}

/**
 * An error of the storage or the operating system (it carries a `syscall`), not of the archive: it stays an internal
 * error, whose message (which names host paths) must not reach the client as a ZIP_INVALID detail.
 */
const isSystemError = (err: unknown): boolean => typeof (err as { syscall?: unknown })?.syscall === 'string';

const unsafe = (name: string, why: string) => new ZipRefusedError('ZIP_UNSAFE_ENTRY', `Entry "${name}" ${why}.`);

function checkEntry(entry: yauzl.Entry, name: string, destination: string): { path: string; isDirectory: boolean } {
  const type = (entry.externalFileAttributes >>> 16) & S_IFMT;
  if (type === S_IFLNK) throw unsafe(name, 'is a symbolic link');
  if (type !== 0 && type !== S_IFREG && type !== S_IFDIR) throw unsafe(name, 'is not a regular file or folder');
  if (entry.isEncrypted()) throw unsafe(name, 'is encrypted');
  const checked = checkPath(name);
  if (!checked.ok) throw unsafe(name, checked.reason);
  if (checked.path === '') throw unsafe(name, 'has an empty name');
  // Checked alone first: joined to the destination, an absolute name would pass as a relative one.
  const target = checkPath(joinPath(destination, checked.path));
  if (!target.ok) throw unsafe(name, `${target.reason} once extracted into "${destination}"`);
  const isDirectory = name.endsWith('/') || type === S_IFDIR;
  if (!isDirectory && !entry.canDecodeFileData()) {
    throw new ZipRefusedError(
      'ZIP_INVALID',
      `Entry "${name}" uses unsupported compression method ${entry.compressionMethod}.`,
    );
  }
  return { path: target.path, isDirectory };
}

async function readDirectory(zip: yauzl.ZipFile, archiveSize: number, options: ZipOptions) {
  if (zip.entryCount > options.maxEntries) {
    throw new ZipRefusedError(
      'ZIP_TOO_MANY_ENTRIES',
      `The archive has ${zip.entryCount} entries; at most ${options.maxEntries} are allowed.`,
    );
  }
  const files: Array<{ path: string; entry: yauzl.Entry }> = [];
  const filePaths = new Set<string>();
  const folders = new Set<string>();
  let total = 0;
  for await (const entry of zip.eachEntry()) {
    const name = yauzl.getFileNameLowLevel(entry.generalPurposeBitFlag, entry.fileNameRaw, entry.extraFields, false);
    const { path, isDirectory } = checkEntry(entry, name, options.destination);
    for (const folder of isDirectory ? [...ancestors(path), path] : ancestors(path)) {
      if (filePaths.has(folder)) throw unsafe(name, `needs "${folder}" as a folder, but it is a file`);
      folders.add(folder);
    }
    if (isDirectory) continue;
    if (filePaths.has(path)) throw unsafe(name, 'appears twice');
    if (folders.has(path)) throw unsafe(name, 'is also a folder');
    total += entry.uncompressedSize;
    if (total > options.maxUncompressedBytes) {
      throw new ZipRefusedError(
        'ZIP_TOO_LARGE',
        `The archive expands to more than ${options.maxUncompressedBytes} bytes.`,
      );
    }
    filePaths.add(path);
    files.push({ path, entry });
  }
  if (total > RATIO_FLOOR_BYTES && total > archiveSize * options.maxRatio) {
    throw new ZipRefusedError(
      'ZIP_COMPRESSION_RATIO_EXCEEDED',
      `The archive expands ${Math.round(total / archiveSize)}-fold (${total} bytes from ${archiveSize}); at most ${options.maxRatio}-fold is allowed.`,
    );
  }
  return files;
}

/**
 * Extracts the archive blob `key` of `size` bytes into new blobs; the caller records them (or removes them).
 *
 * @example
 * const entries = await extractZip(storage, 'ws_1', zip.storageKey, Number(zip.size), { destination: 'data', ...limits });
 */
export async function extractZip(
  storage: FileStorage,
  workspaceId: string,
  key: string,
  size: number,
  options: ZipOptions,
): Promise<ExtractedEntry[]> {
  const reader = new StorageReader((start, end) => storage.read(workspaceId, key, { start, end }));
  let zip: yauzl.ZipFile;
  try {
    zip = await yauzl.fromRandomAccessReaderPromise(reader, size, {
      decodeStrings: false,
      validateEntrySizes: true,
      autoClose: false,
    });
  } catch (err) {
    if (isSystemError(err)) throw err;
    throw new ZipRefusedError('ZIP_INVALID', `Not a readable ZIP archive: ${(err as Error).message}.`);
  }
  const written: ExtractedEntry[] = [];
  try {
    const files = await readDirectory(zip, size, options).catch((err) => {
      throw err instanceof ZipRefusedError || isSystemError(err)
        ? err
        : new ZipRefusedError('ZIP_INVALID', `Unreadable archive: ${err.message}.`);
    });
    for (const { path, entry } of files) {
      let zipError: Error | undefined;
      try {
        const source = await zip.openReadStreamPromise(entry).catch((err) => {
          zipError = err;
          throw err;
        });
        source.once('error', (err) => {
          zipError = err;
        });
        written.push({ path, blob: await storage.write(workspaceId, source, { maxBytes: entry.uncompressedSize }) });
      } catch (err) {
        // Storage failures (a full disk) stay errors of ours; the archive's own are the client's.
        const cause = zipError ?? (err instanceof BlobTooLargeError ? err : undefined);
        if (!cause || isSystemError(cause)) throw err;
        throw new ZipRefusedError('ZIP_INVALID', `Entry "${path}" is corrupt: ${cause.message}.`);
      }
    }
    return written;
  } catch (err) {
    await storage.remove(
      workspaceId,
      written.map((w) => w.blob.key),
    );
    throw err;
  } finally {
    zip.close();
  }
}
