/**
 * A request's headers as plain data, with HTTP's rules: names are case-insensitive, so
 * `Idempotency-Key` from the caller and `idempotency-key` from the SDK are one header, and
 * the later source wins whatever the spelling. Plain-object spreads would keep both
 * spellings and let the wrong one win; a `Headers` object per call would validate every name
 * and value twice (once here, once when fetch copies it), a measurable share of a loopback
 * call. fetch validates them once, as it sends them.
 */
export type HeaderSource = HeadersInit | HeaderMap | undefined;

export class HeaderMap implements Iterable<[string, string]> {
  /** Lower-case name → value. */
  private readonly map = new Map<string, string>();

  get(name: string): string | null {
    return this.map.get(name.toLowerCase()) ?? null;
  }

  has(name: string): boolean {
    return this.map.has(name.toLowerCase());
  }

  /** Sets a header, its value trimmed as `Headers` trims it. */
  set(name: string, value: string): void {
    this.map.set(name.toLowerCase(), value.trim());
  }

  delete(name: string): void {
    this.map.delete(name.toLowerCase());
  }

  [Symbol.iterator](): IterableIterator<[string, string]> {
    return this.map.entries();
  }

  /** What fetch is handed. */
  toRecord(): Record<string, string> {
    const record: Record<string, string> = {};
    for (const [name, value] of this.map) record[name] = value;
    return record;
  }
}

/** Merges `sources` left to right into one HeaderMap; a later source replaces a header. */
export function mergeHeaders(...sources: HeaderSource[]): HeaderMap {
  const merged = new HeaderMap();
  for (const source of sources) {
    if (source === undefined) continue;
    // A plain object is read as it is: no throwaway Headers per source on every call.
    const entries =
      source instanceof Headers || source instanceof HeaderMap || Array.isArray(source)
        ? source
        : Object.entries(source);
    for (const [name, value] of entries) if (name !== undefined) merged.set(name, String(value));
  }
  return merged;
}
