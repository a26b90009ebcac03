/**
 * Cursor pages stay stable while rows are inserted: every row has a monotonic sequence
 * number and a cursor names the last one seen (newest-first lists continue below it, event
 * lists above it), so a new row never shifts or repeats a page. Offset pages carry the total
 * and, like every offset API, may shift when rows are inserted at the front.
 */
import { HttpProblem } from '../middleware/problem';

export interface Sequenced {
  seq: number;
}

/** Cursors are opaque to clients: base64url of a small JSON object. */
const encodeCursor = (s: number) => Buffer.from(JSON.stringify({ s })).toString('base64url');

function decodeCursor(cursor: unknown): number | undefined {
  if (cursor === undefined) return undefined;
  try {
    const { s } = JSON.parse(Buffer.from(String(cursor), 'base64url').toString('utf8'));
    if (Number.isInteger(s)) return s;
  } catch {
    // not JSON: reported below like any other foreign cursor
  }
  throw new HttpProblem(422, 'validation_failed', 'query.cursor: not a cursor this server issued', {
    errors: [{ path: 'query.cursor', message: 'Not a cursor this server issued' }],
  });
}

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
  const hasMore = rest.length > page.length;
  return {
    data: page.map(view),
    next_cursor: hasMore ? encodeCursor(page.at(-1)!.seq) : null,
    has_more: hasMore,
  };
}

/** An offset page of `rows` (stored oldest first), listed newest first. */
export function offsetPageNewestFirst<T, Out>(
  rows: readonly T[],
  query: Record<string, unknown>,
  view: (row: T) => Out,
) {
  const offset = Number(query.offset ?? 0);
  const limit = Number(query.limit ?? 100);
  const data: Out[] = [];
  // Index arithmetic rather than a reversed copy: the audit log may hold 100 000 rows.
  for (let i = rows.length - 1 - offset; i >= 0 && data.length < limit; i--)
    data.push(view(rows[i]!));
  return { data, total: rows.length, offset, limit };
}
