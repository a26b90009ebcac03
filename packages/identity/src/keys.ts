/**
 * Ed25519 keys as JWKs (RFC 8037, kty OKP) and raw bytes. An agent generates its pair here;
 * only the public JWK ever leaves the process.
 */
import { backendFor } from './backend/select';
import { decode, encode } from './base64url';
import { IdentityError } from './errors';
import { weakKeyReason } from './weak-keys';

/** An Ed25519 public key as a JWK (RFC 8037). */
export interface PublicJwk {
  kty: 'OKP';
  crv: 'Ed25519';
  /** base64url of the 32-byte public key. */
  x: string;
  kid?: string;
  alg?: 'EdDSA';
  use?: 'sig';
}

/** An Ed25519 private key as a JWK (RFC 8037): keep it secret, never log it. */
export interface PrivateJwk extends PublicJwk {
  /** base64url of the 32-byte private key (seed). Secret. */
  d: string;
}

export interface KeyPair {
  publicJwk: PublicJwk;
  privateJwk: PrivateJwk;
}

function bytes32(value: unknown, what: string): Uint8Array {
  let raw: Uint8Array;
  try {
    raw = decode(String(value));
  } catch {
    throw new IdentityError('invalid_key', `${what} is not base64url`);
  }
  if (raw.length !== 32) throw new IdentityError('invalid_key', `${what} must be 32 bytes`);
  return raw;
}

/** Refuses a small-order or non-canonical public key (see weak-keys.ts). */
function checkStrong(raw: Uint8Array): Uint8Array {
  const weak = weakKeyReason(raw);
  if (weak) throw new IdentityError('invalid_key', `refusing ${weak}`);
  return raw;
}

/**
 * A public key from a JWK or its 32 raw bytes: checked to be Ed25519, neither of small order
 * nor non-canonically encoded, and returned without extra members (a private `d` is never
 * carried over).
 */
export function importPublicKey(key: unknown): PublicJwk {
  if (key instanceof Uint8Array) return rawToPublicJwk(key);
  const jwk = key as Partial<PublicJwk> | undefined;
  if (jwk?.kty !== 'OKP' || jwk.crv !== 'Ed25519') {
    throw new IdentityError('invalid_key', 'expected an Ed25519 key (kty OKP, crv Ed25519)');
  }
  checkStrong(bytes32(jwk.x, 'x'));
  return { kty: 'OKP', crv: 'Ed25519', x: jwk.x! };
}

/** A public JWK from the 32 raw public-key bytes (refused if weak, as by importPublicKey). */
export function rawToPublicJwk(raw: Uint8Array): PublicJwk {
  if (raw.length !== 32)
    throw new IdentityError('invalid_key', 'an Ed25519 public key is 32 bytes');
  return { kty: 'OKP', crv: 'Ed25519', x: encode(checkStrong(raw)) };
}

/**
 * A key pair from a private JWK or the 32-byte private key (seed). The public half is
 * derived from the seed; a JWK whose `x` does not match its `d` is refused.
 */
export async function importPrivateKey(key: PrivateJwk | Uint8Array): Promise<KeyPair> {
  if (!(key instanceof Uint8Array) && (key?.kty !== 'OKP' || key.crv !== 'Ed25519'))
    throw new IdentityError('invalid_key', 'expected an Ed25519 key (kty OKP, crv Ed25519)');
  const seed = key instanceof Uint8Array ? key : bytes32(key.d, 'd');
  if (seed.length !== 32)
    throw new IdentityError('invalid_key', 'an Ed25519 private key is 32 bytes');
  const publicKey = await (await backendFor()).publicKeyOf(seed);
  const publicJwk = rawToPublicJwk(publicKey);
  if (!(key instanceof Uint8Array) && key.x !== undefined && key.x !== publicJwk.x) {
    throw new IdentityError(
      'invalid_key',
      'the private JWK has an x that does not belong to its d',
    );
  }
  return { publicJwk, privateJwk: { ...publicJwk, d: encode(seed) } };
}

/** A fresh Ed25519 key pair from the platform's random source. */
export async function generateKeyPair(): Promise<KeyPair> {
  const { seed, publicKey } = await (await backendFor()).generate();
  const publicJwk = rawToPublicJwk(publicKey);
  return { publicJwk, privateJwk: { ...publicJwk, d: encode(seed) } };
}

/** The raw bytes of a key: 32 public bytes, or 32 private (seed) bytes for a private JWK. */
export function exportRaw(jwk: PublicJwk | PrivateJwk): Uint8Array {
  return 'd' in jwk ? bytes32(jwk.d, 'd') : bytes32(jwk.x, 'x');
}

/** The public half of a private JWK, safe to publish. */
export function publicOf(jwk: PrivateJwk | PublicJwk): PublicJwk {
  const { kty, crv, x } = jwk;
  return { kty, crv, x, ...(jwk.kid ? { kid: jwk.kid } : {}) };
}
