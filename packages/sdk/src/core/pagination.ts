/**
 * Auto-pagination for both styles the contract declares (x-tollgate-pagination): cursor
 * (runs, events, agents, …) and offset (the audit log). A list method returns a PagePromise:
 * `await` it for the first page, `for await` it for every item, or walk `page.iterPages()`.
 *
 * A walk fetches ahead: the next page's request goes out as soon as the current page's body
 * is parsed, and the page is checked against the contract only once that request is on the
 * wire (a turn of the event loop later), so the server works on it while this page is checked
 * and its items are consumed. Cursor lists fetch one page ahead (the next cursor is in the
 * body). Offset lists that come back in full pages fetch two ahead: the page after next is
 * asked for from its known offset, so the server always has a request waiting while this end
 * reads and parses a page; a guess that a short page proves wrong is dropped, never yielded.
 * At most three pages are held, so memory stays flat however many items go by; leaving the
 * loop early cancels the pages in flight.
 *
 * A walk yields each item once while the list grows: cursors continue after the last row
 * seen, and where the table declares a snapshot (`snapshot`/`snapshotParam`) the first page's
 * high-water mark is sent with every later page, so rows added meanwhile cannot shift offsets.
 */
import type { CursorPagination, OffsetPagination } from '@tollgate/api';
import type { Query } from '../internal/build-request';
import type { Received } from '../internal/caller';
import { nextTurn } from '../internal/timers';
import { APIPromise } from './api-promise';

export type { Query } from '../internal/build-request';
/** Fetches one page; its body is parsed, and validated by `check()`. */
export type FetchPage = (query: Query, signal?: AbortSignal) => Promise<Received>;
type Pagination = CursorPagination | OffsetPagination;

export class Page<Item> implements AsyncIterable<Item> {
  /** The items of this page. */
  readonly data: Item[];
  /** The raw page body, with fields such as `total` or `next_cursor`. */
  readonly body: Record<string, unknown>;

  constructor(
    private readonly pagination: Pagination,
    private readonly fetchPage: FetchPage,
    private readonly query: Query,
    body: unknown,
    readonly response: Response,
    /** Cancels the pages a walk from here fetches ahead (the list call's signal). */
    private readonly signal?: AbortSignal,
  ) {
    this.body = isRecord(body) ? body : {};
    const items = this.body[pagination.items];
    // The response schema checked the items (validation on); they are the list's items.
    this.data = Array.isArray(items) ? (items as Item[]) : [];
  }

  /** The query that fetches the next page, or undefined on the last page. */
  nextPageQuery(): Query | undefined {
    const p = this.pagination;
    if (p.style === 'cursor') {
      const cursor = this.body[p.nextCursor];
      if (typeof cursor !== 'string' || cursor === '' || this.body.has_more === false) return;
      return { ...this.pinned(), [p.cursorParam]: cursor };
    }
    const offset = Number(this.query[p.offsetParam] ?? this.body.offset ?? 0) + this.data.length;
    const total = Number(this.body[p.total]);
    if (this.data.length === 0 || !(offset < total)) return;
    return { ...this.pinned(), [p.offsetParam]: offset };
  }

  /** This page's query, pinned to the snapshot the walk started from (when the list has one). */
  private pinned(): Query {
    const { snapshot, snapshotParam } = this.pagination;
    if (!snapshot || !snapshotParam || this.query[snapshotParam] !== undefined) return this.query;
    const mark = this.body[snapshot];
    // A control plane older than the snapshot (2.19.0) reports none: paged as before.
    return typeof mark === 'string' && mark !== ''
      ? { ...this.query, [snapshotParam]: mark }
      : this.query;
  }

  /**
   * Offset lists: the query of the page after the one `query` asks for, were that page as full
   * as this one; only where this page is full (as many rows as its limit) and more remain.
   */
  private guessAfter(query: Query): Query | undefined {
    const p = this.pagination;
    const size = this.data.length;
    if (
      p.style !== 'offset' ||
      size !== Number(this.query[p.limitParam] ?? this.body[p.limitParam])
    )
      return;
    const offset = Number(query[p.offsetParam]) + size;
    if (offset < Number(this.body[p.total])) return { ...query, [p.offsetParam]: offset };
  }

  hasNextPage(): boolean {
    return this.nextPageQuery() !== undefined;
  }

