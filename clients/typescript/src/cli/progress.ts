/**
 * A one-line progress indicator on stderr (status, elapsed time, step, tokens, cost), drawn only when stderr is a
 * terminal: in a pipe or a log file it would be noise. Output written meanwhile clears the line first and the next
 * tick draws it again, so the two never mix on one line.
 */
const FRAMES = ['⠋', '⠙', '⠹', '⠸', '⠼', '⠴', '⠦', '⠧', '⠇', '⠏'];

export interface ProgressState {
  status: string;
  step?: number;
  tool?: string;
  tokens: number;
  costUsd: number;
}

export interface Progress {
  state: ProgressState;
  /** Writes to stdout or stderr without tearing the progress line. */
  write(stream: NodeJS.WriteStream, text: string): void;
  /** Keeps the line away while `fn` (a prompt) has the terminal. */
  hold<T>(fn: () => Promise<T>): Promise<T>;
  stop(): void;
}

export function startProgress(stderr: NodeJS.WriteStream, enabled: boolean): Progress {
  const started = Date.now();
  const state: ProgressState = { status: 'queued', tokens: 0, costUsd: 0 };
  let frame = 0;
  let drawn = false;
  let held = false;
  // A line of console output may arrive in pieces; the indicator waits below it until it is whole.
  let atLineStart = true;
  const clear = () => {
    if (drawn) stderr.write('\r\x1b[2K');
    drawn = false;
  };
  const draw = () => {
    if (!atLineStart || held) return;
    const parts = [
      `${FRAMES[frame++ % FRAMES.length]} ${state.status}`,
      `${Math.round((Date.now() - started) / 1000)}s`,
    ];
    if (state.step !== undefined) parts.push(`step ${state.step}`);
    if (state.tool) parts.push(state.tool);
    if (state.tokens) parts.push(`${state.tokens.toLocaleString('en-US')} tokens`);
    if (state.costUsd) parts.push(`$${state.costUsd.toFixed(4)}`);
    const line = parts.join(' · ');
    clear();
    stderr.write(line.slice(0, Math.max(10, (stderr.columns || 80) - 1)));
    drawn = true;
  };
  const timer = enabled ? setInterval(draw, 100) : undefined;
  timer?.unref();
  return {
    state,
    write(stream, text) {
      if (!text) return;
      clear();
      stream.write(text);
      if (stream !== stderr) atLineStart = text.endsWith('\n');
    },
    async hold(fn) {
      clear();
      held = true;
      try {
        return await fn();
      } finally {
        held = false;
      }
    },
    stop() {
      if (timer) clearInterval(timer);
      clear();
    },
  };
}
