/**
 * Young-generation collections paced by streamed bytes. Node hands every chunk of a request body (and of a file or
 * socket stream) over in a new buffer (nodejs/node#52176), which V8 counts as external memory; every 64 MiB of it (and
 * far more often once the heap has shrunk), V8 runs a full mark-compact of the whole heap. On the API's heap that is
 * tens of milliseconds each, and a 500 MB upload spent more CPU in those collections than in hashing and writing its
 * bytes. The chunks die young, so a scavenge
 * (about a millisecond) frees them as well; code that streams large bodies reports its bytes here, and one runs every
 * `YOUNG_GC_BYTES` of them, process-wide, before the full collection would.
 */
import v8 from 'node:v8';
import { runInNewContext } from 'node:vm';

/**
 * Every 4 MiB, not 16: at 16 the collections kept up only while the heap was as large as a busy process's; once it
 * had shrunk over an idle spell (V8 gives memory back), the chunks in flight between two collections set off V8's
 * external-memory marking over and over, a full mark-compact every ~70 ms through a whole upload (3 CPU seconds for
 * 500 MB instead of 1.2, `--trace-gc`). At 4 MiB no upload set one off, idle spells or not; a scavenge costs well
 * under a millisecond, about 40 ms per 500 MB.
 */
const YOUNG_GC_BYTES = 4 * 1024 * 1024;

/** V8's `gc` extension, installed in one throwaway context only (the flag is off again before any other is made);
 * where a runtime refuses, streams just run without it. */
function youngGc(): ((options: { type: 'minor' }) => void) | undefined {
  try {
    v8.setFlagsFromString('--expose-gc');
    const gc: unknown = runInNewContext('gc');
    return typeof gc === 'function' ? (gc as (options: { type: 'minor' }) => void) : undefined;
  } catch {
    return undefined;
  } finally {
    v8.setFlagsFromString('--no-expose-gc');
  }
}
const gc = youngGc();

let streamed = 0;

/** Counts `bytes` streamed through fresh buffers, collecting the young generation every `YOUNG_GC_BYTES`. */
export function noteStreamedBytes(bytes: number): void {
  streamed += bytes;
  if (streamed < YOUNG_GC_BYTES || !gc) return;
  streamed = 0;
  gc({ type: 'minor' });
}
