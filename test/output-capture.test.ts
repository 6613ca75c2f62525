/**
 * A cell's output capture under a flood: what is kept stops at KEEP_BYTES and what is streamed at STREAM_BUDGET, also
 * when a chunk smaller than the room left follows the chunk that was cut (as a pipe's reads under load come in sizes
 * that vary), which once let text in after the "not kept" note.
 */
import { describe, expect, it } from 'vitest';
import { KEEP_BYTES, OutputCapture, STREAM_BUDGET } from '../src/scratchpads/output-capture.ts';

describe('OutputCapture', () => {
  it('keeps nothing after the cut, whatever the size of the chunks that follow', () => {
    const capture = new OutputCapture();
    capture.add('a'.repeat(10_000), 'stdout');
    capture.add('b'.repeat(KEEP_BYTES), 'stdout'); // cut here: 10,000 bytes of room were left
    capture.add('c'.repeat(100), 'stdout'); // fits the room the count still shows, but comes after the cut
    const [stdout] = capture.outputs();
    expect(stdout!.data).toMatch(/^a{10000}b+\n\[output past 64 KiB is not kept\]\n$/);
    expect(Buffer.byteLength(stdout!.data)).toBeLessThan(KEEP_BYTES + 64);
  });

  it('streams nothing after the stream budget is spent', () => {
    const capture = new OutputCapture();
    capture.add('a'.repeat(STREAM_BUDGET - 10), 'stdout');
    capture.add('b'.repeat(100), 'stdout');
    capture.add('c'.repeat(5), 'stderr');
    const streamed = capture
      .drain()
      .map((p) => p.text)
      .join('');
    expect(streamed).not.toContain('c');
    expect(streamed.endsWith('[output past 256 KiB is not streamed]\n')).toBe(true);
  });
});
