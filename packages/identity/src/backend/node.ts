/**
 * node:crypto Ed25519: KeyObjects and one-shot sign/verify, synchronous and the fastest
 * option on Node. Reached through process.getBuiltinModule so this file never makes a
 * bundler pull in `node:crypto` for browsers.
 */
import { decode, encode } from '../base64url';
import { seedToPkcs8 } from './pkcs8';
import type { Ed25519Backend } from './types';

type KeyObject = { export(o: { format: 'jwk' }): { d?: string; x?: string } };
type NodeCrypto = {
  createPrivateKey(
    o: { key: object; format: 'jwk' } | { key: Uint8Array; format: 'der'; type: 'pkcs8' },
  ): KeyObject;
  createPublicKey(o: { key: object; format: 'jwk' }): KeyObject;
  generateKeyPairSync(type: 'ed25519'): { privateKey: KeyObject; publicKey: KeyObject };
  sign(alg: null, data: Uint8Array, key: KeyObject): Uint8Array;
  verify(alg: null, data: Uint8Array, key: KeyObject, signature: Uint8Array): boolean;
  createHash(alg: 'sha256'): { update(d: Uint8Array): { digest(): Uint8Array } };
  /** One-shot hash (Node ≥ 20.12): no Hash object per call. */
  hash?: (alg: 'sha256', data: Uint8Array, encoding: 'buffer') => Uint8Array;
};

/** node:crypto where the runtime has it (Node ≥ 20.16, Bun, Deno), else undefined. */
export function loadNodeCrypto(): NodeCrypto | undefined {
  const proc = (globalThis as { process?: { getBuiltinModule?: (id: string) => unknown } }).process;
  try {
    return proc?.getBuiltinModule?.('node:crypto') as NodeCrypto | undefined;
  } catch {
    return undefined;
  }
}

export function nodeBackend(crypto: NodeCrypto): Ed25519Backend {
  const privateJwk = (seed: Uint8Array, pub: Uint8Array) => ({
    kty: 'OKP',
    crv: 'Ed25519',
    d: encode(seed),
    x: encode(pub),
  });
  return {
    name: 'node',
    async generate() {
      const { privateKey } = crypto.generateKeyPairSync('ed25519');
      const jwk = privateKey.export({ format: 'jwk' });
      return { seed: decode(jwk.d!), publicKey: decode(jwk.x!) };
    },
    async publicKeyOf(seed) {
      // A JWK needs x, so import the seed as PKCS#8 and let node derive the public key.
      const key = crypto.createPrivateKey({ key: seedToPkcs8(seed), format: 'der', type: 'pkcs8' });
      return decode(key.export({ format: 'jwk' }).x!);
    },
    async signer(seed, pub) {
      const key = crypto.createPrivateKey({ key: privateJwk(seed, pub), format: 'jwk' });
      // A Buffer is a Uint8Array: returned as is, no copy on the signing path.
      return (data) => crypto.sign(null, data, key);
    },
    async verifier(pub) {
      const key = crypto.createPublicKey({
        key: { kty: 'OKP', crv: 'Ed25519', x: encode(pub) },
        format: 'jwk',
      });
      return (data, signature) => crypto.verify(null, data, key, signature);
    },
    sha256: crypto.hash
      ? (data) => crypto.hash!('sha256', data, 'buffer')
      : (data) => crypto.createHash('sha256').update(data).digest(),
  };
}
