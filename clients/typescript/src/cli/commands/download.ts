/** Writing a downloaded body to a file (through a temporary name, so a broken download leaves no partial file) or stdout. */
import { createWriteStream } from 'node:fs';
import { rename, rm } from 'node:fs/promises';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { ReadableStream as WebReadableStream } from 'node:stream/web';
import type { Context } from '../context.ts';

export async function saveResponse(ctx: Context, response: Response, dest: string): Promise<void> {
  if (!response.body) throw new Error('the answer had no body');
  const body = Readable.fromWeb(response.body as WebReadableStream<Uint8Array>);
  if (dest === '-') {
    await pipeline(body, process.stdout, { end: false });
    return;
  }
  const temporary = `${dest}.${process.pid}.part`;
  try {
    await pipeline(body, createWriteStream(temporary, { flags: 'wx' }));
    await rename(temporary, dest);
  } finally {
    await rm(temporary, { force: true });
  }
  ctx.out.message(`Saved ${dest}.`, { saved: dest });
}
