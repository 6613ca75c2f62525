/**
 * Following a stream of events stored in PostgreSQL (a run's, a response's, a cell's): replay after a position,
 * then live, woken by the topic's notifications on the process's NotificationHub (one per appended event, sent by a
 * trigger in the appending transaction) instead of polling. An idle follower costs no query; the hub's safety poll
 * covers notifications lost while its listener reconnected. Events live in the database, so any API process serves
 * any stream, and a reconnecting client continues exactly after the last position it saw.
 */
import type { NotificationHub } from './notification-hub.ts';

/**
 * Declares `channel` on the hub with its safety poll: one call of `signatures` for every watched topic, waking the
 * topics whose signature (say, status and last event) changed since the previous poll or that it sees for the first
 * time, which covers a notification that never arrived. A topic missing from the result is gone (and wakes once).
 */
export function watchChanges(
  hub: NotificationHub,
  channel: string,
  signatures: (topics: string[]) => Promise<Map<string, string>>,
): void {
  const seen = new Map<string, string>();
  hub.channel(channel, {
    async poll(topics) {
      const now = await signatures(topics);
      const changed: string[] = [];
      for (const topic of topics) {
        const signature = now.get(topic) ?? 'gone';
        if (seen.get(topic) !== signature) changed.push(topic);
        seen.set(topic, signature);
      }
      for (const topic of seen.keys()) if (!topics.includes(topic)) seen.delete(topic);
      return changed;
    },
  });
}

/** Waits for a topic's next notification; subscribed at creation, so nothing committed after it is missed. */
export interface Notifier {
  /** Clears the pending flag: call before each read, so a notification during the read ends the next wait at once. */
  reading(): void;
  /** The hub's number of the last delivery seen (0 before the first); see NotificationHub's `Wake`. */
  readonly delivery: number;
  /** Resolves true when woken (a notification, possibly before the call, or the abort), false after `timeoutMs`. */
  wait(timeoutMs?: number): Promise<boolean>;
  close(): void;
}

export function notifier(hub: NotificationHub, channel: string, topic: string, signal: AbortSignal): Notifier {
  let pending = false;
  let delivery = 0;
  let wake = () => {};
  const unsubscribe = hub.subscribe(channel, topic, (latest) => {
    pending = true;
    delivery = latest;
    wake();
  });
  const onAbort = () => wake();
  signal.addEventListener('abort', onAbort);
  return {
    reading() {
      pending = false;
    },
    get delivery() {
      return delivery;
    },
    wait(timeoutMs) {
      return new Promise<boolean>((resolve) => {
        const timer = timeoutMs === undefined ? undefined : setTimeout(() => resolve(false), timeoutMs);
        wake = () => {
          clearTimeout(timer);
          resolve(true);
        };
        if (pending || signal.aborted) wake();
      }).finally(() => {
        wake = () => {};
      });
    },
    close() {
      unsubscribe();
      signal.removeEventListener('abort', onAbort);
    },
  };
}

/** What a follower of one stream needs to know about it. */
export interface EventStream<E, P> {
  hub: NotificationHub;
  channel: string;
  topic: string;
  /** At most `batch` events after `after`, in order; `delivery` is the notification that caused the read (0: none). */
  read(after: P, delivery: number): Promise<E[]>;
  batch: number;
  position(event: E): P;
  /** The stream's last event: nothing follows it. */
  isLast(event: E): boolean;
  /**
   * Asked when a read found nothing after `after`: 'end' when nothing will ever come (the stream's owner is over or
   * gone), 'again' when events are known to be there (read again at once), 'wait' to wait for a notification.
   */
  whenEmpty(after: P): Promise<'end' | 'again' | 'wait'>;
}

/**
 * Calls `send` for each event after `after`, in order, until the stream's last event, `whenEmpty` says it is over,
 * or `signal` aborts; `idle` is called after `idleMs` without events (a keep-alive).
 */
export async function followEvents<E, P>(
  stream: EventStream<E, P>,
  after: P,
  send: (event: E) => Promise<void>,
  signal: AbortSignal,
  { idle, idleMs = 15_000 }: { idle?: () => Promise<void>; idleMs?: number } = {},
): Promise<void> {
  // Subscribed before the first read, so an event committed between that read and the wait still wakes us.
  const note = notifier(stream.hub, stream.channel, stream.topic, signal);
  try {
    while (!signal.aborted) {
      note.reading();
      const events = await stream.read(after, note.delivery);
      for (const event of events) {
        await send(event);
        after = stream.position(event);
        if (stream.isLast(event)) return;
      }
      if (events.length === stream.batch) continue;
      if (events.length === 0) {
        const next = await stream.whenEmpty(after);
        if (next === 'end') return;
        if (next === 'again') continue;
      }
      // Events found: anything committed after this read notified after `reading()`, so the wait returns at once.
      const woken = await note.wait(idle ? idleMs : undefined);
      if (!woken && !signal.aborted && idle) await idle();
    }
  } finally {
    note.close();
  }
}
