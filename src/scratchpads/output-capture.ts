/**
 * What a running cell prints, kept two ways: chunks waiting to be streamed (taken by `drain`, at most STREAM_BUDGET
 * bytes over the run so a flood does not flood the event log), and the first KEEP_BYTES of each stream for the
 * cell's outputs once it ends.
 */
import type { CellOutput } from '../../generated/routes.ts';

type Stream = 'stdout' | 'stderr';

export const KEEP_BYTES = 64 * 1024;
export const STREAM_BUDGET = 256 * 1024;

export class OutputCapture {
  readonly #kept: Record<Stream, { text: string; bytes: number; cut: boolean }> = {
    stdout: { text: '', bytes: 0, cut: false },
    stderr: { text: '', bytes: 0, cut: false },
  };
  #pending: Array<{ stream: Stream; text: string }> = [];
  #streamed = 0;
  #streamCut = false;

  readonly add = (text: string, stream: Stream): void => {
    const kept = this.#kept[stream];
    const bytes = Buffer.byteLength(text);
    // Once cut, nothing more: a smaller chunk after the one that was cut would otherwise still fit the count.
    if (!kept.cut && kept.bytes + bytes <= KEEP_BYTES) {
      kept.text += text;
      kept.bytes += bytes;
    } else if (!kept.cut) {
      kept.cut = true;
      kept.text += `${Buffer.from(text)
        .subarray(0, KEEP_BYTES - kept.bytes)
        .toString('utf8')}\n[output past ${KEEP_BYTES / 1024} KiB is not kept]\n`;
    }
    if (!this.#streamCut && this.#streamed + bytes <= STREAM_BUDGET) {
      this.#streamed += bytes;
      const last = this.#pending.at(-1);
      if (last?.stream === stream) last.text += text;
      else this.#pending.push({ stream, text });
    } else if (!this.#streamCut) {
      this.#streamCut = true;
      this.#pending.push({ stream, text: `\n[output past ${STREAM_BUDGET / 1024} KiB is not streamed]\n` });
    }
  };

  /** The chunks not yet streamed, merged per consecutive stream. */
  drain(): Array<{ stream: Stream; text: string }> {
    const out = this.#pending;
    this.#pending = [];
    return out;
  }

  /** The cell's text outputs: stdout then stderr, each only if something was printed. */
  outputs(): CellOutput[] {
    return (['stdout', 'stderr'] as const)
      .filter((s) => this.#kept[s].text !== '')
      .map((s) => ({ mime_type: 'text/plain', stream: s, data: this.#kept[s].text }));
  }
}
