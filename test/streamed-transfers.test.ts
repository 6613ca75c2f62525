/**
 * The pieces that keep large transfers free of per-chunk garbage: `sendFileRange` sends exactly the bytes asked for
 * through its reused buffers to a slow receiver (a buffer is only refilled after its write completed), refuses a file
 * shorter than promised and stops when the receiver closes; `BlobFileWriter` writes a blob whole through its reused
 * blocks with the right SHA-256, syncing it along the way, and when it fails (too large, an aborted source) it
 * settles only once no write on the file is left running; `noteStreamedBytes` runs a collection per 16 MiB streamed.
 */
import { createHash, randomBytes } from 'node:crypto';
import { type FileHandle, mkdtemp, open, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { PerformanceObserver } from 'node:perf_hooks';
import { Readable, Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BlobFileWriter } from '../src/files/blob-file-writer.ts';
import { sendFileRange } from '../src/files/file-sender.ts';
import { noteStreamedBytes } from '../src/lib/young-gc.ts';

let dir: string;
let file: string;
const content = randomBytes(5 * 1024 * 1024 + 77);

beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'streamed-'));
  file = path.join(dir, 'blob');
  await writeFile(file, content);
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

/**
 * A receiver that takes its time: it reads each chunk only when it completes the write, 2 ms later, as a socket hands
 * bytes to the kernel. A buffer refilled before its write completed would show up as wrong bytes.
 */
function slowReceiver() {
  const received: Buffer[] = [];
  const out = new Writable({
    highWaterMark: 1,
    write(chunk: Buffer, _encoding, done) {
      setTimeout(() => {
        received.push(Buffer.from(chunk));
        done();
      }, 2);
    },
  });
  return { out, received: () => Buffer.concat(received) };
}

describe('sendFileRange', () => {
  it('sends the whole file, and a range of it, through reused buffers without corrupting held chunks', async () => {
    for (const range of [{}, { start: 1_000_003, end: 4_200_000 }]) {
      const handle = await open(file);
      const { out, received } = slowReceiver();
      await sendFileRange(handle, out, { ...range, bufferBytes: 64 * 1024, buffers: 3 });
      await handle.close();
      const start = 'start' in range ? range.start : 0;
      const end = 'end' in range ? range.end! + 1 : content.length;
      expect(received().equals(content.subarray(start, end))).toBe(true);
    }
  });

  it('rejects when the file ends before the promised last byte', async () => {
    const handle = await open(file);
    const { out } = slowReceiver();
    await expect(sendFileRange(handle, out, { start: 0, end: content.length + 10 })).rejects.toThrow(/ended at byte/);
    await handle.close();
  });

  it('stops when the receiver closes', async () => {
    const handle = await open(file);
    const { out } = slowReceiver();
    setTimeout(() => out.destroy(), 20);
    await expect(sendFileRange(handle, out, { bufferBytes: 16 * 1024, buffers: 2 })).rejects.toThrow();
    await handle.close();
  });
});

/** Counts the file's calls to `method` and the ones still running, so a test can see none is left behind. */
function watch(file: FileHandle, method: 'write' | 'datasync') {
  const counts = { calls: 0, running: 0 };
  const original = (file[method] as (...args: unknown[]) => Promise<unknown>).bind(file);
  (file as unknown as Record<string, unknown>)[method] = async (...args: unknown[]) => {
    counts.calls++;
    counts.running++;
    try {
      return await original(...args);
    } finally {
      counts.running--;
    }
  };
  return counts;
}

/** `content` in chunks of every size up to 100,000 bytes, so chunks straddle the 1 MiB blocks. */
function* oddChunks(bytes: Buffer) {
  for (let at = 0, n = 1; at < bytes.length; n = (n * 7919) % 100_000) {
    yield Buffer.from(bytes.subarray(at, at + n));
    at += n;
  }
}

describe('BlobFileWriter', () => {
  it('writes a blob whole, with its size and SHA-256, syncing it to disk along the way', async () => {
    for (const blob of [content, Buffer.alloc(0), content.subarray(0, 1024 * 1024)]) {
      const target = path.join(dir, 'written');
      const file = await open(target, 'w');
      const syncs = watch(file, 'datasync');
      const out = new BlobFileWriter(file, {
        maxBytes: blob.length,
        tooLarge: () => new Error('too large'),
        writeBackBytes: 1024 * 1024,
      });
      await pipeline(Readable.from(oddChunks(blob)), out);
      await file.close();
      expect((await readFile(target)).equals(blob)).toBe(true);
      expect(out.size).toBe(blob.length);
      expect(out.sha256).toBe(createHash('sha256').update(blob).digest('hex'));
      if (blob === content) expect(syncs.calls).toBeGreaterThan(0);
    }
  });

  it('fails past its limit, and when its source fails, only once no write is left running', async () => {
    const failures = [
      { maxBytes: content.length - 1, source: () => Readable.from(oddChunks(content)), error: /too large/ },
      {
        maxBytes: content.length,
        source: () =>
          Readable.from(
            (function* () {
              yield* oddChunks(content.subarray(0, 4 * 1024 * 1024));
              throw new Error('client went away');
            })(),
          ),
        error: /client went away/,
      },
    ];
    for (const { maxBytes, source, error } of failures) {
      const file = await open(path.join(dir, 'refused'), 'w');
      const writes = watch(file, 'write');
      const out = new BlobFileWriter(file, { maxBytes, tooLarge: () => new Error('too large') });
      await expect(pipeline(source(), out)).rejects.toThrow(error);
      expect(writes.calls).toBeGreaterThan(0);
      expect(writes.running).toBe(0);
      await file.close();
    }
  });
});

describe('noteStreamedBytes', () => {
  it('runs a collection per 16 MiB streamed', async () => {
    let collections = 0;
    // V8 may upgrade a requested scavenge when a full marking is under way, so every kind counts.
    const observer = new PerformanceObserver((list) => {
      collections += list.getEntries().length;
    });
    observer.observe({ entryTypes: ['gc'] });
    for (let i = 0; i < 9 * 16 - 1; i++) noteStreamedBytes(1024 * 1024);
    await new Promise((r) => setTimeout(r, 500));
    observer.disconnect();
    expect(collections).toBeGreaterThanOrEqual(8);
  });
});
