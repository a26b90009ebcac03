/**
 * How far a walk fetches ahead. Offset lists in full pages keep two requests in flight (the
 * server always has one waiting while this end reads and parses a page); a short page proves
 * the guessed offsets wrong, and the guess is dropped, never yielded. Cursor lists: one ahead
 * (pagination.test.ts).
 */
import { describe, expect, it } from 'vitest';
import { type FetchPage, PagePromise } from '../src/core/pagination';
import type { Received } from '../src/internal/caller';
import { deferred, offset, received } from './page-fixtures';

/** A server whose pages the test answers one by one; `rows(query)` says what each holds. */
function heldServer(total: number, rows: (start: number, limit: number) => number) {
  const asked: { query: Record<string, unknown>; answer: () => void }[] = [];
  const fetchPage: FetchPage = (query) => {
    const { promise, resolve } = deferred<Received>();
    const start = Number(query.offset ?? 0);
    const limit = Number(query.limit);
    const n = Math.max(0, Math.min(rows(start, limit), total - start));
    const data = Array.from({ length: n }, (_, i) => ({ i: start + i }));
    asked.push({ query, answer: () => resolve(received({ data, total, offset: start, limit })) });
    return promise;
  };
  return { fetchPage, asked };
}

/** The same server answering at once. */
function eagerServer(total: number, rows: (start: number, limit: number) => number) {
  const held = heldServer(total, rows);
  const fetchPage: FetchPage = (query, signal) => {
    const page = held.fetchPage(query, signal);
    held.asked.at(-1)?.answer();
    return page;
  };
  return { fetchPage, offsets: () => held.asked.map((a) => a.query.offset) };
}

const ticks = async () => {
  for (let i = 0; i < 10; i++) await Promise.resolve();
};

describe('fetching ahead', () => {
  it('offset lists in full pages keep two requests in flight, never more', async () => {
    const { fetchPage, asked } = heldServer(50, (_, limit) => limit);
    const walk = PagePromise.start<{ i: number }>(offset, fetchPage, { limit: 10 });
    asked[0]?.answer();
    const items = walk[Symbol.asyncIterator]();
    expect((await items.next()).value).toEqual({ i: 0 });
    await ticks();
    // Pages 2 and 3 are asked for while page 1 is consumed.
    expect(asked.map((a) => a.query.offset)).toEqual([undefined, 10, 20]);
    for (let i = 1; i < 10; i++) await items.next();
    asked[1]?.answer();
    expect((await items.next()).value).toEqual({ i: 10 });
    expect(asked.map((a) => a.query.offset)).toEqual([undefined, 10, 20, 30]);
    // The last page is known from the total: nothing past it is asked for.
    for (const a of asked.slice(2)) a.answer();
    const rest: number[] = [];
    for (let r = await items.next(); !r.done; r = await items.next()) {
      rest.push(r.value.i);
      asked.at(-1)?.answer();
    }
    expect(rest).toEqual(Array.from({ length: 39 }, (_, i) => i + 11));
    expect(asked.map((a) => a.query.offset)).toEqual([undefined, 10, 20, 30, 40]);
  });

  it('a short page drops the guesses after it: no row is missed or repeated', async () => {
    // The server gives 4 rows for the page at offset 10 though 10 were asked for: the guess
    // for offset 20 would skip rows 14 to 19.
    const { fetchPage, offsets } = eagerServer(30, (start, limit) => (start === 10 ? 4 : limit));
    const seen: number[] = [];
    for await (const item of PagePromise.start<{ i: number }>(offset, fetchPage, { limit: 10 }))
      seen.push(item.i);
    expect(seen).toEqual(Array.from({ length: 30 }, (_, i) => i));
    // 20 was guessed while the page at 10 was awaited, then asked for again: it was dropped.
    expect(offsets()).toEqual([undefined, 10, 20, 14, 24]);
  });

  it('a list the server pages smaller than asked is walked one page ahead', async () => {
    const { fetchPage, offsets } = eagerServer(20, () => 5);
    const seen: number[] = [];
    for await (const item of PagePromise.start<{ i: number }>(offset, fetchPage, { limit: 10 }))
      seen.push(item.i);
    expect(seen).toEqual(Array.from({ length: 20 }, (_, i) => i));
    expect(offsets()).toEqual([undefined, 5, 10, 15]);
  });
});
