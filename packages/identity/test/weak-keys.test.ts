import { describe, expect, it } from 'vitest';
import { encode, encodeJson } from '../src/base64url';
import {
  createVerifier,
  generateKeyPair,
  importPublicKey,
  type PublicJwk,
  rawToPublicJwk,
} from '../src/index';
import { bodyHash } from '../src/testing';
import { CERTIFICATE_PATHS, code, forge, hex, nowSeconds, ORIGIN, setup } from './helpers';

/** The 8 points of small order, canonically encoded (RFC 8032 §5.1.2; libsodium's blacklist). */
const SMALL_ORDER = [
  '0100000000000000000000000000000000000000000000000000000000000000', // the neutral point
  'ecffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f', // order 2
  '0000000000000000000000000000000000000000000000000000000000000000', // order 4
  '0000000000000000000000000000000000000000000000000000000000000080',
  '26e8958fc2b227b045c3f489f2ef98f0d5dfac05d3c63339b13802886d53fc05', // order 8
  '26e8958fc2b227b045c3f489f2ef98f0d5dfac05d3c63339b13802886d53fc85',
  'c7176a703d4dd84fba3c0b760d10670f2a2053fa2c39ccc64ec7fd7792ac037a',
  'c7176a703d4dd84fba3c0b760d10670f2a2053fa2c39ccc64ec7fd7792ac03fa',
];
/** Encodings RFC 8032 §5.1.3 does not produce: y ≥ p, or x = 0 with the sign bit set. */
const NON_CANONICAL = [
  '0100000000000000000000000000000000000000000000000000000000000080', // neutral, "−0"
  'ecffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff', // order 2, "−0"
  'edffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f', // y = p
  'eeffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f', // y = p + 1
  'f3ffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f', // y = p + 6
  'ffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff', // y = 2^255 − 1, sign set
];
const WEAK = [...SMALL_ORDER, ...NON_CANONICAL];
const jwk = (h: string): PublicJwk => ({ kty: 'OKP', crv: 'Ed25519', x: encode(hex(h)) });
const CERT_HEADER = { alg: 'EdDSA', typ: 'agent-cert+jwt', kid: 'ca-1' };

describe('weak public keys are refused wherever a key is imported', () => {
  it('as a JWK or as raw bytes: invalid_key; good keys still import', async () => {
    for (const h of WEAK) {
      for (const f of [() => importPublicKey(jwk(h)), () => importPublicKey(hex(h))])
        expect(f, h).toThrow(expect.objectContaining({ code: 'invalid_key' }));
      expect(() => rawToPublicJwk(hex(h)), h).toThrow(
        expect.objectContaining({ code: 'invalid_key' }),
      );
    }
    const good = await generateKeyPair();
    expect(importPublicKey(good.publicJwk)).toEqual(good.publicJwk);
  });

  it('the CA refuses to certify one; a pinned CA key cannot be one', async () => {
    const s = await setup();
    for (const h of WEAK) {
      expect(await code(s.ca.issueCertificate(jwk(h), { agentId: 'a', runId: 'r' })), h).toBe(
        'invalid_key',
      );
      expect(() => createVerifier({ ca: jwk(h).x, origin: ORIGIN }), h).toThrow(
        expect.objectContaining({ code: 'invalid_key' }),
      );
    }
  });

  it.each(CERTIFICATE_PATHS)('%s refuses a CA-signed certificate for one', async (_n, verify) => {
    const s = await setup();
    for (const h of WEAK) {
      const token = await forge(
        CERT_HEADER,
        { ...s.claims, cnf: { jwk: jwk(h) } },
        s.ca.privateJwk,
      );
      expect(await code(verify(token, s.ca.jwks())), h).toBe('certificate_invalid');
    }
  });

  it('a proof "signed" with R = neutral point, S = 0 for a certificate of the neutral point', async () => {
    const s = await setup();
    const neutral = jwk(SMALL_ORDER[0]!);
    const certificate = await forge(
      CERT_HEADER,
      { ...s.claims, cnf: { jwk: neutral } },
      s.ca.privateJwk,
    );
    const iat = nowSeconds();
    const claims = {
      jti: 'f'.repeat(22),
      iat,
      exp: iat + 60,
      htm: 'GET',
      htu: `${ORIGIN}/v1/runs`,
      bh: bodyHash(''),
    };
    const input = `${encodeJson({ alg: 'EdDSA', typ: 'agent-proof+jwt' })}.${encodeJson(claims)}`;
    const signature = new Uint8Array(64);
    signature[0] = 1; // R = the neutral point's encoding, S = 0
    const headers = {
      'x-tollgate-certificate': certificate,
      'x-tollgate-proof': `${input}.${encode(signature)}`,
    };
    expect(await code(s.verifier.verify({ method: 'GET', url: '/v1/runs', headers }))).toBe(
      'certificate_invalid',
    );
  });

  it('a key that is no point of the curve (y = 2) verifies no signature, forged or not', async () => {
    const s = await setup();
    const offCurve = jwk(`02${'00'.repeat(31)}`);
    const { certificate } = await s.ca.issueCertificate(offCurve, { agentId: 'a', runId: 'r' });
    const iat = nowSeconds();
    const claims = {
      iat,
      exp: iat + 60,
      htm: 'GET',
      htu: `${ORIGIN}/v1/runs`,
      bh: bodyHash(''),
    };
    const input = `${encodeJson({ alg: 'EdDSA', typ: 'agent-proof+jwt' })}.${encodeJson({ ...claims, jti: 'g'.repeat(22) })}`;
    const neutralR = new Uint8Array(64);
    neutralR[0] = 1;
    for (const signature of [
      neutralR,
      new Uint8Array(64),
      crypto.getRandomValues(new Uint8Array(64)),
    ]) {
      const headers = {
        'x-tollgate-certificate': certificate,
        'x-tollgate-proof': `${input}.${encode(signature)}`,
      };
      expect(await code(s.verifier.verify({ method: 'GET', url: '/v1/runs', headers }))).toBe(
        'proof_invalid',
      );
    }
  });
});
