/**
 * Coalescing writes of a growing text: the first piece after a quiet spell is written at once; pieces arriving while
 * a write is in flight, or within `gapMs` of the last write's start, wait and go together in the next write. So a
 * piece waits at most `gapMs` or one write, whichever is longer, and a stream costs at most one write per `gapMs`
 * however fast its pieces come. A write never ends between the two halves of a surrogate pair (pieces may split one,
 * as a provider's chunks of UTF-16 escapes do), so each write is well-formed text. Writes run one at a time, in
 * order; after a failed write nothing more is written (what was written stays a prefix of the text) and `close`
 * throws the failure.
 */
export interface Coalescer {
  add(piece: string): void;
  /** Writes what is pending, waits for the writes in flight, then throws the first failure if there was one. */
  close(): Promise<void>;
  /** Drops what is pending and writes nothing more (writes in flight finish on their own). */
  stop(): void;
}

export function coalescer(write: (text: string) => Promise<void>, gapMs: number): Coalescer {
  let pending = '';
  let inFlight: Promise<void> | undefined;
  let lastStart = Number.NEGATIVE_INFINITY;
  let timer: NodeJS.Timeout | undefined;
  let failure: { error: unknown } | undefined;
  let stopped = false;
  let closing = false;

  /** Starts writing what is pending; but for `all`, a surrogate pair's first half at its end waits for the second. */
  const start = (all: boolean) => {
    const last = pending.charCodeAt(pending.length - 1);
    const split = !all && last >= 0xd800 && last <= 0xdbff ? pending.length - 1 : pending.length;
    if (split === 0) return;
    const text = pending.slice(0, split);
    pending = pending.slice(split);
    lastStart = performance.now();
    inFlight = write(text).then(
      () => {
        inFlight = undefined;
        schedule();
      },
      (error: unknown) => {
        inFlight = undefined;
        failure ??= { error };
      },
    );
  };
  const schedule = () => {
    if (stopped || closing || failure || inFlight || timer || !pending) return;
    // Whole milliseconds: Node keeps a timer list per distinct duration, and a fractional one made a new list each time.
    const wait = Math.ceil(lastStart + gapMs - performance.now());
    if (wait <= 0) return start(false);
    timer = setTimeout(() => {
      timer = undefined;
      schedule();
    }, wait);
  };

  return {
    add(piece) {
      if (!piece) return;
      pending += piece;
      schedule();
    },
    async close() {
      closing = true;
      clearTimeout(timer);
      timer = undefined;
      while (inFlight || (pending && !failure && !stopped)) {
        if (!inFlight) start(true);
        await inFlight;
      }
      if (failure) throw failure.error;
    },
    stop() {
      stopped = true;
      pending = '';
      clearTimeout(timer);
      timer = undefined;
    },
  };
}
