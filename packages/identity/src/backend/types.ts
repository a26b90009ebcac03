/**
 * An Ed25519 implementation. Keys are imported once into whatever handle the backend signs
 * with fastest (a KeyObject, a CryptoKey, raw bytes), then reused for every signature.
 */
export interface Ed25519Backend {
  readonly name: 'node' | 'webcrypto' | 'tweetnacl';
  /** A new 32-byte seed (private key) and its 32-byte public key. */
  generate(): Promise<{ seed: Uint8Array; publicKey: Uint8Array }>;
  /** The public key of a seed. */
  publicKeyOf(seed: Uint8Array): Promise<Uint8Array>;
  importPrivate(seed: Uint8Array, publicKey: Uint8Array): Promise<unknown>;
  importPublic(publicKey: Uint8Array): Promise<unknown>;
  sign(privateHandle: unknown, data: Uint8Array): Uint8Array | Promise<Uint8Array>;
  verify(
    publicHandle: unknown,
    data: Uint8Array,
    signature: Uint8Array,
  ): boolean | Promise<boolean>;
  sha256(data: Uint8Array): Uint8Array | Promise<Uint8Array>;
}
