/**
 * PostgreSQL `text` refuses the NUL byte (22021) and `jsonb` refuses `\u0000` and lone surrogates (22P05), so a
 * command that prints a NUL or a binary file read as text would fail the write. Every string headed for a run's
 * console output, events or transcript passes through here: NUL becomes the two characters `\0`, lone surrogates
 * become U+FFFD.
 */
export function pgText(text: string): string {
  return text.toWellFormed().replaceAll('\0', '\\0');
}

/** `pgText` applied to every string (and key) of a JSON value. */
export function pgJson<T>(value: T): T {
  if (typeof value === 'string') return pgText(value) as T;
  if (Array.isArray(value)) return value.map(pgJson) as T;
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [pgText(k), pgJson(v)])) as T;
  }
  return value;
}

/** `text` cut to at most `maxBytes` of UTF-8 without splitting a character; `truncated` says whether it was cut. */
export function truncateUtf8(text: string, maxBytes: number): { text: string; truncated: boolean; bytes: number } {
  const buf = Buffer.from(text, 'utf8');
  if (buf.length <= maxBytes) return { text, truncated: false, bytes: buf.length };
  let end = maxBytes;
  // Back up to the start of a character: continuation bytes are 10xxxxxx.
  while (end > 0 && (buf[end]! & 0xc0) === 0x80) end--;
  return { text: buf.subarray(0, end).toString('utf8'), truncated: true, bytes: buf.length };
}
