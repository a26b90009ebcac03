/** Pages as the caller hands them to a walk, and a server of rows answering them. */
import type { FetchPage } from '../src/core/pagination';
import type { Received } from '../src/internal/caller';

/** A fetched page as the caller hands it over: parsed, validated by `check()`. */
export const received = (body: unknown, check: () => void = () => {}): Received => ({
  data: body,
  response: new Response(),
  requestId: undefined,
  check,
});

/** A promise with its resolve function, for pages answered when the test says. */
export function deferred<T>() {
  let resolve!: (value: T) => void;
  const promise = new Promise<T>((r) => {
    resolve = r;
  });
  return { promise, resolve };
}

export const cursor = {
  style: 'cursor',
  items: 'data',
  nextCursor: 'next_cursor',
  cursorParam: 'cursor',
  limitParam: 'limit',
} as const;
export const offset = {
  style: 'offset',
  items: 'data',
  total: 'total',
  offsetParam: 'offset',
  limitParam: 'limit',
} as const;

/** A server of `n` rows answering either pagination style, recording each query. */
export function server(n: number, style: 'cursor' | 'offset') {
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
    return received(body);
  };
  return { fetchPage, queries };
}
