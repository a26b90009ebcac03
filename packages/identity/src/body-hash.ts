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
  const bytes = bytesOf(body);
  // Most signed requests (GET, DELETE) have no body: its hash is a constant.
  if (bytes.byteLength === 0) return EMPTY_BODY_HASH;
  const digest = backend.sha256(bytes);
  return digest instanceof Uint8Array ? encode(digest) : digest.then(encode);
}

/** base64url(SHA-256 of no bytes) (FIPS 180-4's test vector for the empty message). */
export const EMPTY_BODY_HASH = '47DEQpj8HBSa-_TImW-5JCeuQeRkm5NMpJWZG3hSuFU';
