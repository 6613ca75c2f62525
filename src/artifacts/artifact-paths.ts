/**
 * Artifact paths. An artifact owns a folder of its project (`root`, its entry file's folder) and its files are named
 * relative to that folder. Every path a client or the agent sends goes through the workspace path rules
 * (`checkPath`: no `..`, no absolute paths, no `\`, no control characters, bounded length and depth) before it is
 * compared with anything; content is stored under server-made keys, so no path ever reaches a file system.
 */
import { checkPath } from '../files/paths.ts';

/** A path refused, with why; the caller names the field it came from. */
export class ArtifactPathError extends Error {}

/** The canonical form of a relative path (NFC, no empty or `.` segments), or an error saying what is wrong. */
export function canonicalPath(raw: string): string {
  const checked = checkPath(raw);
  if (!checked.ok) throw new ArtifactPathError(checked.reason);
  if (!checked.path) throw new ArtifactPathError('must name a file');
  return checked.path;
}

/**
 * An entry path and the folder it makes the artifact's root.
 *
 * @example
 * entryOf('sales_dashboard/index.html') // { path: 'sales_dashboard/index.html', root: 'sales_dashboard', name: 'index.html' }
 */
export function entryOf(raw: string): { path: string; root: string; name: string } {
  const path = canonicalPath(raw);
  const cut = path.lastIndexOf('/');
  if (cut < 0) throw new ArtifactPathError('must be inside a folder (the artifact\'s own), e.g. "report/index.html"');
  return { path, root: path.slice(0, cut), name: path.slice(cut + 1) };
}

/** The folders a project path runs through, nearest last: where the artifact holding it may be rooted. */
export function candidateRoots(path: string): string[] {
  const parts = path.split('/');
  return parts.slice(0, -1).map((_, i) => parts.slice(0, i + 1).join('/'));
}
