/**
 * Compact JWS (RFC 7515) with EdDSA, built and split by hand. Minting a proof is on every
 * request's path: a hand-built JWS costs one JSON.stringify, one base64url and one Ed25519
 * signature, which keeps it close to a bare signature (see bench/).
 */
import { getBackend } from './backend/select';
import type { Ed25519Backend } from './backend/types';
import { decode, encode, encodeJson, utf8 } from './base64url';
import { IdentityError, type IdentityErrorCode } from './errors';
import { exportRaw, type PrivateJwk, type PublicJwk } from './keys';

/** A private key imported once into the backend, ready to sign. */
export interface Signer {
  sign(data: Uint8Array): Uint8Array | Promise<Uint8Array>;
  readonly publicJwk: PublicJwk;
}

export async function createSigner(privateJwk: PrivateJwk): Promise<Signer> {
  const backend = await getBackend();
  const { kty, crv, x } = privateJwk;
  const handle = await backend.importPrivate(exportRaw(privateJwk), exportRaw({ kty, crv, x }));
  return { sign: (data) => backend.sign(handle, data), publicJwk: { kty, crv, x } };
}

/** `base64url(header)` computed once per signer and header. */
export function encodeHeader(header: Record<string, unknown>): string {
  return encodeJson(header);
}

export async function signCompact(
  encodedHeader: string,
  payload: unknown,
  signer: Signer,
): Promise<string> {
  const signingInput = `${encodedHeader}.${encodeJson(payload)}`;
  const signature = await signer.sign(utf8(signingInput));
  return `${signingInput}.${encode(signature)}`;
}

export interface DecodedJws {
  header: Record<string, unknown>;
  payload: Record<string, unknown>;
  signingInput: Uint8Array;
  signature: Uint8Array;
}

/** Splits and decodes a compact JWS; any malformation is `code`. Verifies nothing. */
export function decodeCompact(token: unknown, code: IdentityErrorCode, what: string): DecodedJws {
  if (typeof token !== 'string') throw new IdentityError(code, `${what} is not a string`);
  const parts = token.split('.');
  if (parts.length !== 3) throw new IdentityError(code, `${what} is not a compact JWS`);
  try {
    const header = JSON.parse(new TextDecoder().decode(decode(parts[0]!)));
    const payload = JSON.parse(new TextDecoder().decode(decode(parts[1]!)));
    if (!isObject(header) || !isObject(payload)) throw new Error('not objects');
    return {
      header,
      payload,
      signingInput: utf8(`${parts[0]}.${parts[1]}`),
      signature: decode(parts[2]!),
    };
  } catch {
    throw new IdentityError(code, `${what} is malformed`);
  }
}

const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

/** A public key imported once into the backend, ready to verify. */
export interface VerifyKey {
  verify(data: Uint8Array, signature: Uint8Array): boolean | Promise<boolean>;
}

export async function createVerifyKey(
  publicJwk: PublicJwk,
  backend?: Ed25519Backend,
): Promise<VerifyKey> {
  const b = backend ?? (await getBackend());
  const handle = await b.importPublic(exportRaw({ kty: 'OKP', crv: 'Ed25519', x: publicJwk.x }));
  return {
    verify: (data, signature) => signature.length === 64 && b.verify(handle, data, signature),
  };
}
