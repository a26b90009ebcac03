/** base64url without padding (RFC 4648 §5), on Buffer where it exists and btoa elsewhere. */
type NodeBufferOf = Uint8Array & { toString(encoding: string): string };
type BufferLike = {
  from(data: Uint8Array | string, encoding?: string): NodeBufferOf;
  from(data: ArrayBufferLike, byteOffset: number, length: number): NodeBufferOf;
};
const NodeBuffer = (globalThis as { Buffer?: BufferLike }).Buffer;

export function encode(bytes: Uint8Array): string {
  // A view on the same memory, not a copy: this runs several times per request.
  if (NodeBuffer)
    return NodeBuffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('base64url');
  let binary = '';
  for (const b of bytes) binary += String.fromCharCode(b);
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

const VALID = /^[A-Za-z0-9_-]*$/;

/**
 * Decodes strictly: characters outside the alphabet are an error, and so is a non-canonical
 * encoding (unused trailing bits set), so no two strings decode to the same bytes and a
 * changed character in a token can never go unnoticed.
 */
export function decode(text: string): Uint8Array {
  if (!VALID.test(text) || text.length % 4 === 1) throw new TypeError('not base64url');
  const bytes = NodeBuffer
    ? new Uint8Array(NodeBuffer.from(text, 'base64url'))
    : Uint8Array.from(atob(text.replace(/-/g, '+').replace(/_/g, '/')), (c) => c.charCodeAt(0));
  if (encode(bytes) !== text) throw new TypeError('not canonical base64url');
  return bytes;
}

const encoder = new TextEncoder();
export const utf8 = (text: string) => encoder.encode(text);
export const encodeJson = (value: unknown): string =>
  NodeBuffer
    ? NodeBuffer.from(JSON.stringify(value), 'utf8').toString('base64url')
    : encode(utf8(JSON.stringify(value)));
