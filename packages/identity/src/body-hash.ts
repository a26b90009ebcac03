/** `bh`: base64url SHA-256 of the exact body bytes; of the empty string when there is none. */
import type { Ed25519Backend } from './backend/types';
import { encode } from './base64url';
import { type BodyBytes, bytesOf } from './body-bytes';

/**
 * The hash, synchronously when the backend hashes synchronously (node:crypto, and small
 * bodies elsewhere): this is on both sides of every request, and an extra await per request
 * is measurable.
 */
export function hashBody(body: BodyBytes, backend: Ed25519Backend): string | Promise<string> {
  const digest = backend.sha256(bytesOf(body));
  return digest instanceof Uint8Array ? encode(digest) : digest.then(encode);
}
