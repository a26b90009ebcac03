/** Signs bytes with one key: a raw 64-byte Ed25519 signature. */
export type SignFn = (data: Uint8Array) => Uint8Array | Promise<Uint8Array>;
/** Checks a signature of bytes against one public key. */
export type VerifyFn = (data: Uint8Array, signature: Uint8Array) => boolean | Promise<boolean>;

/**
 * An Ed25519 implementation. A key is imported once into whatever handle the backend signs
 * with fastest (a KeyObject, a CryptoKey, raw bytes), kept inside the function returned, and
 * reused for every signature.
 */
export interface Ed25519Backend {
  readonly name: 'node' | 'webcrypto' | 'tweetnacl';
  /** A new 32-byte seed (private key) and its 32-byte public key. */
  generate(): Promise<{ seed: Uint8Array; publicKey: Uint8Array }>;
  /** The public key of a seed. */
  publicKeyOf(seed: Uint8Array): Promise<Uint8Array>;
  /** Signs with the key of this seed (and its public key). */
  signer(seed: Uint8Array, publicKey: Uint8Array): Promise<SignFn>;
  /** Verifies with this public key. */
  verifier(publicKey: Uint8Array): Promise<VerifyFn>;
  sha256(data: Uint8Array): Uint8Array | Promise<Uint8Array>;
}
