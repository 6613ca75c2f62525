/**
 * The preview of an artifact file: the start of its text, cut at a character boundary, or nothing for binary content
 * (a NUL byte or invalid UTF-8 in what was read). Only PREVIEW_BYTES are read from storage, whatever the file's size.
 */
import type { ArtifactFile } from '../../generated/prisma/client.ts';
import type { FileStorage } from '../files/storage.ts';

export const PREVIEW_BYTES = 64 * 1024;

export interface Preview {
  encoding: 'utf-8' | 'none';
  content: string | null;
  truncated: boolean;
}

export async function readPreview(storage: FileStorage, workspaceId: string, file: ArtifactFile): Promise<Preview> {
  const size = Number(file.size);
  const truncated = size > PREVIEW_BYTES;
  if (size === 0) return { encoding: 'utf-8', content: '', truncated: false };
  const chunks: Buffer[] = [];
  const stream = await storage.read(workspaceId, file.storageKey, { start: 0, end: Math.min(size, PREVIEW_BYTES) - 1 });
  for await (const chunk of stream) chunks.push(chunk as Buffer);
  const bytes = Buffer.concat(chunks);
  if (bytes.includes(0)) return { encoding: 'none', content: null, truncated };
  try {
    // `stream: true` holds back a character cut by the limit instead of calling it invalid.
    const content = new TextDecoder('utf-8', { fatal: true }).decode(bytes, { stream: truncated });
    return { encoding: 'utf-8', content, truncated };
  } catch {
    return { encoding: 'none', content: null, truncated };
  }
}
