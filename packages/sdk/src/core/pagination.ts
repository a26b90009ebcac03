/**
 * Auto-pagination for both styles the contract declares (x-tollgate-pagination): cursor
 * (runs, events, agents, …) and offset (the audit log). A list method returns a PagePromise:
 * `await` it for the first page, `for await` it for every item, or walk `page.iterPages()`.
 * Only the current page is held, so memory stays flat however many items go by.
 *
 * A walk yields each item once while the list grows: cursors continue after the last row
 * seen, and where the table declares a snapshot (`snapshot`/`snapshotParam`) the first page's
 * high-water mark is sent with every later page, so rows added meanwhile cannot shift offsets.
 */
import type { CursorPagination, OffsetPagination } from '@tollgate/api';
import { APIPromise, type WithResponse } from './api-promise';

export type Query = Record<string, unknown>;
export type FetchPage = (query: Query) => Promise<WithResponse<Record<string, unknown>>>;

export class Page<Item> implements AsyncIterable<Item> {
  /** The items of this page. */
  readonly data: Item[];

  constructor(
    private readonly pagination: CursorPagination | OffsetPagination,
    private readonly fetchPage: FetchPage,
    private readonly query: Query,
    /** The raw page body, with fields such as `total` or `next_cursor`. */
    readonly body: Record<string, unknown>,
    readonly response: Response,
  ) {
    this.data = (body[pagination.items] as Item[] | undefined) ?? [];
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

  hasNextPage(): boolean {
    return this.nextPageQuery() !== undefined;
  }

  async getNextPage(): Promise<Page<Item>> {
    const query = this.nextPageQuery();
    if (!query) throw new Error('no next page: check hasNextPage() first');
    const { data, response } = await this.fetchPage(query);
    return new Page(this.pagination, this.fetchPage, query, data, response);
  }

  /** This page and every later one. */
  async *iterPages(): AsyncGenerator<Page<Item>> {
    let page: Page<Item> = this;
    yield page;
    while (page.hasNextPage()) {
      page = await page.getNextPage();
      yield page;
    }
  }

  async *[Symbol.asyncIterator](): AsyncGenerator<Item> {
    for await (const page of this.iterPages()) yield* page.data;
  }
}

export class PagePromise<Item> extends APIPromise<Page<Item>> implements AsyncIterable<Item> {
  static start<Item>(
    pagination: CursorPagination | OffsetPagination,
    fetchPage: FetchPage,
    query: Query,
  ): PagePromise<Item> {
    const first = fetchPage(query).then(({ data, response, requestId }) => ({
      data: new Page<Item>(pagination, fetchPage, query, data, response),
      response,
      requestId,
    }));
    return new PagePromise<Item>(first);
  }

  /** Every item of every page, fetched as the loop goes. */
  async *[Symbol.asyncIterator](): AsyncGenerator<Item> {
    yield* await this;
  }
}
