/**
 * `BoundarySearch` against the search busboy ships (`streamsearch`), on bodies full of boundaries, near misses and
 * boundary prefixes cut into chunks of every size: both must report the same bytes between the same boundaries.
 * The multipart behaviour through busboy (hostile forms, limits, aborts) is covered by test/upload-form.test.ts.
 */
import { randomInt } from 'node:crypto';
import { createRequire } from 'node:module';
import busboy from 'busboy';
import { describe, expect, it } from 'vitest';
import { BoundarySearch, type SearchCallback, useFastBoundarySearch } from '../src/files/boundary-search.ts';

type Search = { push(data: Buffer, pos?: number): number; destroy(): void };
const StreamSearch = createRequire(import.meta.url)('streamsearch') as new (
  needle: Buffer,
  callback: SearchCallback,
) => Search;

/** What a search reported: the bytes before each boundary, then the bytes after the last one. */
function run(make: (callback: SearchCallback) => Search, chunks: Buffer[]): string[] {
  const found: string[] = [];
  let current: Buffer[] = [];
  const search = make((isMatch, data, start, end) => {
    if (data) current.push(Buffer.from(data.subarray(start, end)));
    if (isMatch) {
      found.push(Buffer.concat(current).toString('latin1'));
      current = [];
    }
  });
  for (const chunk of chunks) search.push(chunk, 0);
  search.destroy();
  found.push(Buffer.concat(current).toString('latin1'));
  return found;
}

function randomCase() {
  const alphabet = ['-', 'a', 'b', '\r', '\n'];
  const boundary = Array.from({ length: randomInt(1, 12) }, () => alphabet[randomInt(0, 3)]).join('');
  const needle = Buffer.from(`\r\n--${boundary}`, 'latin1');
  const pieces: Buffer[] = [];
  for (let i = randomInt(0, 30); i > 0; i--) {
    const kind = randomInt(0, 3);
    if (kind === 0) pieces.push(needle);
    else if (kind === 1) pieces.push(needle.subarray(0, randomInt(1, needle.length)));
    else pieces.push(Buffer.from(Array.from({ length: randomInt(0, 40) }, () => alphabet[randomInt(0, 5)]).join('')));
  }
  const body = Buffer.concat(pieces);
  const chunks: Buffer[] = [];
  for (let at = 0; at < body.length; ) {
    const size = randomInt(1, 24);
    chunks.push(body.subarray(at, at + size));
    at += size;
  }
  return { needle, chunks };
}

describe('BoundarySearch', () => {
  it('reports what streamsearch reports, however the body is cut', () => {
    for (let i = 0; i < 3000; i++) {
      const { needle, chunks } = randomCase();
      const expected = run((callback) => new StreamSearch(needle, callback), chunks);
      const actual = run((callback) => new BoundarySearch(needle, callback), chunks);
      expect({ needle: needle.toString('latin1'), chunks: chunks.length, found: actual }).toEqual({
        needle: needle.toString('latin1'),
        chunks: chunks.length,
        found: expected,
      });
    }
  });

  it('carries over a boundary already begun', () => {
    const needle = Buffer.from('\r\n--xyz');
    const found = run(
      (callback) => new BoundarySearch(needle, callback, Buffer.from('\r\n')),
      [Buffer.from('--xyzrest')],
    );
    expect(found).toEqual(['', 'rest']);
  });

  it('takes the place of the search in the busboy version the project pins', () => {
    const parser = busboy({ headers: { 'content-type': 'multipart/form-data; boundary=xyz' } });
    useFastBoundarySearch(parser);
    expect((parser as unknown as { _bparser: unknown })._bparser).toBeInstanceOf(BoundarySearch);
  });
});
