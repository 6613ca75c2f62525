/**
 * Young-generation collections paced by streamed bytes. Node hands every chunk of a request body (and of a file or
 * socket stream) over in a new buffer (nodejs/node#52176), which V8 counts as external memory; every 64 MiB of it, V8
 * runs a full mark-compact of the whole heap. On the API's heap that is tens of milliseconds each, and a 500 MB upload
 * spent more CPU in those collections than in hashing and writing its bytes. The chunks die young, so a scavenge
 * (about a millisecond) frees them as well; code that streams large bodies reports its bytes here, and one runs every
 * `YOUNG_GC_BYTES` of them, process-wide, before the full collection would.
 */
import v8 from 'node:v8';
import { runInNewContext } from 'node:vm';

const YOUNG_GC_BYTES = 16 * 1024 * 1024;

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
