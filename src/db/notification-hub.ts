/**
 * One PostgreSQL `LISTEN` connection per process, fanned out to any number of in-process subscribers.
 *
 * WHY: a stream viewer that polls costs queries while nothing happens, so 500 idle viewers cost 500× the queries of
 * one. Here writers' transactions `NOTIFY` (triggers, see prisma/migrations/*_change_notifications) and a viewer
 * waits on an in-memory callback: idle viewers cost nothing. Subscribers name a channel and a topic (the payload,
 * e.g. a run id); a channel may also register a safety poll, one query per `safetyPollMs` for *all* its watched
 * topics, which covers the window in which the listener was reconnecting.
 *
 * Code that caches on the strength of notifications (the auth caches) calls `sync()` before trusting an entry: it
 * is false while the listener is down, and otherwise waits until every change committed so far has been delivered. Every subscriber is woken when the listener drops and when it is back, so
 * nothing committed in between is missed.
 */
import pg from 'pg';
import type { Logger } from '../logger.ts';

/**
 * Called per notification with the hub's delivery number, which grows with every delivery: subscribers woken by the
 * same delivery get the same number, which lets them share the work it causes (src/runs/event-feed.ts).
 */
export type Wake = (delivery: number) => void;

/** Returns the topics (of those asked about) that changed since the last poll, so their subscribers wake. */
export type SafetyPoll = (topics: string[]) => Promise<Iterable<string>>;

export interface NotificationHubOptions {
  databaseUrl: string;
  logger: Logger;
  /** How often safety polls run and the listening connection is checked. */
  safetyPollMs?: number;
  /** Longest wait between reconnection attempts (they start at 100 ms and double). */
  maxReconnectMs?: number;
}

const CHANNEL_NAME = /^[a-z_][a-z0-9_]{0,62}$/;

export class NotificationHub {
  readonly #subscribers = new Map<string, Map<string, Set<Wake>>>();
  readonly #polls = new Map<string, SafetyPoll>();
  readonly #stateListeners = new Set<(listening: boolean) => void>();
  readonly #options: Required<NotificationHubOptions>;
  #client: pg.Client | undefined;
  #listening = false;
  #closed = false;
  #reconnectMs = 100;
  #timer: NodeJS.Timeout | undefined;

  constructor(options: NotificationHubOptions) {
    this.#options = { safetyPollMs: 5000, maxReconnectMs: 5000, ...options };
  }

  /** Whether notifications are arriving now (false before `start`, while reconnecting and after `close`). */
  get listening(): boolean {
    return this.#listening;
  }

