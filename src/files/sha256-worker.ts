/**
 * The thread behind `src/files/block-hasher.ts`: SHA-256 of blocks handed over (transferred, not copied), one hash
 * per id. Every message gets exactly one reply, in order, which is how the other side matches them up; an update's
 * reply hands the block back.
 */
import { createHash, type Hash } from 'node:crypto';
import { parentPort } from 'node:worker_threads';
import { noteStreamedBytes } from '../lib/young-gc.ts';

export type HashRequest =
  | { op: 'update'; id: number; block: ArrayBuffer; length: number }
  | { op: 'digest' | 'drop'; id: number };

const hashes = new Map<number, Hash>();
const port = parentPort!;

port.on('message', (req: HashRequest) => {
  if (req.op === 'update') {
    const hash = hashes.get(req.id) ?? createHash('sha256');
    hashes.set(req.id, hash);
    hash.update(new Uint8Array(req.block, 0, req.length));
    // Every block arrives as a new ArrayBuffer (V8 counts it as fresh external memory): see young-gc.ts.
    noteStreamedBytes(req.block.byteLength);
    port.postMessage(req.block, [req.block]);
    return;
  }
  const hash = hashes.get(req.id) ?? createHash('sha256');
  hashes.delete(req.id);
  port.postMessage(req.op === 'digest' ? hash.digest('hex') : null);
});
