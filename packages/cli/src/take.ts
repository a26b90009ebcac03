/** The first `limit` items of a paginated list (it stops paging there). */
export async function take<T>(iterable: AsyncIterable<T>, limit: number): Promise<T[]> {
  const rows: T[] = [];
  if (limit <= 0) return rows;
  for await (const item of iterable) {
    rows.push(item);
    if (rows.length >= limit) break;
  }
  return rows;
}
