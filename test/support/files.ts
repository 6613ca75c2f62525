/** Helpers for file tests: uploads through HTTP, test archives, and what is on disk. */
import { readdir } from 'node:fs/promises';
import path from 'node:path';
import yazl from 'yazl';
import { auth } from './identity.ts';
import type { TestApp } from './test-app.ts';

export interface Upload {
  name: string;
  content: string | Uint8Array;
  fields?: Record<string, string>;
  type?: string;
}

export function uploadForm({ name, content, fields = {}, type }: Upload): FormData {
  const form = new FormData();
  for (const [key, value] of Object.entries(fields)) form.set(key, value);
  form.set(
    'file',
    new Blob([typeof content === 'string' ? content : new Uint8Array(content)], type ? { type } : {}),
    name,
  );
  return form;
}

export const upload = (t: TestApp, secret: string, file: Upload) =>
  t.fetch('/api/v1/files', { method: 'POST', headers: auth(secret), body: uploadForm(file) });

/**
 * A ZIP built with yazl; `rename` swaps entry names afterwards (same length), for names yazl itself refuses
 * (`../x`, `/abs`), so the archive is otherwise well-formed.
 */
export async function makeZip(
  entries: Array<{ name: string; content?: string | Buffer; mode?: number; dir?: boolean }>,
  rename: Record<string, string> = {},
): Promise<Buffer> {
  const zip = new yazl.ZipFile();
  for (const e of entries) {
    if (e.dir) zip.addEmptyDirectory(e.name);
    else zip.addBuffer(Buffer.from(e.content ?? ''), e.name, e.mode === undefined ? {} : { mode: e.mode });
  }
  zip.end();
  const chunks: Buffer[] = [];
  for await (const chunk of zip.outputStream) chunks.push(chunk as Buffer);
  let bytes = Buffer.concat(chunks);
  for (const [from, to] of Object.entries(rename)) {
    if (from.length !== to.length) throw new Error('renamed entries must keep their length');
    bytes = Buffer.from(bytes.toString('latin1').replaceAll(from, to), 'latin1');
  }
  return bytes;
}

/** Every blob and temporary file the storage holds for a workspace (recursively). */
export async function filesOnDisk(t: TestApp, workspaceId: string): Promise<string[]> {
  const root = path.join(t.config.SKILLPLANE_DATA_DIR, 'files');
  const found: string[] = [];
  for (const dir of [workspaceId, '.tmp']) {
    const entries = await readdir(path.join(root, dir), { recursive: true }).catch(() => [] as string[]);
    found.push(...entries.map((e) => path.join(dir, e)));
  }
  return found.sort();
}
