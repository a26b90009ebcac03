/**
 * `@tollgate/identity/testing`: helpers for tests of code that signs or verifies agent
 * requests. They compute what a proof must hold, and build tokens a verifier must refuse;
 * nothing here is needed to sign or verify.
 */
import { sha256 } from '@noble/hashes/sha2.js';
import { encode, encodeJson, utf8 } from './base64url';
import { type BodyBytes, bytesOf } from './body-bytes';
// The root entry itself (the build keeps it external): one IdentityError class, one backend.
import { createSigner, type PrivateJwk } from './index';

export type { BodyBytes } from './body-bytes';
export type { ProofClaims } from './claims';
export { normalizeHtu } from './url';

/**
 * The `bh` a proof must carry for this body: base64url SHA-256 of its exact bytes (UTF-8 for
 * a string; the empty string's hash when there is no body). Computed independently of the
 * backend that signs (with `@noble/hashes`), so a test holds the signer to the protocol.
 */
export function bodyHash(body: BodyBytes): string {
  return encode(sha256(bytesOf(body)));
}

/**
 * A compact JWS with any header and claims, signed with any Ed25519 key: for tests that a
 * verifier refuses a wrong `alg` or `typ`, a missing claim, a key it must not trust.
 */
export async function signJws(
  header: object,
  claims: object,
  privateJwk: PrivateJwk,
): Promise<string> {
  const input = `${encodeJson(header)}.${encodeJson(claims)}`;
  const signature = await (await createSigner(privateJwk)).sign(utf8(input));
  return `${input}.${encode(signature)}`;
}
