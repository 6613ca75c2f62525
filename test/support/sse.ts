/** A server-sent-events viewer that reads a stream as it arrives, for tests that act while streams are open. */
export interface SseEvent {
  id: string;
  event: string;
  data: unknown;
}

export interface SseViewer {
  status: number;
  events: SseEvent[];
  /** Resolves with the first event (already received or still to come) that matches. */
  until(match: (event: SseEvent) => boolean): Promise<SseEvent>;
  /** Resolves when the server ends the stream. */
  ended: Promise<void>;
  close(): void;
}

export async function openSse(url: string, headers: Record<string, string>): Promise<SseViewer> {
  const abort = new AbortController();
  const res = await fetch(url, { headers, signal: abort.signal });
  const events: SseEvent[] = [];
  const waiters = new Set<() => void>();
  let failure: unknown;
  const ended = (async () => {
    if (!res.body) return;
    const decoder = new TextDecoder();
    let buffer = '';
    try {
      for await (const chunk of res.body) {
        buffer += decoder.decode(chunk, { stream: true });
        let at = buffer.indexOf('\n\n');
        while (at >= 0) {
          const block = buffer.slice(0, at);
          buffer = buffer.slice(at + 2);
          const field = (name: string) =>
            block
              .split('\n')
              .find((l) => l.startsWith(`${name}:`))
              ?.slice(name.length + 1)
              .trim() ?? '';
          if (block.trim())
            events.push({ id: field('id'), event: field('event'), data: JSON.parse(field('data') || 'null') });
          at = buffer.indexOf('\n\n');
        }
        for (const w of waiters) w();
      }
    } catch (err) {
      // The server cut the stream: `until` reports it as ending without the event looked for.
      if (!abort.signal.aborted) failure = err;
    } finally {
      for (const w of waiters) w();
    }
  })();
  let finished = false;
  void ended.finally(() => {
    finished = true;
  });
  return {
    status: res.status,
    events,
    ended,
    until(match) {
      return new Promise((resolve, reject) => {
        const check = () => {
          const found = events.find(match);
          if (found) {
            waiters.delete(check);
            resolve(found);
          } else if (finished) {
            waiters.delete(check);
            reject(
              new Error(
                `stream ended (${String(failure ?? 'by the server')}) without a match: ${JSON.stringify(events)}`,
              ),
            );
          }
        };
        waiters.add(check);
        void ended.finally(check);
        check();
      });
    },
    close: () => abort.abort(),
  };
}
