/**
 * Pages stay stable while rows are inserted. Cursor pages: every row has a monotonic sequence
 * number and a cursor names the last one seen (newest-first lists continue below it, event
 * lists above it), so a new row never shifts or repeats a page. Offset pages (the append-only
 * audit log): every page reports a snapshot, the log's length when the walk began; a request
 * that sends it back sees only the rows that existed then, so offsets do not shift.
 */
import { HttpProblem } from '../middleware/problem';

export interface Sequenced {
  seq: number;
}

/** Cursors and snapshots are opaque to clients: base64url of a small JSON object. */
const encode = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');
const encodeCursor = (s: number) => encode({ s });

const foreign = (param: string, what: string) =>
  new HttpProblem(422, 'validation_failed', `query.${param}: not a ${what} this server issued`, {
    errors: [{ path: `query.${param}`, message: `Not a ${what} this server issued` }],
  });

/** The integer under `key` in a token this server issued; a 422 naming `param` otherwise. */
function decode(token: unknown, key: string, param: string, what: string): number | undefined {
  if (token === undefined) return undefined;
  try {
    const value = JSON.parse(Buffer.from(String(token), 'base64url').toString('utf8'))?.[key];
    if (Number.isInteger(value) && value >= 0) return value;
  } catch {
    // not JSON: reported below like any other foreign token
  }
  throw foreign(param, what);
}

const decodeCursor = (cursor: unknown) => decode(cursor, 's', 'cursor', 'cursor');

export function cursorPage<T extends Sequenced, Out>(
  rows: Iterable<T>,
  query: Record<string, unknown>,
  order: 'newest' | 'oldest',
  view: (row: T) => Out,
) {
  const limit = Number(query.limit ?? 50);
  const after = decodeCursor(query.cursor);
  const sorted = [...rows].sort((a, b) => (order === 'newest' ? b.seq - a.seq : a.seq - b.seq));
  const rest =
    after === undefined
      ? sorted
      : sorted.filter((r) => (order === 'newest' ? r.seq < after : r.seq > after));
  const page = rest.slice(0, limit);
  const last = page.at(-1);
  const hasMore = rest.length > page.length;
  return {
    data: page.map(view),
    next_cursor: hasMore && last ? encodeCursor(last.seq) : null,
    has_more: hasMore,
  };
}

/**
 * An offset page of an append-only `log` (oldest first), listed newest first, keeping to the
 * rows the request's `snapshot` saw (all of them without one) and to those `keep` accepts.
 */
export function offsetPageNewestFirst<T, Out>(
  log: readonly T[],
  query: Record<string, unknown>,
  view: (row: T) => Out,
  keep?: (row: T) => boolean,
) {
  const offset = Number(query.offset ?? 0);
  const limit = Number(query.limit ?? 100);
  const mark = decode(query.snapshot, 'h', 'snapshot', 'snapshot') ?? log.length;
  if (mark > log.length) throw foreign('snapshot', 'snapshot');
  const rows = keep ? log.slice(0, mark).filter(keep) : log;
  const size = keep ? rows.length : mark;
  // Only the page is copied and reversed: the audit log may hold 100 000 rows.
  const end = Math.max(0, size - offset);
  const data = rows
    .slice(Math.max(0, end - limit), end)
    .reverse()
    .map(view);
  return { data, total: size, offset, limit, snapshot: encode({ h: mark }) };
}
