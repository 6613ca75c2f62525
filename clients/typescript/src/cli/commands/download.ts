/** Where a download goes: a file (through a temporary name, so a broken download leaves no partial file) or stdout. */
import { rename, rm } from 'node:fs/promises';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { ReadableStream as WebReadableStream } from 'node:stream/web';
import { saveToFile } from '../../node.ts';
import type { Context } from '../context.ts';

export async function saveResponse(ctx: Context, response: Response, dest: string): Promise<void> {
  if (dest === '-') {
    if (!response.body) return;
    await pipeline(Readable.fromWeb(response.body as WebReadableStream<Uint8Array>), process.stdout, { end: false });
    return;
  }
  const temporary = `${dest}.${process.pid}.part`;
  try {
    const bytes = await saveToFile(response, temporary);
    await rename(temporary, dest);
    ctx.out.message(`Saved ${dest} (${bytes} bytes).`, { saved: dest, bytes });
  } finally {
    await rm(temporary, { force: true });
  }
}
