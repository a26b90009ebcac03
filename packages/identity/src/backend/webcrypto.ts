/** WebCrypto Ed25519, for browsers, Deno, workers and edge runtimes that implement it. */
import { decode, encode } from '../base64url';
import { seedToPkcs8 } from './pkcs8';
import type { Ed25519Backend } from './types';

const ALG = { name: 'Ed25519' };

export function webcryptoBackend(subtle: SubtleCrypto): Ed25519Backend {
  return {
    name: 'webcrypto',
    async generate() {
      const pair = (await subtle.generateKey(ALG, true, ['sign', 'verify'])) as CryptoKeyPair;
      // JWK, not PKCS#8: some engines add the public key to PKCS#8 (RFC 5958 v2), JWK is fixed.
      const jwk = await subtle.exportKey('jwk', pair.privateKey);
      return { seed: decode(jwk.d!), publicKey: decode(jwk.x!) };
    },
    async publicKeyOf(seed) {
      const key = await subtle.importKey('pkcs8', seedToPkcs8(seed) as BufferSource, ALG, true, [
        'sign',
      ]);
      return decode((await subtle.exportKey('jwk', key)).x!);
    },
    async signer(seed, pub) {
      const jwk = { kty: 'OKP', crv: 'Ed25519', d: encode(seed), x: encode(pub) };
      const key = await subtle.importKey('jwk', jwk, ALG, false, ['sign']);
      return async (data) => new Uint8Array(await subtle.sign(ALG, key, data as BufferSource));
    },
    async verifier(pub) {
      const key = await subtle.importKey('raw', pub as BufferSource, ALG, false, ['verify']);
      return (data, signature) =>
        subtle.verify(ALG, key, signature as BufferSource, data as BufferSource);
    },
    // The platform's digest: asynchronous, a round trip per proof (bench/README.md), but no
    // JavaScript SHA-256 in the browser bundles that use this backend.
    sha256: async (data) => new Uint8Array(await subtle.digest('SHA-256', data as BufferSource)),
  };
}

/** Whether this runtime's WebCrypto implements Ed25519 (older browsers do not). */
export async function supportsEd25519(subtle: SubtleCrypto | undefined): Promise<boolean> {
  if (!subtle) return false;
  try {
    await subtle.generateKey(ALG, false, ['sign', 'verify']);
    return true;
  } catch {
    return false;
  }
}
