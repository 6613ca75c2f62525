/**
 * Files a cell's code wrote to `/sandbox/outputs/` become outputs: images as data URLs, text as text. Bounded: only
 * top-level regular files (a symlink or directory the code planted is skipped, never followed), at most MAX_FILES,
 * each at most MAX_FILE_BYTES; anything else is reported in one `text/plain` note instead.
 */
import { lstat, readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import type { CellOutput } from '../../generated/routes.ts';

export const MAX_FILES = 8;
export const MAX_FILE_BYTES = 1024 * 1024;
const MAX_LISTED = 32;

const IMAGES: Record<string, string> = {
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
};
const TEXTS: Record<string, string> = {
  '.txt': 'text/plain',
  '.csv': 'text/csv',
  '.html': 'text/html',
  '.json': 'application/json',
};

export async function fileOutputs(dir: string): Promise<CellOutput[]> {
  const all = (await readdir(dir).catch(() => [] as string[])).sort();
  // The sandbox may have written thousands of files: look at the first few, count the rest.
  const names = all.slice(0, MAX_LISTED);
  const outputs: CellOutput[] = [];
  const skipped: string[] = [];
  for (const name of names) {
    const ext = path.extname(name).toLowerCase();
    const mime = IMAGES[ext] ?? TEXTS[ext];
    const info = await lstat(path.join(dir, name));
    if (!info.isFile()) skipped.push(`${name}: not a regular file`);
    else if (!mime) skipped.push(`${name}: not an image, text, CSV, HTML or JSON file`);
    else if (info.size > MAX_FILE_BYTES) skipped.push(`${name}: larger than ${MAX_FILE_BYTES / 1048576} MiB`);
    else if (outputs.length >= MAX_FILES) skipped.push(`${name}: more than ${MAX_FILES} files`);
    else {
      const bytes = await readFile(path.join(dir, name));
      const data = IMAGES[ext]
        ? `data:${mime};base64,${bytes.toString('base64')}`
        : bytes.toString('utf8').toWellFormed();
      outputs.push({ mime_type: mime, name, data });
    }
  }
  if (all.length > names.length) skipped.push(`${all.length - names.length} more file(s)`);
  if (skipped.length > 0)
    outputs.push({
      mime_type: 'text/plain',
      stream: 'stderr',
      data: skipped.map((s) => `[outputs/${s}: not shown]\n`).join(''),
    });
  return outputs;
}
