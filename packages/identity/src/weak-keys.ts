/**
 * Weak Ed25519 public keys: encodings of the 8 points of small order, and non-canonical
 * encodings. A small-order key A makes [k]A vanish (or nearly), so the verification equation
 * [S]B = R + [k]A holds for R = the neutral point and S = 0 whatever the message: anyone can
 * "sign" for it. RFC 8032 does not require verifiers to refuse such keys and OpenSSL and
 * tweetnacl do not, so keys are refused here, where they are imported, as libsodium does
 * (`crypto_sign_verify_detached`: `ge25519_is_canonical` and `ge25519_has_small_order`, the
 * same list; see also Chalkias et al., "Taming the many EdDSAs", 2020).
 *
 * A list, not a point library: @noble/curves would do the same with `isSmallOrder()` but adds
 * about 12.6 kB min+gzip to a browser bundle that has 1 kB of headroom (measured, esbuild).
 */

/** The y coordinates (little-endian, sign bit clear) of the 8 small-order points. */
const SMALL_ORDER_Y = [
  '0000000000000000000000000000000000000000000000000000000000000000', // order 4 (two points)
  '0100000000000000000000000000000000000000000000000000000000000000', // the neutral point
  'ecffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f', // order 2 (y = p − 1)
  '26e8958fc2b227b045c3f489f2ef98f0d5dfac05d3c63339b13802886d53fc05', // order 8 (two points)
  'c7176a703d4dd84fba3c0b760d10670f2a2053fa2c39ccc64ec7fd7792ac037a', // order 8 (two points)
].map((hex) => Uint8Array.from(hex.match(/../g)!, (b) => Number.parseInt(b, 16)));

/** y ≥ p = 2^255 − 19: bytes 1..30 all 0xff, the top byte 0x7f (sign bit aside), byte 0 ≥ 0xed. */
function yAtLeastP(key: Uint8Array): boolean {
  if ((key[31]! & 0x7f) !== 0x7f || key[0]! < 0xed) return false;
  for (let i = 1; i < 31; i++) if (key[i] !== 0xff) return false;
  return true;
}

const sameY = (key: Uint8Array, y: Uint8Array) => {
  for (let i = 0; i < 31; i++) if (key[i] !== y[i]) return false;
  return (key[31]! & 0x7f) === y[31];
};

/**
 * Why a 32-byte public key must not be used, or undefined when it may. The sign bit is
 * ignored when matching small-order points: with x = 0 (y = ±1) a set sign bit is a
 * non-canonical encoding of the same weak point, and for the others it names the other
 * point of small order with that y.
 */
export function weakKeyReason(key: Uint8Array): string | undefined {
  if (yAtLeastP(key)) return 'a non-canonical Ed25519 public key encoding (y ≥ p)';
  if (SMALL_ORDER_Y.some((y) => sameY(key, y)))
    return 'a small-order Ed25519 public key, for which signatures can be forged';
  return undefined;
}
