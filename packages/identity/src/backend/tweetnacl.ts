/**
 * tweetnacl, for runtimes with neither node:crypto nor WebCrypto Ed25519. Pure JavaScript:
 * correct and portable, several times slower (see the package README's bench table).
 */
import nacl from 'tweetnacl';
import type { Ed25519Backend } from './types';

export function tweetnaclBackend(): Ed25519Backend {
  return {
    name: 'tweetnacl',
    async generate() {
      const seed = nacl.randomBytes(32);
      return { seed, publicKey: nacl.sign.keyPair.fromSeed(seed).publicKey };
    },
    async publicKeyOf(seed) {
      return nacl.sign.keyPair.fromSeed(seed).publicKey;
    },
    async importPrivate(seed) {
      return nacl.sign.keyPair.fromSeed(seed).secretKey;
    },
    async importPublic(pub) {
      return pub;
    },
    sign: (secretKey, data) => nacl.sign.detached(data, secretKey as Uint8Array),
    verify: (pub, data, signature) =>
      signature.length === 64 && nacl.sign.detached.verify(data, signature, pub as Uint8Array),
    // SHA-256 is in every WebCrypto, including runtimes that lack Ed25519.
    sha256: async (data) =>
      new Uint8Array(await crypto.subtle.digest('SHA-256', data as BufferSource)),
  };
}
