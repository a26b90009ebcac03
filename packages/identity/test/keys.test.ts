import { describe, expect, it } from 'vitest';
import {
  exportRaw,
  generateKeyPair,
  importPrivateKey,
  importPublicKey,
  publicOf,
  rawToPublicJwk,
} from '../src/index';
import { code } from './helpers';

describe('keys', () => {
  it('generates Ed25519 pairs as RFC 8037 JWKs, each one new', async () => {
    const a = await generateKeyPair();
    const b = await generateKeyPair();
    expect(a.publicJwk).toEqual({ kty: 'OKP', crv: 'Ed25519', x: expect.any(String) });
    expect(a.privateJwk).toEqual({ ...a.publicJwk, d: expect.any(String) });
    expect(exportRaw(a.publicJwk)).toHaveLength(32);
    expect(exportRaw(a.privateJwk)).toHaveLength(32);
    expect(a.privateJwk.d).not.toBe(b.privateJwk.d);
  });

  it('round-trips through raw bytes and JWK, deriving the public half from the seed', async () => {
    const pair = await generateKeyPair();
    const fromSeed = await importPrivateKey(exportRaw(pair.privateJwk));
    expect(fromSeed).toEqual(pair);
    expect(await importPrivateKey(pair.privateJwk)).toEqual(pair);
    const { x: _x, ...withoutX } = pair.privateJwk;
    expect(await importPrivateKey(withoutX as never)).toEqual(pair);
    expect(rawToPublicJwk(exportRaw(pair.publicJwk))).toEqual(pair.publicJwk);
    expect(importPublicKey(exportRaw(pair.publicJwk))).toEqual(pair.publicJwk);
  });

  it('never carries a private d into a public key', async () => {
    const pair = await generateKeyPair();
    expect(importPublicKey(pair.privateJwk)).not.toHaveProperty('d');
    expect(publicOf(pair.privateJwk)).not.toHaveProperty('d');
  });

  it('refuses keys that are not Ed25519 or not 32 bytes, and a d with another x', async () => {
    const pair = await generateKeyPair();
    const other = await generateKeyPair();
    const bad = [
      () => importPublicKey({ kty: 'EC', crv: 'P-256', x: pair.publicJwk.x }),
      () => importPublicKey({ kty: 'OKP', crv: 'X25519', x: pair.publicJwk.x }),
      () => importPublicKey({ kty: 'OKP', crv: 'Ed25519', x: 'AAAA' }),
      () => importPublicKey({ kty: 'OKP', crv: 'Ed25519', x: `${pair.publicJwk.x}=` }),
      () => rawToPublicJwk(new Uint8Array(31)),
    ];
    for (const f of bad) expect(f).toThrow(expect.objectContaining({ code: 'invalid_key' }));
    expect(await code(importPrivateKey({ ...pair.privateJwk, x: other.publicJwk.x }))).toBe(
      'invalid_key',
    );
    expect(await code(importPrivateKey({ ...pair.privateJwk, crv: 'P-256' } as never))).toBe(
      'invalid_key',
    );
    expect(await code(importPrivateKey(new Uint8Array(64)))).toBe('invalid_key');
  });
});
