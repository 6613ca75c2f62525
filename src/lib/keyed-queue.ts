/**
 * One at a time per key, in arrival order, within this process. For work that takes a database lock per key (a
 * workspace's run limits): callers queue here, holding nothing, instead of each holding a pool connection while
 * waiting for the lock. The database lock still orders processes; this only keeps one process's waiters off the pool.
 * A caller waits here at most `maxWaitMs`, then goes ahead anyway, so when the database stops answering the last of
 * many waiters still fails within its own deadlines rather than after everyone's before it.
 */
export function keyedQueue() {
  const tails = new Map<string, Promise<unknown>>();
  return function serialized<T>(key: string, maxWaitMs: number, work: () => Promise<T>): Promise<T> {
    const previous = tails.get(key) ?? Promise.resolve();
    const result = atMost(previous, maxWaitMs).then(work);
    const tail = result.catch(() => {});
    tails.set(key, tail);
    void tail.then(() => {
      if (tails.get(key) === tail) tails.delete(key);
    });
    return result;
  };
}

/** Settles when `previous` settles or after `ms`, whichever comes first. */
function atMost(previous: Promise<unknown>, ms: number): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(resolve, ms);
    const done = () => {
      clearTimeout(timer);
      resolve();
    };
    previous.then(done, done);
  });
}
