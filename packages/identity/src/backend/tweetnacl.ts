/**
 * tweetnacl, for runtimes with neither node:crypto nor WebCrypto Ed25519. Pure JavaScript:
 * correct and portable, about a hundred times slower (bench/README.md).
 */
import { sha256 } from '@noble/hashes/sha2.js';
import nacl from 'tweetnacl';
import type { Ed25519Backend } from './types';

/** The group order L (RFC 8032 §5.1), little-endian, as signatures carry S. */
const L = Uint8Array.from([
  0xed, 0xd3, 0xf5, 0x5c, 0x1a, 0x63, 0x12, 0x58, 0xd6, 0x9c, 0xf7, 0xa2, 0xde, 0xf9, 0xde, 0x14, 0,
  0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x10,
]);

/**
 * RFC 8032 §5.1.7 requires S < L. tweetnacl skips that check, OpenSSL (node:crypto and
 * WebCrypto on Node) does not: without it the same signature would verify on one backend
 * and not on another (S + L is the classic malleated twin of a valid signature).
 */
function canonicalS(signature: Uint8Array): boolean {
  for (let i = 31; i >= 0; i--) {
    const s = signature[32 + i]!;
    if (s !== L[i]) return s < L[i]!;
  }
  return false; // S == L
}

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
    async signer(seed) {
      const { secretKey } = nacl.sign.keyPair.fromSeed(seed);
      return (data) => nacl.sign.detached(data, secretKey);
    },
    async verifier(pub) {
      return (data, signature) =>
        signature.length === 64 &&
        canonicalS(signature) &&
        nacl.sign.detached.verify(data, signature, pub);
    },
    // `@noble/hashes` (audited, synchronous): a page on plain http has no `crypto.subtle`.
    sha256,
  };
}
