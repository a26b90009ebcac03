/**
 * SHA-256 for the backends other than node:crypto (which hashes natively and synchronously).
 * Small bodies are hashed with `@noble/hashes` (audited, synchronous): the asynchronous
 * `subtle.digest` costs a round trip that hashing a few hundred bytes does not repay, and a
 * proof is minted on every request. Larger bodies go to WebCrypto. Where there is no
 * `crypto.subtle` at all (a browser page served over plain http) noble hashes everything.
 */
import { sha256 } from '@noble/hashes/sha2.js';

/** Bodies up to this size are hashed synchronously even when `crypto.subtle` exists. */
const SMALL_BODY = 1024;

/** SHA-256 through WebCrypto, except for small inputs or where there is no WebCrypto. */
export function sha256Via(
  subtle: SubtleCrypto | null,
): (data: Uint8Array) => Uint8Array | Promise<Uint8Array> {
  if (!subtle) return sha256;
  return (data) =>
    data.length <= SMALL_BODY
      ? sha256(data)
      : subtle.digest('SHA-256', data as BufferSource).then((d) => new Uint8Array(d));
}