  async getNextPage(): Promise<Page<Item>> {
    const query = this.nextPageQuery();
    if (!query) throw new Error('no next page: check hasNextPage() first');
    const received = await this.fetchPage(query, this.signal);
    await received.check();
    return this.next(query, received);
  }

  private next(query: Query, { data, response }: Received) {
    return new Page<Item>(this.pagination, this.fetchPage, query, data, response, this.signal);
  }

  /** This page and every later one, each fetched while the ones before are consumed. */
  async *iterPages(): AsyncGenerator<Page<Item>> {
    const walk = new AbortController();
    const stop = () => walk.abort(this.signal?.reason);
    this.signal?.addEventListener('abort', stop, { once: true });
    const ask = (query: Query): Ahead => {
      const received = this.fetchPage(query, walk.signal);
      // Awaited later, or never after a break or a wrong guess: not an unhandled rejection.
      received.catch(() => undefined);
      return [query, received];
    };
    /** Requests in flight, in page order: the next page's, then (offset lists) one guessed. */
    let ahead: Ahead[] = [];
    try {
      let page: Page<Item> = this;
      let received: Received | undefined;
      for (;;) {
        const next = ahead[0]?.[0] ?? page.nextPageQuery();
        if (next && !ahead[0]) ahead.push(ask(next));
        const guess = next && !ahead[1] && page.guessAfter(next);
        if (guess) ahead.push(ask(guess));
        if (received) {
          // Checked while the server works on the next page, once that request is on the wire
          // (a synchronous check right away would hold it back); a bad page cancels it (finally).
          if (next) await nextTurn();
          await received.check();
        }
        yield page;
        const query = page.nextPageQuery();
        if (!query) return;
        let head = ahead.shift();
        // A short page moved the offsets: the guess after it asks for the wrong rows.
        if (!head || JSON.stringify(head[0]) !== JSON.stringify(query)) {
          ahead = [];
          head = ask(query);
        }
        received = await head[1];
        page = this.next(query, received);
      }
    } finally {
      walk.abort();
      this.signal?.removeEventListener('abort', stop);
    }
  }

  [Symbol.asyncIterator](): AsyncIterator<Item> {
    return new ItemIterator(Promise.resolve(this.iterPages()));
  }
}

export class PagePromise<Item> extends APIPromise<Page<Item>> implements AsyncIterable<Item> {
  static start<Item>(
    pagination: Pagination,
    fetchPage: FetchPage,
    query: Query,
    signal?: AbortSignal,
  ): PagePromise<Item> {
    const first = fetchPage(query).then(async (received) => {
      await received.check();
      const { data, response, requestId } = received;
      const page = new Page<Item>(pagination, fetchPage, query, data, response, signal);
      return { data: page, response, requestId };
    });
    return new PagePromise<Item>(first);
  }

  /** Every item of every page, fetched as the loop goes. */
  [Symbol.asyncIterator](): AsyncIterator<Item> {
    return new ItemIterator(this.then((page) => page.iterPages()));
  }
}

/**
 * The items of a walk, one by one. Not an async generator: each item of a page already held
 * is handed out with one resolved promise, where nested generators (`yield*` over pages over
 * items) cost several promise hops per item — a measurable share of paging 100 000 entries.
 */
class ItemIterator<Item> implements AsyncIterator<Item> {
  private items: Item[] = [];
  private index = 0;
  private pages: AsyncGenerator<Page<Item>> | undefined;

  constructor(private readonly walk: Promise<AsyncGenerator<Page<Item>>>) {}

  next(): Promise<IteratorResult<Item>> {
    const item = this.items[this.index];
    if (this.index < this.items.length && item !== undefined) {
      this.index++;
      return Promise.resolve({ done: false, value: item });
    }
    return this.nextPage();
  }

  private async nextPage(): Promise<IteratorResult<Item>> {
    this.pages ??= await this.walk;
    for (;;) {
      const page = await this.pages.next();
      if (page.done) return { done: true, value: undefined };
      this.items = page.value.data;
      this.index = 0;
      if (this.items.length > 0) return this.next();
    }
  }

  /** Leaving the loop early (break, throw) ends the walk: the page in flight is cancelled. */
  async return(): Promise<IteratorResult<Item>> {
    this.items = [];
    await (this.pages ?? (await this.walk.catch(() => undefined)))?.return(undefined);
    return { done: true, value: undefined };
  }
}

/** A request in flight: its query, and the page it will be. */
type Ahead = [Query, Promise<Received>];

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
