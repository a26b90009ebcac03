/**
 * Idempotency keys for creating operations. One key per logical call, made before the first
 * attempt and reused by every retry, so a create that reached the server before the
 * connection dropped is answered from the server's record instead of being done twice.
 */
export function newIdempotencyKey(): string {
  return `tg-${globalThis.crypto.randomUUID()}`;
}
