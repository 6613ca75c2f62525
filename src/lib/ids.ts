/**
 * Ids with a type prefix (`ws_`, `key_`, …) followed by 26 Crockford base-32 characters: 48 bits of milliseconds then
 * 80 random bits, so ids sort by creation time (handy for cursors and for reading logs).
 */
import { createHash, randomBytes } from 'node:crypto';

const alphabet = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

export type IdPrefix =
  | 'usr'
  | 'ses'
  | 'ws'
  | 'key'
  | 'skill'
  | 'skv'
  | 'run'
  | 'sched'
  | 'file'
  | 'conv'
  | 'resp'
  | 'proj'
  | 'art'
  | 'conn'
  | 'mem'
  | 'sp'
  | 'cell'
  | 'whk'
  | 'evt'
  | 'msg'
  | 'dlv'
  | 'att';

export function newId(prefix: IdPrefix, now = Date.now()): string {
  return encodeId(prefix, now, randomBytes(10));
}

/** Like `newId`, but the 80 bits come from hashing `seed`: the same seed and time always give the same id, which
 * makes an insert retried by Temporal idempotent. */
export function seededId(prefix: IdPrefix, seed: string, time: number): string {
  return encodeId(prefix, time, createHash('sha256').update(seed).digest().subarray(0, 10));
}

function encodeId(prefix: IdPrefix, now: number, bytes: Uint8Array): string {
  let time = '';
  let t = now;
  for (let i = 0; i < 10; i++) {
    time = alphabet[t % 32] + time;
    t = Math.floor(t / 32);
  }
  let bits = 0n;
  for (const b of bytes) bits = (bits << 8n) | BigInt(b);
  let rand = '';
  for (let i = 0; i < 16; i++) {
    rand = alphabet[Number(bits & 31n)] + rand;
    bits >>= 5n;
  }
  return `${prefix}_${time}${rand}`;
}
