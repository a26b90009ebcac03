import { getBackend, readyBackend } from './backend/select';
import { encode, utf8 } from './base64url';

const EMPTY: Uint8Array = new Uint8Array(0);

/** `bh`: base64url SHA-256 of the exact body bytes; of the empty string when there is none. */
export async function bodyHash(
  body: string | Uint8Array | ArrayBuffer | null | undefined,
): Promise<string> {
  const bytes =
    body == null
      ? EMPTY
      : typeof body === 'string'
        ? utf8(body)
        : body instanceof Uint8Array
          ? body
          : new Uint8Array(body);
  const backend = readyBackend() ?? (await getBackend());
  const digest = backend.sha256(bytes);
  return encode(digest instanceof Uint8Array ? digest : await digest);
}
