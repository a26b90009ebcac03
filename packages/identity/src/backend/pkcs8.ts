/** PKCS#8 wrapping of a raw Ed25519 seed (RFC 8410), so native APIs can derive its public key. */
const PREFIX = Uint8Array.from([
  0x30, 0x2e, 0x02, 0x01, 0x00, 0x30, 0x05, 0x06, 0x03, 0x2b, 0x65, 0x70, 0x04, 0x22, 0x04, 0x20,
]);

export function seedToPkcs8(seed: Uint8Array): Uint8Array {
  const der = new Uint8Array(PREFIX.length + seed.length);
  der.set(PREFIX);
  der.set(seed, PREFIX.length);
  return der;
}
