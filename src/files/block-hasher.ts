/**
 * SHA-256 off the event loop. Hashing a 500 MB upload takes about 0.4 s of CPU, as much as receiving and writing it;
 * on the event loop it held up every chunk behind it. Blocks are handed to one worker thread (transferred: the
 * caller's view of a block is detached until `update` hands it back), started on first use and kept (unreferenced
 * while idle, so it never keeps the process up). Blocks of one hash are hashed in the order given. (Shared memory
 * would spare the hand-over, but V8 copies into a SharedArrayBuffer ten times slower than into an ArrayBuffer.)
 */
import { Worker } from 'node:worker_threads';
import type { HashRequest } from './sha256-worker.ts';

interface Pending {
  resolve(value: ArrayBuffer | string | null): void;
  reject(err: Error): void;
}

let current: { worker: Worker; pending: Pending[] } | undefined;
let nextId = 1;

function hashWorker() {
  if (current) return current;
  const worker = new Worker(new URL('./sha256-worker.ts', import.meta.url));
  const state = { worker, pending: [] as Pending[] };
  worker.unref();
  worker.on('message', (value: ArrayBuffer | string | null) => {
    state.pending.shift()?.resolve(value);
    if (state.pending.length === 0) worker.unref();
  });
  const fail = (err: Error) => {
    if (current === state) current = undefined;
    for (const p of state.pending.splice(0)) p.reject(err);
  };
  worker.on('error', fail);
  worker.on('exit', (code) => fail(new Error(`The hashing thread exited with code ${code}`)));
  current = state;
  return state;
}

export interface BlockHasher {
  /** Adds the first `length` bytes of `block`, which is detached until it comes back as what this resolves to. */
  update(block: ArrayBuffer, length: number): Promise<ArrayBuffer>;
  /** The hex digest of everything added. */
  digest(): Promise<string>;
  /** Forgets the hash (after a failed write). */
  drop(): void;
}

/**
 * A SHA-256 computed on the hashing thread.
 *
 * @example
 * const hash = sha256Blocks();
 * block = await hash.update(block, 1024);
 * const hex = await hash.digest();
 */
export function sha256Blocks(): BlockHasher {
  const id = nextId++;
  const state = hashWorker();
  const send = (req: HashRequest) =>
    new Promise<ArrayBuffer | string | null>((resolve, reject) => {
      // A thread that died took this hash's earlier blocks with it: its digest would be wrong.
      if (current !== state) return reject(new Error('The hashing thread exited'));
      state.pending.push({ resolve, reject });
      state.worker.ref();
      state.worker.postMessage(req, req.op === 'update' ? [req.block] : []);
    });
  return {
    update: async (block, length) => (await send({ op: 'update', id, block, length })) as ArrayBuffer,
    digest: async () => (await send({ op: 'digest', id })) as string,
    drop: () => {
      send({ op: 'drop', id }).catch(() => {});
    },
  };
}
