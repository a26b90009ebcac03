/** A body as both sides must see it: its exact bytes, or nothing. */
import { utf8 } from './base64url';

export type BodyBytes = string | Uint8Array | ArrayBuffer | ArrayBufferView | null | undefined;

const EMPTY = new Uint8Array(0);

/** The bytes `bh` is the hash of: UTF-8 for a string, nothing for no body. */
export function bytesOf(body: BodyBytes): Uint8Array {
  if (body == null) return EMPTY;
  if (typeof body === 'string') return utf8(body);
  if (body instanceof Uint8Array) return body;
  if (ArrayBuffer.isView(body))
    return new Uint8Array(body.buffer, body.byteOffset, body.byteLength);
  if (body instanceof ArrayBuffer) return new Uint8Array(body);
  // A stream or form is not bytes yet: hashing it as empty would sign the wrong body.
  throw new TypeError('a body to sign or verify must be a string, Uint8Array or ArrayBuffer');
}
