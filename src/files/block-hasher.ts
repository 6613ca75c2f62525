/**
 * SHA-256 off the event loop. Hashing a 500 MB upload takes about 0.4 s of CPU, as much as receiving and writing it;
 * on the event loop it held up every chunk behind it. Blocks of shared memory are hashed by one worker thread,
 * started on first use and kept (unreferenced while idle, so it never keeps the process up); a block must not change
 * until its `update` resolves. Blocks of one hash are hashed in the order given. (Handing blocks over as transferred
 * ArrayBuffers instead made each one fresh external memory to V8 on both sides, which V8 answers with full
 * collections.)
 */
import { Worker } from 'node:worker_threads';
import type { HashRequest } from './sha256-worker.ts';

/** A block of shared memory; `index` names it to the hashing thread. */
export interface SharedBlock {
  readonly index: number;
  readonly memory: SharedArrayBuffer;
}

interface Pending {
  resolve(value: string | null): void;
  reject(err: Error): void;
}

let current: { worker: Worker; pending: Pending[]; known: Set<number> } | undefined;
let nextId = 1;

function hashWorker() {
  if (current) return current;
  const worker = new Worker(new URL('./sha256-worker.ts', import.meta.url));
  const state = { worker, pending: [] as Pending[], known: new Set<number>() };
  worker.unref();
  worker.on('message', (value: string | null) => {
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
  /** Adds the first `length` bytes of `block`; they must not change until this resolves. */
  update(block: SharedBlock, length: number): Promise<void>;
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
 * await hash.update({ index: 1, memory: new SharedArrayBuffer(1024) }, 1024);
 * const hex = await hash.digest();
 */
export function sha256Blocks(): BlockHasher {
  const id = nextId++;
  const state = hashWorker();
  const send = (req: HashRequest) =>
    new Promise<string | null>((resolve, reject) => {
      // A thread that died took this hash's earlier blocks with it: its digest would be wrong.
      if (current !== state) return reject(new Error('The hashing thread exited'));
      state.pending.push({ resolve, reject });
      state.worker.ref();
      state.worker.postMessage(req);
    });
  return {
    update: async (block, length) => {
      const known = state.known.has(block.index);
      state.known.add(block.index);
      await send({ op: 'update', id, block: block.index, length, memory: known ? undefined : block.memory });
    },
    digest: async () => (await send({ op: 'digest', id })) as string,
    drop: () => {
      send({ op: 'drop', id }).catch(() => {});
    },
  };
}
