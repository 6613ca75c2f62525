/**
 * Loads by key, coalescing: the keys asked for while the current turn of the event loop runs go out as one `load`
 * (each distinct key once, at most `maxBatch` per call), and each caller gets its own key's value. Under load many
 * requests resume in the same turn (e.g. when the notification hub's sync answers them all), so N reads become one
 * round trip instead of N. Every load starts after its callers asked, so none is answered from an older read.
 */
type Waiter<V> = { resolve(value: V | undefined): void; reject(err: unknown): void };

export class BatchLoader<V> {
  readonly #load: (keys: string[]) => Promise<Map<string, V>>;
  readonly #maxBatch: number;
  #queued = new Map<string, Waiter<V>[]>();

  constructor(load: (keys: string[]) => Promise<Map<string, V>>, { maxBatch = 100 } = {}) {
    this.#load = load;
    this.#maxBatch = maxBatch;
  }

  get(key: string): Promise<V | undefined> {
    return new Promise((resolve, reject) => {
      if (this.#queued.size === 0) process.nextTick(() => this.#flush());
      const waiters = this.#queued.get(key);
      if (waiters) waiters.push({ resolve, reject });
      else this.#queued.set(key, [{ resolve, reject }]);
    });
  }

  #flush(): void {
    const queued = this.#queued;
    this.#queued = new Map();
    const keys = [...queued.keys()];
    for (let at = 0; at < keys.length; at += this.#maxBatch) {
      const batch = keys.slice(at, at + this.#maxBatch);
      this.#load(batch).then(
        (found) => {
          for (const key of batch) for (const w of queued.get(key)!) w.resolve(found.get(key));
        },
        (err: unknown) => {
          for (const key of batch) for (const w of queued.get(key)!) w.reject(err);
        },
      );
    }
  }
}
