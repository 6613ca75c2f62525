/**
 * Workspace paths: every path a client sends (query, form field, JSON field, an upload's filename, a ZIP entry's name)
 * goes through `normalisePath`, which returns the canonical relative form stored in the database ('' is the root) or
 * explains what is wrong. Paths never reach the file system: content is stored under server-made keys (storage.ts), so
 * these rules keep the tree clean and unambiguous rather than being the only guard against traversal.
 */

export const MAX_PATH_LENGTH = 1024;
export const MAX_SEGMENT_BYTES = 255;
export const MAX_DEPTH = 32;

// biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are exactly what this refuses.
const CONTROL = /[\u0000-\u001f\u007f]/;

export type PathCheck = { ok: true; path: string } | { ok: false; reason: string };

/**
 * The canonical form of a relative workspace path: NFC, `/`-separated, without empty or `.` segments.
 *
 * @example
 * checkPath('input//./data.csv/') // { ok: true, path: 'input/data.csv' }
 * checkPath('../etc/passwd')       // { ok: false, reason: 'must not contain a ".." segment' }
 */
export function checkPath(raw: string): PathCheck {
  if (raw.includes('\u0000')) return { ok: false, reason: 'must not contain NUL bytes' };
  if (CONTROL.test(raw)) return { ok: false, reason: 'must not contain control characters' };
  if (raw.includes('\\')) return { ok: false, reason: 'must use "/" as separator, not "\\"' };
  if (raw.startsWith('/') || /^[A-Za-z]:/.test(raw)) return { ok: false, reason: 'must be relative, not absolute' };
  const segments = raw
    .normalize('NFC')
    .split('/')
    .filter((s) => s !== '' && s !== '.');
  if (segments.includes('..')) return { ok: false, reason: 'must not contain a ".." segment' };
  if (segments.some((s) => Buffer.byteLength(s) > MAX_SEGMENT_BYTES)) {
    return { ok: false, reason: `names must be at most ${MAX_SEGMENT_BYTES} bytes` };
  }
  if (segments.length > MAX_DEPTH) return { ok: false, reason: `must be at most ${MAX_DEPTH} levels deep` };
  const path = segments.join('/');
  if (path.length > MAX_PATH_LENGTH) return { ok: false, reason: `must be at most ${MAX_PATH_LENGTH} characters` };
  return { ok: true, path };
}

/** `a/b/c` → `['a', 'a/b']`: the folders a path runs through. */
export function ancestors(path: string): string[] {
  const parts = path.split('/');
  return parts.slice(0, -1).map((_, i) => parts.slice(0, i + 1).join('/'));
}

export const joinPath = (folder: string, name: string): string => (folder ? `${folder}/${name}` : name);

export const baseName = (path: string): string => path.slice(path.lastIndexOf('/') + 1);
