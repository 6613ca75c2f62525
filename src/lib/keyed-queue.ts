/**
 * One at a time per key, in arrival order, within this process. For work that takes a database lock per key (a
 * workspace's run limits): callers queue here, holding nothing, instead of each holding a pool connection while
 * waiting for the lock. The database lock still orders processes; this only keeps one process's waiters off the pool.
 */
export function keyedQueue() {
  const tails = new Map<string, Promise<unknown>>();
  return function serialized<T>(key: string, work: () => Promise<T>): Promise<T> {
    const previous = tails.get(key) ?? Promise.resolve();
    const result = previous.then(work, work);
    const tail = result.catch(() => {});
    tails.set(key, tail);
    void tail.then(() => {
      if (tails.get(key) === tail) tails.delete(key);
    });
    return result;
  };
}
