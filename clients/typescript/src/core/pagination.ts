/**
 * A list call: `await` it for one page (`{data, next_cursor, has_more}`), or iterate it with `for await` for every
 * item across pages, following `next_cursor`.
 */
export interface Page<T> {
  data: T[];
  next_cursor: string | null;
  has_more: boolean;
}

export class PagedList<P extends Page<unknown>> implements PromiseLike<P>, AsyncIterable<P['data'][number]> {
  readonly #fetchPage: (cursor: string | undefined) => Promise<P>;
  readonly #cursor: string | undefined;

  constructor(fetchPage: (cursor: string | undefined) => Promise<P>, cursor?: string) {
    this.#fetchPage = fetchPage;
    this.#cursor = cursor;
  }

  // biome-ignore lint/suspicious/noThenProperty: awaiting a list call for its first page is the documented API.
  then<A = P, B = never>(
    onFulfilled?: ((page: P) => A | PromiseLike<A>) | null,
    onRejected?: ((reason: unknown) => B | PromiseLike<B>) | null,
  ): Promise<A | B> {
    return this.#fetchPage(this.#cursor).then(onFulfilled, onRejected);
  }

  /** Every page in turn, starting with the first. */
  async *pages(): AsyncGenerator<P> {
    let cursor = this.#cursor;
    for (;;) {
      const page = await this.#fetchPage(cursor);
      yield page;
      if (!page.has_more || !page.next_cursor) return;
      cursor = page.next_cursor;
    }
  }

  async *[Symbol.asyncIterator](): AsyncGenerator<P['data'][number]> {
    for await (const page of this.pages()) {
      for (const item of page.data) yield item as P['data'][number];
    }
  }

  /** Every item, collected into an array (for small lists). */
  async toArray(): Promise<P['data']> {
    const items: P['data'][number][] = [];
    for await (const item of this) items.push(item);
    return items;
  }
}
