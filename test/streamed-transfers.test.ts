/**
 * The pieces that keep large transfers free of per-chunk garbage: `sendFileRange` sends exactly the bytes asked for
 * through its reused buffers to a slow receiver (a buffer is only refilled after its write completed), refuses a file
 * shorter than promised and stops when the receiver closes; `writeBackEarly` syncs a blob along the way without
 * changing it; `noteStreamedBytes` runs a collection per 4 MiB streamed.
 */
import { randomBytes } from 'node:crypto';
import { mkdtemp, open, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { PerformanceObserver } from 'node:perf_hooks';
import { Readable, Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sendFileRange } from '../src/files/file-sender.ts';
import { writeBackEarly } from '../src/files/write-back.ts';
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

describe('writeBackEarly', () => {
  it('passes a blob through whole while syncing it to disk along the way', async () => {
    const target = path.join(dir, 'written');
    const file = await open(target, 'w');
    let syncs = 0;
    const datasync = file.datasync.bind(file);
    file.datasync = () => {
      syncs++;
      return datasync();
    };
    const chunks = Array.from({ length: 80 }, (_, i) => content.subarray(i * 65536, (i + 1) * 65536));
    await pipeline(Readable.from(chunks), writeBackEarly(file, 1024 * 1024), file.createWriteStream({ flush: true }));
    expect((await readFile(target)).equals(content.subarray(0, 80 * 65536))).toBe(true);
    expect(syncs).toBeGreaterThan(0);
  });
});

describe('noteStreamedBytes', () => {
  it('runs a collection per 4 MiB streamed', async () => {
    let collections = 0;
    // V8 may upgrade a requested scavenge when a full marking is under way, so every kind counts.
    const observer = new PerformanceObserver((list) => {
      collections += list.getEntries().length;
    });
    observer.observe({ entryTypes: ['gc'] });
    for (let i = 0; i < 9 * 4 - 1; i++) noteStreamedBytes(1024 * 1024);
    await new Promise((r) => setTimeout(r, 500));
    observer.disconnect();
    expect(collections).toBeGreaterThanOrEqual(8);
  });
});
