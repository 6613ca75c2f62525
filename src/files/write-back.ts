/**
 * Early write-back for a blob being written. A blob is fsync'ed before it is published; left to the kernel, all of a
 * large upload would still be in the page cache at that point (background write-back only starts at gigabytes of
 * dirty data or after 30 s), so the disk would sit idle while the upload arrives and then make the client wait for
 * the whole flush. Asking for an `fdatasync` every few tens of megabytes, one at a time and without waiting for it,
 * keeps the disk writing while the rest arrives; the final fsync, which is the durability promise, is unchanged.
 */
import type { FileHandle } from 'node:fs/promises';
import { Transform } from 'node:stream';

const WRITE_BACK_BYTES = 32 * 1024 * 1024;

/** A pass-through to put in front of a write stream of `file`. */
export function writeBackEarly(file: FileHandle, everyBytes = WRITE_BACK_BYTES): Transform {
  let pending = 0;
  let inFlight: Promise<void> | undefined;
  return new Transform({
    transform(chunk: Buffer, _encoding, done) {
      pending += chunk.length;
      if (pending >= everyBytes && !inFlight) {
        pending = 0;
        // Errors are left to the final fsync, which reports them.
        inFlight = file.datasync().then(
          () => {
            inFlight = undefined;
          },
          () => {
            inFlight = undefined;
          },
        );
      }
      done(null, chunk);
    },
    // The file is closed after its last write: no sync may still be running on it by then.
    flush(done) {
      void (inFlight ?? Promise.resolve()).then(() => done());
    },
  });
}
