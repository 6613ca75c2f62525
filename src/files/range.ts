/**
 * Conditional and partial downloads (RFC 9110 §13-14): one `bytes` range, ETag comparison for `If-None-Match` and
 * `If-Range`. Several ranges are served as the whole file, which the RFC allows, rather than as multipart/byteranges.
 */

export interface ByteRange {
  start: number;
  /** Inclusive. */
  end: number;
}

/**
 * What a `Range` header asks of a file of `size` bytes: a range, `'unsatisfiable'` (416), or `undefined` when it is
 * absent, malformed or asks for several ranges (serve the whole file).
 *
 * @example
 * parseRange('bytes=0-99', 1000)  // { start: 0, end: 99 }
 * parseRange('bytes=-100', 1000)  // { start: 900, end: 999 }
 * parseRange('bytes=1000-', 1000) // 'unsatisfiable'
 */
export function parseRange(header: string | undefined, size: number): ByteRange | 'unsatisfiable' | undefined {
  if (!header) return undefined;
  const match = /^\s*bytes\s*=\s*(\d*)\s*-\s*(\d*)\s*$/i.exec(header);
  if (!match) return undefined;
  const [, first = '', last = ''] = match;
  if (first === '' && last === '') return undefined;
  if (first === '') {
    const suffix = Number(last);
    if (suffix === 0 || size === 0) return 'unsatisfiable';
    return { start: Math.max(0, size - suffix), end: size - 1 };
  }
  const start = Number(first);
  const end = last === '' ? size - 1 : Math.min(Number(last), size - 1);
  if (last !== '' && Number(last) < start) return undefined;
  if (start >= size) return 'unsatisfiable';
  return { start, end };
}

/** Whether an `If-None-Match` value (a list of ETags or `*`) matches, comparing weakly as the RFC requires. */
export function etagMatches(header: string | undefined, etag: string): boolean {
  if (!header) return false;
  if (header.trim() === '*') return true;
  const bare = (tag: string) => tag.trim().replace(/^W\//, '');
  return header.split(',').some((tag) => bare(tag) === bare(etag));
}

/** `If-Range` holds (so `Range` applies) when absent or equal to the current strong ETag. */
export function ifRangeHolds(header: string | undefined, etag: string): boolean {
  return header === undefined || header.trim() === etag;
}
