/**
 * Ids with a type prefix (`ws_`, `key_`, …) followed by 26 Crockford base-32 characters: 48 bits of milliseconds then
 * 80 random bits, so ids sort by creation time (handy for cursors and for reading logs).
 */
import { randomBytes } from 'node:crypto';

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
  | 'msg';

export function newId(prefix: IdPrefix, now = Date.now()): string {
  let time = '';
  let t = now;
  for (let i = 0; i < 10; i++) {
    time = alphabet[t % 32] + time;
    t = Math.floor(t / 32);
  }
  const bytes = randomBytes(10);
  let bits = 0n;
  for (const b of bytes) bits = (bits << 8n) | BigInt(b);
  let rand = '';
  for (let i = 0; i < 16; i++) {
    rand = alphabet[Number(bits & 31n)] + rand;
    bits >>= 5n;
  }
  return `${prefix}_${time}${rand}`;
}
