/**
 * Header merging with HTTP's rules: names are case-insensitive, so `Idempotency-Key` from the
 * caller and `idempotency-key` from the SDK are one header, and the later source wins whatever
 * the spelling. Plain-object spreads would keep both spellings and let the wrong one win.
 */
export type HeaderSource = HeadersInit | undefined;

/** Merges `sources` left to right into one Headers; a later source replaces a header. */
export function mergeHeaders(...sources: HeaderSource[]): Headers {
  const merged = new Headers();
  for (const source of sources) {
    if (source === undefined) continue;
    // A plain object is read as it is: no throwaway Headers per source on every call.
    const entries =
      source instanceof Headers || Array.isArray(source) ? source : Object.entries(source);
    for (const [name, value] of entries) merged.set(name, value);
  }
  return merged;
}
