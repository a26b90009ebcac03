/** `bh`: base64url SHA-256 of the exact body bytes; of the empty string when there is none. */
import { getBackend, readyBackend } from './backend/select';
import { encode, utf8 } from './base64url';

/** A body as both sides must see it: its exact bytes, or nothing. */
export type BodyBytes = string | Uint8Array | ArrayBuffer | ArrayBufferView | null | undefined;

const EMPTY = new Uint8Array(0);

function bytesOf(body: BodyBytes): Uint8Array {
  if (body == null) return EMPTY;
  if (typeof body === 'string') return utf8(body);
  if (body instanceof Uint8Array) return body;
  if (ArrayBuffer.isView(body))
    return new Uint8Array(body.buffer, body.byteOffset, body.byteLength);
  if (body instanceof ArrayBuffer) return new Uint8Array(body);
  // A stream or form is not bytes yet: hashing it as empty would sign the wrong body.
  throw new TypeError('a body to sign or verify must be a string, Uint8Array or ArrayBuffer');
}

/**
 * The hash, synchronously when the backend hashes synchronously (node:crypto): this is on
 * both sides of every request, and an extra await per request is measurable.
 */
export function hashBody(body: BodyBytes): string | Promise<string> {
  const bytes = bytesOf(body);
  const backend = readyBackend();
  if (!backend) return getBackend().then(async (b) => encode(await b.sha256(bytes)));
  const digest = backend.sha256(bytes);
  return digest instanceof Uint8Array ? encode(digest) : digest.then(encode);
}

/** `bh` of a body: base64url SHA-256 of its exact bytes (UTF-8 for a string). */
export async function bodyHash(body: BodyBytes): Promise<string> {
  return hashBody(body);
}
