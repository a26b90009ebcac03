/**
 * Proof ids: 128 random bits, base64url (22 characters), from the platform's CSPRNG. The
 * random bytes are drawn 256 ids at a time: one getRandomValues call per request was a
 * measurable part of minting a proof.
 */
import { encode } from './base64url';

const pool = new Uint8Array(4096);
let offset = pool.length;

export function newJti(): string {
  if (offset >= pool.length) {
    globalThis.crypto.getRandomValues(pool);
    offset = 0;
  }
  offset += 16;
  return encode(pool.subarray(offset - 16, offset));
}
