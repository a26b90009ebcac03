import { describe, expect, it } from 'vitest';
import { ResponseValidationError } from '../src/core/errors';
import { type FetchPage, PagePromise } from '../src/core/pagination';
import type { Received } from '../src/internal/caller';
import { cursor, deferred, offset, received, server } from './page-fixtures';

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
      return received(body);
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

  it('fetches the next page while this one is consumed, one page ahead at most', async () => {
    const { fetchPage, queries } = server(50, 'cursor');
    const walk = PagePromise.start<{ i: number }>(cursor, fetchPage, { limit: 10 });
    const aheadAt: number[] = [];
    for await (const item of walk) {
      // At the first item of each page, that page and the next one have been asked for.
      if (item.i % 10 === 0) aheadAt.push(queries.length);
    }
    expect(aheadAt).toEqual([2, 3, 4, 5, 5]);
    expect(queries).toHaveLength(5);
  });

  it("lets the next page's request go out before checking this page", async () => {
    // fetch writes a request to its socket on a later turn of the event loop (undici on Node):
    // a page checked synchronously after asking for the next one would hold that request back
    // for the whole check, and the server could not work on it meanwhile.
    const sent = new Set<number>();
    const sentAtCheck: boolean[] = [];
    const fetchPage: FetchPage = async (query) => {
      const n = Number(query.cursor ?? 0);
      setImmediate(() => sent.add(n));
      const next = n < 3 ? String(n + 1) : null;
      return received({ data: [{ i: n }], next_cursor: next, has_more: next !== null }, () => {
        if (n > 0 && n < 3) sentAtCheck.push(sent.has(n + 1));
      });
    };
    const seen: number[] = [];
    for await (const item of PagePromise.start<{ i: number }>(cursor, fetchPage, {}))
      seen.push(item.i);
    expect(seen).toEqual([0, 1, 2, 3]);
    expect(sentAtCheck).toEqual([true, true]);
  });

  it('holds at most one page in flight however slowly the items are consumed', async () => {
    const answers: { query: Record<string, unknown>; answer: (r: Received) => void }[] = [];
    const fetchPage: FetchPage = (query) => {
      const { promise, resolve } = deferred<Received>();
      answers.push({ query, answer: resolve });
      return promise;
    };
    const page = (n: number) => ({ data: [{ i: n }], next_cursor: String(n + 1), has_more: true });
    const walk = PagePromise.start<{ i: number }>(cursor, fetchPage, {});
    answers[0]?.answer(received(page(0)));
    const items = walk[Symbol.asyncIterator]();
    expect((await items.next()).value).toEqual({ i: 0 });
    // Page 1 is in flight; nothing more is asked for until it is reached.
    for (let tick = 0; tick < 10; tick++) await Promise.resolve();
    expect(answers).toHaveLength(2);
    answers[1]?.answer(received(page(1)));
    expect((await items.next()).value).toEqual({ i: 1 });
    expect(answers).toHaveLength(3);
    await items.return?.(undefined);
  });

  it('cancels the page in flight when the loop breaks, without an unhandled rejection', async () => {
    const signals: AbortSignal[] = [];
    const fetchPage: FetchPage = (query, signal) => {
      if (signal) signals.push(signal);
      if (query.cursor === undefined)
        return Promise.resolve(received({ data: [{ i: 0 }, { i: 1 }], next_cursor: '2' }));
      // The page ahead fails only once it is cancelled, as an aborted fetch does.
      return new Promise((_, reject) =>
        signal?.addEventListener('abort', () => reject(new Error('aborted'))),
      );
    };
    for await (const item of PagePromise.start<{ i: number }>(cursor, fetchPage, {})) {
      if (item.i === 0) break;
    }
    expect(signals).toHaveLength(1);
    expect(signals[0]?.aborted).toBe(true);
    // A page ahead that fails while the consumer is busy surfaces when (and if) it is reached.
    let calls = 0;
    const failing: FetchPage = async () => {
      if (calls++ === 0) return received({ data: [{ i: 0 }], next_cursor: '1' });
      throw new Error('page 2 failed');
    };
    const seen: number[] = [];
    const loop = async () => {
      for await (const item of PagePromise.start<{ i: number }>(cursor, failing, {})) {
        seen.push(item.i);
        await new Promise((r) => setImmediate(r));
      }
    };
    await expect(loop()).rejects.toThrow('page 2 failed');
    expect(seen).toEqual([0]);
  });

  it('checks each page against the contract; a bad page stops the walk and cancels the next', async () => {
    const signals: AbortSignal[] = [];
    const fetchPage: FetchPage = async (query, signal) => {
      if (signal) signals.push(signal);
      const n = Number(query.cursor ?? 0);
      const bad = () => {
        if (n === 1) throw new ResponseValidationError('page 1 is malformed', [], undefined);
      };
      return received({ data: [{ i: n }], next_cursor: String(n + 1) }, bad);
    };
    const seen: number[] = [];
    const loop = async () => {
      for await (const item of PagePromise.start<{ i: number }>(cursor, fetchPage, {}))
        seen.push(item.i);
    };
    await expect(loop()).rejects.toBeInstanceOf(ResponseValidationError);
    expect(seen).toEqual([0]);
    expect(signals.every((s) => s.aborted)).toBe(true);
  });

  it("follows the list call's signal: aborting it cancels the page in flight", async () => {
    const controller = new AbortController();
    const signals: AbortSignal[] = [];
    const fetchPage: FetchPage = async (query, signal) => {
      if (signal) signals.push(signal);
      return received({ data: [{ i: Number(query.cursor ?? 0) }], next_cursor: '1' });
    };
    const walk = PagePromise.start<{ i: number }>(cursor, fetchPage, {}, controller.signal);
    for await (const _ of walk) {
      controller.abort();
      break;
    }
    expect(signals[0]?.aborted).toBe(true);
  });
});
