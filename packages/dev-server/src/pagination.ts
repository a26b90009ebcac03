/**
 * Cursor pages that stay stable while rows are inserted: every row has a monotonic sequence
 * number, and a cursor names the last one seen (newest-first lists continue below it, event
 * lists above it). Offset pages carry the total.
 */
import { HttpProblem } from './http';

export interface Sequenced {
  seq: number;
}

function decodeCursor(cursor: unknown): number | undefined {
  if (cursor === undefined) return undefined;
  try {
    const { s } = JSON.parse(Buffer.from(String(cursor), 'base64url').toString('utf8'));
    if (Number.isInteger(s)) return s;
  } catch {
    // fall through
  }
  throw new HttpProblem(
    422,
    'validation_failed',
    'query.cursor is not a cursor this server issued',
    {
      errors: [{ path: 'query.cursor', message: 'Invalid cursor' }],
    },
  );
}

const encodeCursor = (s: number) => Buffer.from(JSON.stringify({ s })).toString('base64url');

export function cursorPage<T extends Sequenced, Out>(
  rows: Iterable<T>,
  query: Record<string, unknown>,
  order: 'newest' | 'oldest',
  view: (row: T) => Out,
) {
  const limit = Number(query.limit ?? 50);
  const after = decodeCursor(query.cursor);
  const sorted = [...rows].sort((a, b) => (order === 'newest' ? b.seq - a.seq : a.seq - b.seq));
  const start =
    after === undefined
      ? sorted
      : sorted.filter((r) => (order === 'newest' ? r.seq < after : r.seq > after));
  const page = start.slice(0, limit);
  const hasMore = start.length > page.length;
  return {
    data: page.map(view),
    next_cursor: hasMore ? encodeCursor(page.at(-1)!.seq) : null,
    has_more: hasMore,
  };
}

export function offsetPage<T, Out>(
  rows: T[],
  query: Record<string, unknown>,
  view: (row: T) => Out,
) {
  const offset = Number(query.offset ?? 0);
  const limit = Number(query.limit ?? 100);
  return { data: rows.slice(offset, offset + limit).map(view), total: rows.length, offset, limit };
}