  /** Declares a channel to listen on, with an optional safety poll. Call before `start`. */
  channel(name: string, { poll }: { poll?: SafetyPoll } = {}): void {
    if (!CHANNEL_NAME.test(name)) throw new Error(`invalid channel name ${name}`);
    if (!this.#subscribers.has(name)) this.#subscribers.set(name, new Map());
    if (poll) this.#polls.set(name, poll);
  }

  /** Calls `wake` for every notification of `topic` on `channel`; returns the unsubscribe function. */
  subscribe(channel: string, topic: string, wake: Wake): () => void {
    const topics = this.#subscribers.get(channel);
    if (!topics) throw new Error(`channel ${channel} was not declared`);
    const set = topics.get(topic) ?? new Set();
    topics.set(topic, set);
    set.add(wake);
    return () => {
      set.delete(wake);
      if (set.size === 0 && topics.get(topic) === set) topics.delete(topic);
    };
  }

  /** Called with `listening` whenever the listener connects or drops. */
  onStateChange(listener: (listening: boolean) => void): () => void {
    this.#stateListeners.add(listener);
    return () => this.#stateListeners.delete(listener);
  }

  /** Number of topics with subscribers on a channel (for tests and benchmarks). */
  watched(channel: string): number {
    return this.#subscribers.get(channel)?.size ?? 0;
  }

  /**
   * Resolves true once every notification committed before the call has been delivered to the subscribers, false
   * when that cannot be known (not listening). How: a `SELECT 1` sent on the listening connection after the call;
   * PostgreSQL signals listeners when a notifying transaction commits, before the committer hears of the commit, and
   * a signalled backend sends its notifications before it answers its next query. Concurrent callers share one round
   * trip (a ping already in flight may predate a caller's commit, so they share the next one).
   */
  sync(): Promise<boolean> {
    if (!this.#listening) return Promise.resolve(false);
    if (!this.#inFlight) {
      this.#inFlight = this.#ping().finally(() => {
        this.#inFlight = undefined;
      });
      return this.#inFlight;
    }
    this.#queued ??= this.#inFlight.then(() => {
      this.#queued = undefined;
      return this.sync();
    });
    return this.#queued;
  }

  #inFlight: Promise<boolean> | undefined;
  #queued: Promise<boolean> | undefined;

  async #ping(): Promise<boolean> {
    const client = this.#client;
    if (!client || !this.#listening) return false;
    try {
      await client.query('SELECT 1');
      return this.#client === client && this.#listening;
    } catch (err) {
      this.#lost(client, err);
      return false;
    }
  }

  /** Connects (a failure is logged and retried in the background) and starts the safety polls. */
  async start(): Promise<void> {
    await this.#connect();
    this.#schedulePoll();
  }

  async close(): Promise<void> {
    this.#closed = true;
    clearTimeout(this.#timer);
    this.#setListening(false);
    const client = this.#client;
    this.#client = undefined;
    await client?.end().catch(() => {});
  }

  async #connect(): Promise<void> {
    if (this.#closed) return;
    const client = new pg.Client({
      connectionString: this.#options.databaseUrl,
      keepAlive: true,
      connectionTimeoutMillis: 5000,
      query_timeout: 5000,
      // With the pid, an operator (or a test) can tell which process a listening connection belongs to.
      application_name: `skillplane-listener ${process.pid}`,
    });
    // The current client, connected or not: events of a client that was replaced are ignored in `#lost`.
    this.#client = client;
    client.on('notification', (n) => this.#deliver(n.channel, n.payload ?? ''));
    client.on('error', (err) => this.#lost(client, err));
    client.on('end', () => this.#lost(client, new Error('connection ended')));
    try {
      await client.connect();
      for (const name of this.#subscribers.keys()) await client.query(`LISTEN ${name}`);
    } catch (err) {
      this.#lost(client, err);
      return;
    }
    if (this.#client !== client) return;
    this.#reconnectMs = 100;
    this.#setListening(true);
    // Whatever was committed while nobody listened is picked up by the subscribers' own queries.
    this.#wakeAll();
  }

  #lost(client: pg.Client, err: unknown): void {
    if (this.#closed || this.#client !== client) return;
    this.#client = undefined;
    client.end().catch(() => {});
    this.#options.logger.warn('notification listener lost; reconnecting', {
      error: err instanceof Error ? err.message : String(err),
      retry_in_ms: this.#reconnectMs,
    });
    this.#setListening(false);
    this.#wakeAll();
    setTimeout(() => void this.#connect(), this.#reconnectMs).unref();
    this.#reconnectMs = Math.min(this.#reconnectMs * 2, this.#options.maxReconnectMs);
  }

  #delivery = 0;

  #deliver(channel: string, topic: string): void {
    const delivery = ++this.#delivery;
    for (const wake of this.#subscribers.get(channel)?.get(topic) ?? []) wake(delivery);
  }

  #wakeAll(): void {
    const delivery = ++this.#delivery;
    for (const topics of this.#subscribers.values()) {
      for (const set of topics.values()) for (const wake of set) wake(delivery);
    }
  }

  #setListening(listening: boolean): void {
    if (this.#listening === listening) return;
    this.#listening = listening;
    for (const listener of this.#stateListeners) listener(listening);
  }

  #schedulePoll(): void {
    if (this.#closed) return;
    this.#timer = setTimeout(() => {
      void this.#poll().finally(() => this.#schedulePoll());
    }, this.#options.safetyPollMs);
    this.#timer.unref();
  }

  /** One query per channel for all its topics, plus a ping that finds a listening connection that died silently. */
  async #poll(): Promise<void> {
    await this.#ping();
    for (const [channel, poll] of this.#polls) {
      const topics = [...(this.#subscribers.get(channel)?.keys() ?? [])];
      if (topics.length === 0) continue;
      try {
        for (const topic of await poll(topics)) this.#deliver(channel, topic);
      } catch (err) {
        this.#options.logger.warn('safety poll failed', {
          channel,
          error: err instanceof Error ? err.message : String(err),
        });
      }
    }
  }
}
