import { describe, expect, it } from 'vitest';
import { type FetchPage, PagePromise } from '../src/core/pagination';

const cursor = {
  style: 'cursor',
  items: 'data',
  nextCursor: 'next_cursor',
  cursorParam: 'cursor',
  limitParam: 'limit',
} as const;
const offset = {
  style: 'offset',
  items: 'data',
  total: 'total',
  offsetParam: 'offset',
  limitParam: 'limit',
} as const;

/** A server of `n` rows answering either pagination style, recording each query. */
function server(n: number, style: 'cursor' | 'offset') {
  const queries: Record<string, unknown>[] = [];
  const fetchPage: FetchPage = async (query) => {
    queries.push(query);
    const limit = Number(query.limit ?? 10);
    const start = style === 'cursor' ? Number(query.cursor ?? 0) : Number(query.offset ?? 0);
    const data = Array.from({ length: Math.max(0, Math.min(limit, n - start)) }, (_, i) => ({
      i: start + i,
    }));
    const end = start + data.length;
    const body =
      style === 'cursor'
        ? { data, next_cursor: end < n ? String(end) : null, has_more: end < n }
        : { data, total: n, offset: start, limit };
    return { data: body, response: new Response(), requestId: undefined };
  };
  return { fetchPage, queries };
}

describe('PagePromise', () => {
  for (const style of ['cursor', 'offset'] as const) {
    const pagination = style === 'cursor' ? cursor : offset;

    it(`${style}: iterates every item across pages, in order`, async () => {
      const { fetchPage, queries } = server(25, style);
      const seen: number[] = [];
      for await (const item of PagePromise.start<{ i: number }>(pagination, fetchPage, {
        limit: 10,
      }))
        seen.push(item.i);
      expect(seen).toEqual(Array.from({ length: 25 }, (_, i) => i));
      expect(queries).toHaveLength(3);
      expect(queries.every((q) => q.limit === 10)).toBe(true);
    });

    it(`${style}: gives the first page, and page-by-page access`, async () => {
      const { fetchPage } = server(25, style);
      const first = await PagePromise.start<{ i: number }>(pagination, fetchPage, { limit: 10 });
      expect(first.data).toHaveLength(10);
      expect(first.hasNextPage()).toBe(true);
      const sizes: number[] = [];
      for await (const page of first.iterPages()) sizes.push(page.data.length);
      expect(sizes).toEqual([10, 10, 5]);
    });

    it(`${style}: handles an empty list`, async () => {
      const { fetchPage, queries } = server(0, style);
      const items = [];
      for await (const item of PagePromise.start(pagination, fetchPage, {})) items.push(item);
      expect(items).toEqual([]);
      expect(queries).toHaveLength(1);
    });
  }

  it('pins the snapshot the first page reports on every later page, from the table', async () => {
    const pinned = { ...offset, snapshot: 'snapshot', snapshotParam: 'as_of' } as const;
    const queries: Record<string, unknown>[] = [];
    const fetchPage: FetchPage = async (query) => {
      queries.push(query);
      const start = Number(query.offset ?? 0);
      const data = start < 20 ? Array.from({ length: 10 }, (_, i) => ({ i: start + i })) : [];
      const body = { data, total: 20, offset: start, limit: 10, snapshot: 'mark-1' };
      return { data: body, response: new Response(), requestId: undefined };
    };
    const seen: number[] = [];
    for await (const item of PagePromise.start<{ i: number }>(pinned, fetchPage, { limit: 10 }))
      seen.push(item.i);
    expect(seen).toHaveLength(20);
    expect(queries).toEqual([{ limit: 10 }, { limit: 10, offset: 10, as_of: 'mark-1' }]);
    // A server that reports no snapshot (older than the contract's 2.19.1) is paged as before.
    const { fetchPage: older, queries: olderQueries } = server(25, 'offset');
    for await (const _ of PagePromise.start(pinned, older, { limit: 10 })) void _;
    expect(olderQueries.every((q) => !('as_of' in q))).toBe(true);
  });

  it('stops cleanly when the loop breaks early, fetching nothing more', async () => {
    const { fetchPage, queries } = server(1000, 'cursor');
    for await (const item of PagePromise.start<{ i: number }>(cursor, fetchPage, { limit: 10 })) {
      if (item.i === 14) break;
    }
    expect(queries).toHaveLength(2);
  });
});
