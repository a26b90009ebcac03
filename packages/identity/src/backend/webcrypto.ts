/** WebCrypto Ed25519, for browsers, Deno, workers and edge runtimes that implement it. */
import { encode } from '../base64url';
import { PKCS8_PREFIX_LENGTH, seedToPkcs8 } from './pkcs8';
import type { Ed25519Backend } from './types';

const ALG = { name: 'Ed25519' };

export function webcryptoBackend(subtle: SubtleCrypto): Ed25519Backend {
  const raw = async (key: CryptoKey) => new Uint8Array(await subtle.exportKey('raw', key));
  return {
    name: 'webcrypto',
    async generate() {
      const pair = (await subtle.generateKey(ALG, true, ['sign', 'verify'])) as CryptoKeyPair;
      const pkcs8 = new Uint8Array(await subtle.exportKey('pkcs8', pair.privateKey));
      return { seed: pkcs8.slice(PKCS8_PREFIX_LENGTH), publicKey: await raw(pair.publicKey) };
    },
    async publicKeyOf(seed) {
      const key = await subtle.importKey('pkcs8', seedToPkcs8(seed) as BufferSource, ALG, true, [
        'sign',
      ]);
      const jwk = await subtle.exportKey('jwk', key);
      return Uint8Array.from(atob(jwk.x!.replace(/-/g, '+').replace(/_/g, '/')), (c) =>
        c.charCodeAt(0),
      );
    },
    importPrivate: (seed, pub) =>
      subtle.importKey(
        'jwk',
        { kty: 'OKP', crv: 'Ed25519', d: encode(seed), x: encode(pub) },
        ALG,
        false,
        ['sign'],
      ),
    importPublic: (pub) => subtle.importKey('raw', pub as BufferSource, ALG, false, ['verify']),
    sign: async (key, data) =>
      new Uint8Array(await subtle.sign(ALG, key as CryptoKey, data as BufferSource)),
    verify: (key, data, signature) =>
      subtle.verify(ALG, key as CryptoKey, signature as BufferSource, data as BufferSource),
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
