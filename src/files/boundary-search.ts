/**
 * The boundary search of a multipart body, for busboy. busboy finds boundaries with `streamsearch`, a
 * Boyer-Moore-Horspool search written in JavaScript that looks at every few bytes of the body: on a 500 MB upload
 * that was the event loop's largest cost after hashing. This is the same search, with the same callbacks, over
 * `Buffer.indexOf` (native, several times faster); only a boundary split between two chunks is matched byte by byte.
 * `useFastBoundarySearch` puts it in place of busboy's own (busboy 1.6, pinned; left as it is if its insides differ).
 */
import type busboy from 'busboy';

/**
 * Called with body bytes in order: `data[start..end)` (no bytes when `data` is undefined), then, when `isMatch`, the
 * boundary that follows them. Bytes passed with `isDataSafe` false are only valid during the call.
 */
export type SearchCallback = (
  isMatch: boolean,
  data: Buffer | undefined,
  start: number,
  end: number,
  isDataSafe: boolean,
) => void;

export class BoundarySearch {
  matches = 0;
  readonly #needle: Buffer;
  readonly #callback: SearchCallback;
  /** The end of the last chunk when it could be the start of a boundary. */
  readonly #lookbehind: Buffer;
  #lookbehindSize = 0;

  constructor(needle: Buffer, callback: SearchCallback, lookbehind: Buffer = Buffer.alloc(0)) {
    this.#needle = needle;
    this.#callback = callback;
    this.#lookbehind = Buffer.alloc(needle.length);
    this.#lookbehindSize = lookbehind.copy(this.#lookbehind);
  }

  push(data: Buffer): number {
    const needle = this.#needle;
    let start = this.#lookbehindSize > 0 ? this.#afterLookbehind(data) : 0;
    if (start < 0) return data.length;
    for (let at = data.indexOf(needle, start); at !== -1; at = data.indexOf(needle, start)) {
      this.matches++;
      if (at > start) this.#callback(true, data, start, at, true);
      else this.#callback(true, undefined, 0, 0, true);
      start = at + needle.length;
    }
    // Any boundary starting before the last needle-length bytes was found; one may start in them.
    let tail = Math.max(start, data.length - needle.length + 1);
    while (tail < data.length && !this.#startsBoundary(data, tail)) tail++;
    if (tail > start) this.#callback(false, data, start, tail, true);
    this.#lookbehindSize = data.copy(this.#lookbehind, 0, tail);
    return data.length;
  }

  /** Passes on what is left of the previous chunk. */
  destroy(): void {
    if (this.#lookbehindSize > 0) this.#callback(false, this.#lookbehind, 0, this.#lookbehindSize, false);
    this.#lookbehindSize = 0;
  }

  /** Whether `data` from `at` to its end is the beginning of a boundary. */
  #startsBoundary(data: Buffer, at: number): boolean {
    return data[at] === this.#needle[0] && data.compare(this.#needle, 0, data.length - at, at) === 0;
  }

  /**
   * Settles the previous chunk's end with the start of `data`: where in `data` the search goes on, or -1 when all of
   * `data` still continues a possible boundary (and joins the lookbehind).
   */
  #afterLookbehind(data: Buffer): number {
    const needle = this.#needle;
    const behind = this.#lookbehind;
    const size = this.#lookbehindSize;
    for (let i = 0; i < size; i++) {
      const have = size - i;
      if (behind.compare(needle, 0, have, i, size) !== 0) continue;
      const need = needle.length - have;
      const available = Math.min(need, data.length);
      if (data.compare(needle, have, have + available, 0, available) !== 0) continue;
      if (available < need) {
        if (i > 0) this.#callback(false, behind, 0, i, false);
        behind.copy(behind, 0, i, size);
        data.copy(behind, have);
        this.#lookbehindSize = have + available;
        return -1;
      }
      this.matches++;
      this.#lookbehindSize = 0;
      if (i > 0) this.#callback(true, behind, 0, i, false);
      else this.#callback(true, undefined, 0, 0, true);
      return need;
    }
    this.#callback(false, behind, 0, size, false);
    this.#lookbehindSize = 0;
    return 0;
  }
}

interface StreamSearchInsides {
  _needle?: unknown;
  _cb?: unknown;
  _lookbehind?: unknown;
  _lookbehindSize?: unknown;
}

/**
 * Replaces the boundary search of a multipart parser busboy just made (which has already searched the CRLF it feeds
 * itself, so the search's state is carried over).
 *
 * @example
 * const parser = busboy({ headers });
 * useFastBoundarySearch(parser);
 */
export function useFastBoundarySearch(parser: busboy.Busboy): void {
  const multipart = parser as unknown as { _bparser?: StreamSearchInsides };
  const search = multipart._bparser;
  if (!search || !Buffer.isBuffer(search._needle) || typeof search._cb !== 'function') return;
  if (!Buffer.isBuffer(search._lookbehind) || typeof search._lookbehindSize !== 'number') return;
  multipart._bparser = new BoundarySearch(
    search._needle,
    search._cb as SearchCallback,
    search._lookbehind.subarray(0, search._lookbehindSize),
  ) as unknown as StreamSearchInsides;
}
