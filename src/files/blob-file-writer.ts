/**
 * The writable end of a local blob. A request body arrives in chunks of at most 64 KiB; written as they come, through
 * a file stream and two pass-throughs, each chunk cost a system call, a thread-pool round trip, a hash update on the
 * event loop and a few stream hand-offs. Here chunks are copied into 256 KiB blocks of shared memory (a few, reused
 * across uploads); each full block is written at its offset from the thread pool while the hashing thread
 * (`block-hasher.ts`) reads it, and is refilled once both are done; the source waits when no block is free. An `fdatasync` is
 * started every 32 MiB written, one at a time and without waiting for it, so the disk writes while the rest arrives
 * instead of taking the whole flush at the end (the kernel's own write-back only starts at gigabytes of dirty data or
 * after 30 s); the final `fsync` is still what `write` waits for.
 */
import type { FileHandle } from 'node:fs/promises';
import { Writable } from 'node:stream';
import { noteStreamedBytes } from '../lib/young-gc.ts';
import { type BlockHasher, type SharedBlock, sha256Blocks } from './block-hasher.ts';

/**
 * Small enough that the blocks in use stay in a core's cache between being filled, written and hashed: with 1 MiB
 * blocks the kernel spent three times as long copying them into the page cache.
 */
const BLOCK_BYTES = 256 * 1024;
/**
 * Blocks per writer (4 MiB): on a quiet machine two or three are in use, but on a busy one each hand-over between
 * threads can wait for a time slice, and only blocks queued up ahead keep the disk and the hashing thread busy.
 */
const BLOCKS = 16;
const WRITE_BACK_BYTES = 32 * 1024 * 1024;

interface Block extends SharedBlock {
  bytes: Buffer;
  used: number;
}

/** Idle blocks kept for the next writers; the last one back is used first, being the likeliest still in a cache. */
const idle: Block[] = [];
const MAX_IDLE = 2 * BLOCKS;
let blocksMade = 0;

const takeBlock = (): Block => {
  const block = idle.pop();
  if (block) return block;
  const memory = new SharedArrayBuffer(BLOCK_BYTES);
  return { index: blocksMade++, memory, bytes: Buffer.from(memory), used: 0 };
};

async function writeAt(file: FileHandle, bytes: Buffer, position: number): Promise<void> {
  for (let done = 0; done < bytes.length; ) {
    done += (await file.write(bytes, done, bytes.length - done, position + done)).bytesWritten;
  }
}

export interface BlobFileWriterOptions {
  /** Past this many bytes the writer fails with `tooLarge()`. */
  maxBytes: number;
  tooLarge(): Error;
  /** Bytes written between two early `fdatasync`s. */
  writeBackBytes?: number;
}

/**
 * Writes what is piped into it to `file` (opened for writing, empty), then fsyncs it. `size` and `sha256` are set
 * once it has finished. It never closes the file; it settles only when no write on it is still running.
 *
 * @example
 * const out = new BlobFileWriter(file, { maxBytes, tooLarge: () => new Error('too large') });
 * await pipeline(source, out);
 * await file.close();
 */
export class BlobFileWriter extends Writable {
  size = 0;
  sha256 = '';
  readonly #file: FileHandle;
  readonly #options: BlobFileWriterOptions;
  readonly #hash: BlockHasher = sha256Blocks();
  #block: Block | undefined;
  #position = 0;
  #writing: Promise<void> = Promise.resolve();
  #busy = 0;
  readonly #running = new Set<Promise<void>>();
  #resume: (() => void) | undefined;
  #failure: Error | undefined;
  #unsynced = 0;
  #syncing: Promise<void> | undefined;

  constructor(file: FileHandle, options: BlobFileWriterOptions) {
    super();
    this.#file = file;
    this.#options = options;
  }

  override _write(chunk: Buffer, _encoding: BufferEncoding, done: (err?: Error | null) => void): void {
    this.size += chunk.length;
    if (this.size > this.#options.maxBytes) {
      done(this.#options.tooLarge());
      return;
    }
    noteStreamedBytes(chunk.length);
    this.#fill(chunk, 0, done);
  }

  #fill(chunk: Buffer, from: number, done: (err?: Error | null) => void): void {
    while (from < chunk.length) {
      if (this.#failure) break;
      if (!this.#block) {
        if (this.#busy === BLOCKS) {
          this.#resume = () => this.#fill(chunk, from, done);
          return;
        }
        this.#busy++;
        this.#block = takeBlock();
      }
      const block = this.#block;
      const copied = Math.min(chunk.length - from, BLOCK_BYTES - block.used);
      // `fill` copies with memcpy; `copy` into shared memory goes byte by byte, ten times slower.
      block.bytes.fill(chunk.subarray(from, from + copied), block.used, block.used + copied);
      block.used += copied;
      from += copied;
      if (block.used === BLOCK_BYTES) this.#submit();
    }
    done(this.#failure);
  }

  /** Writes and hashes the filling block. */
  #submit(): void {
    const block = this.#block!;
    this.#block = undefined;
    const position = this.#position;
    this.#position += block.used;
    // One write at a time: concurrent writes to one file contend for its inode lock, spinning in the kernel.
    const written = this.#writing.then(() => writeAt(this.#file, block.bytes.subarray(0, block.used), position));
    this.#writing = written.then(
      () => this.#writeBackEarly(block.used),
      () => {},
    );
    // Both must be over before the block is reused, even when one of them failed.
    const running: Promise<void> = Promise.allSettled([written, this.#hash.update(block, block.used)]).then(
      (outcomes) => {
        for (const outcome of outcomes) if (outcome.status === 'rejected') this.#failure ??= outcome.reason as Error;
        this.#running.delete(running);
        this.#release(block);
      },
    );
    this.#running.add(running);
  }

  /** A block is free again, for this writer or the next. */
  #release(block: Block): void {
    block.used = 0;
    if (idle.length < MAX_IDLE) idle.push(block);
    this.#busy--;
    const resume = this.#resume;
    this.#resume = undefined;
    resume?.();
  }

  #writeBackEarly(bytes: number): void {
    this.#unsynced += bytes;
    if (this.#unsynced < (this.#options.writeBackBytes ?? WRITE_BACK_BYTES) || this.#syncing) return;
    this.#unsynced = 0;
    // Errors are left to the final fsync, which reports them.
    this.#syncing = this.#file.datasync().then(
      () => {
        this.#syncing = undefined;
      },
      () => {
        this.#syncing = undefined;
      },
    );
  }

  async #settled(): Promise<void> {
    while (this.#running.size > 0) await Promise.all(this.#running);
    await this.#syncing;
  }

  override _final(done: (err?: Error | null) => void): void {
    if (this.#block) this.#submit();
    this.#settled()
      .then(async () => {
        if (this.#failure) throw this.#failure;
        await this.#file.sync();
        this.sha256 = await this.#hash.digest();
      })
      .then(() => done(), done);
  }

  override _destroy(err: Error | null, done: (err?: Error | null) => void): void {
    const resume = this.#resume;
    this.#resume = undefined;
    this.#failure ??= err ?? new Error('The blob was not written whole');
    resume?.();
    if (this.#block) {
      const block = this.#block;
      this.#block = undefined;
      this.#release(block);
    }
    void this.#settled().then(() => {
      if (!this.sha256) this.#hash.drop();
      done(err);
    });
  }
}
