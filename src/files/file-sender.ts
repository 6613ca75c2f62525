/**
 * Writes part of an open file to a Node writable (an HTTP response) through a few buffers reused for the whole
 * transfer, reading ahead while earlier buffers are still being written. A file stream allocates a new buffer per
 * chunk, and on a large download that garbage makes V8 run a full collection every few dozen megabytes, which costs
 * more CPU than moving the bytes.
 */
import type { FileHandle } from 'node:fs/promises';
import type { Writable } from 'node:stream';

export interface SendOptions {
  /** First byte to send. */
  start?: number;
  /** Last byte to send (inclusive); the end of the file when absent. */
  end?: number;
  bufferBytes?: number;
  buffers?: number;
}

/**
 * Resolves once every byte was handed to `out` (it is not ended). Rejects if `out` closes first, or if the file ends
 * before `end`: the caller has promised the client that many bytes.
 *
 * @example
 * res.writeHead(200, { 'Content-Length': String(size) });
 * await sendFileRange(handle, res);
 * res.end();
 */
export async function sendFileRange(
  handle: FileHandle,
  out: Writable,
  { start = 0, end, bufferBytes = 1024 * 1024, buffers = 4 }: SendOptions = {},
): Promise<void> {
  const free = Array.from({ length: buffers }, () => Buffer.allocUnsafeSlow(bufferBytes));
  let wake: (() => void) | undefined;
  let failure: Error | undefined;
  const stop = (err: Error) => {
    failure ??= err;
    wake?.();
  };
  const closed = () => stop(new Error('The response closed before the file was sent'));
  out.once('close', closed);
  // A buffer comes back once `out` has handed its bytes on (to the kernel, for a socket), never earlier.
  const whenFree = () =>
    new Promise<void>((resolve) => {
      wake = resolve;
    });
  try {
    let position = start;
    for (;;) {
      const length = Math.min(bufferBytes, end === undefined ? bufferBytes : end + 1 - position);
      if (length <= 0) break;
      while (free.length === 0 && !failure) await whenFree();
      if (failure) throw failure;
      const buffer = free.pop()!;
      const { bytesRead } = await handle.read(buffer, 0, length, position);
      if (bytesRead === 0) {
        free.push(buffer);
        if (end === undefined) break;
        throw new Error(`The file ended at byte ${position}, before byte ${end}`);
      }
      position += bytesRead;
      if (failure) throw failure;
      out.write(buffer.subarray(0, bytesRead), (err) => {
        if (err) stop(err);
        free.push(buffer);
        wake?.();
      });
    }
    while (free.length < buffers && !failure) await whenFree();
    if (failure) throw failure;
  } finally {
    out.off('close', closed);
  }
}
