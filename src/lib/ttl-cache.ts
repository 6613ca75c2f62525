/** A small in-process cache whose entries expire; used to keep hot authentication lookups off the database. */
export class TtlCache<V> {
  readonly #entries = new Map<string, { value: V; expiresAt: number }>();
  readonly #ttlMs: number;
  readonly #maxEntries: number;

  constructor(ttlMs: number, maxEntries = 10_000) {
    this.#ttlMs = ttlMs;
    this.#maxEntries = maxEntries;
  }

  get(key: string): V | undefined {
    const entry = this.#entries.get(key);
    if (!entry) return undefined;
    if (entry.expiresAt <= Date.now()) {
      this.#entries.delete(key);
      return undefined;
    }
    return entry.value;
  }

  #generation = 0;

  /** Changes with every `clear`: take it before reading what `set` will keep. */
  get generation(): number {
    return this.#generation;
  }

  /**
   * Keeps `value` for the TTL, or until `notAfter` when that is sooner; not at all when the cache was cleared since
   * `readAt` (the `generation` taken before the value was read), since the value may predate the change that
   * cleared it and would otherwise be served as current until it expires.
   */
  set(key: string, value: V, notAfter = Number.POSITIVE_INFINITY, readAt = this.#generation): void {
    if (this.#ttlMs <= 0 || readAt !== this.#generation) return;
    if (this.#entries.size >= this.#maxEntries) this.#entries.clear();
    this.#entries.set(key, { value, expiresAt: Math.min(Date.now() + this.#ttlMs, notAfter) });
  }

  clear(): void {
    this.#generation++;
    this.#entries.clear();
  }
}

/**
 * The cached value of `key`, if there is one and it is still there once every change committed before the request
 * has been delivered (`delivered`, e.g. src/auth/changes-delivered.ts; false = unknown, so nothing cached is trusted).
 */
export async function cachedIfCurrent<V>(
  cache: TtlCache<V>,
  key: string,
  delivered: () => Promise<boolean>,
): Promise<V | undefined> {
  if (cache.get(key) === undefined) return undefined;
  if (!(await delivered())) return undefined;
  return cache.get(key);
}
