/**
 * The thread behind `src/files/block-hasher.ts`: SHA-256 of blocks of shared memory, one hash per id. A block's
 * memory is sent once, with its first update; later updates name it by number. Every message gets exactly one reply,
 * in order, which is how the other side matches them up.
 */
import { createHash, type Hash } from 'node:crypto';
import { parentPort } from 'node:worker_threads';

export type HashRequest =
  | { op: 'update'; id: number; block: number; length: number; memory?: SharedArrayBuffer }
  | { op: 'digest' | 'drop'; id: number };

const hashes = new Map<number, Hash>();
const blocks = new Map<number, Uint8Array>();
const port = parentPort!;

port.on('message', (req: HashRequest) => {
  if (req.op === 'update') {
    if (req.memory) blocks.set(req.block, new Uint8Array(req.memory));
    const hash = hashes.get(req.id) ?? createHash('sha256');
    hashes.set(req.id, hash);
    hash.update(blocks.get(req.block)!.subarray(0, req.length));
    port.postMessage(null);
    return;
  }
  const hash = hashes.get(req.id) ?? createHash('sha256');
  hashes.delete(req.id);
  port.postMessage(req.op === 'digest' ? hash.digest('hex') : null);
});
