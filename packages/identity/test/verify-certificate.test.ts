import { createHmac, generateKeyPairSync, sign } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { encode, encodeJson } from '../src/base64url';
import { createCertificateAuthority, generateKeyPair } from '../src/index';
import { CERTIFICATE_PATHS, code, forge, nowSeconds, setup, T0 } from './helpers';

const HEADER = { alg: 'EdDSA', typ: 'agent-cert+jwt', kid: 'ca-1' };

describe.each(CERTIFICATE_PATHS)('%s', (_name, verifyCertificate) => {
  it('accepts a JWKS, a pinned public JWK or a pinned base64url x', async () => {
    const s = await setup();
    for (const ca of [s.ca.jwks(), s.ca.publicJwk, s.ca.publicJwk.x]) {
      const claims = await verifyCertificate(s.certificate, ca, { issuer: 'tollgate-test' });
      expect(claims).toEqual(s.claims);
    }
  });

  it('rejects alg none, HS256 keyed with the public key, RS256, ES256 and EdDSA look-alikes', async () => {
    const s = await setup();
    const jwks = s.ca.jwks();
    const unsigned = `${encodeJson({ ...HEADER, alg: 'none' })}.${encodeJson(s.claims)}.`;
    expect(await code(verifyCertificate(unsigned, jwks))).toBe('certificate_invalid');
    const input = `${encodeJson({ ...HEADER, alg: 'HS256' })}.${encodeJson(s.claims)}`;
    for (const secret of [s.ca.publicJwk.x, JSON.stringify(s.ca.publicJwk)]) {
      const mac = createHmac('sha256', secret).update(input).digest('base64url');
      expect(await code(verifyCertificate(`${input}.${mac}`, jwks))).toBe('certificate_invalid');
    }
    const rsa = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey;
    const rsInput = `${encodeJson({ ...HEADER, alg: 'RS256' })}.${encodeJson(s.claims)}`;
    const rs = sign('sha256', Buffer.from(rsInput), rsa).toString('base64url');
    expect(await code(verifyCertificate(`${rsInput}.${rs}`, jwks))).toBe('certificate_invalid');
    for (const alg of ['ES256', 'Ed25519', 'eddsa', 'EdDSA ']) {
      const token = await forge({ ...HEADER, alg }, s.claims, s.ca.privateJwk);
      expect(await code(verifyCertificate(token, jwks)), alg).toBe('certificate_invalid');
    }
  });

  it('rejects a wrong typ, a crit header, an unknown kid, a malformed token', async () => {
    const s = await setup();
    const jwks = s.ca.jwks();
    const cases = [
      await forge({ ...HEADER, typ: 'JWT' }, s.claims, s.ca.privateJwk),
      await forge({ ...HEADER, typ: 'agent-proof+jwt' }, s.claims, s.ca.privateJwk),
      await forge({ ...HEADER, crit: ['exp'] }, s.claims, s.ca.privateJwk),
      await forge({ ...HEADER, kid: 'nope' }, s.claims, s.ca.privateJwk),
      'not.a.jwt',
      `${s.certificate}.x`,
      s.certificate.replace(/.$/, (c) => (c === 'A' ? 'B' : 'A')),
      42,
    ];
    for (const [i, token] of cases.entries())
      expect(await code(verifyCertificate(token, jwks)), `case ${i}`).toBe('certificate_invalid');
  });

  it('rejects a certificate signed by the agent key (key confusion)', async () => {
    const s = await setup();
    const selfSigned = await forge(HEADER, s.claims, s.agent.privateJwk);
    expect(await code(verifyCertificate(selfSigned, s.ca.jwks()))).toBe('certificate_invalid');
    expect(await code(verifyCertificate(selfSigned, s.ca.publicJwk))).toBe('certificate_invalid');
  });

  it('rejects a certificate that certifies the CA key itself', async () => {
    const s = await setup();
    const claims = { ...s.claims, cnf: { jwk: s.ca.publicJwk } };
    const token = await forge(HEADER, claims, s.ca.privateJwk);
    expect(await code(verifyCertificate(token, s.ca.jwks()))).toBe('certificate_invalid');
  });

  it('rejects expired and not-yet-valid certificates beyond the clock skew, accepts within', async () => {
    const now = T0;
    const ca = await createCertificateAuthority({ kid: 'c', lifetimeSeconds: 100, now: () => now });
    const agent = await generateKeyPair();
    const { certificate } = await ca.issueCertificate(agent.publicJwk, {
      agentId: 'a',
      runId: 'r',
    });
    const at = (ms: number, clockSkew?: number) =>
      code(verifyCertificate(certificate, ca.jwks(), { now: () => now + ms, clockSkew }));
    expect(await at(-25_000)).toBe('ok'); // default skew 30 s
    expect(await at(-40_000)).toBe('certificate_invalid'); // not valid yet
    expect(await at(125_000)).toBe('ok');
    expect(await at(131_000)).toBe('certificate_expired');
    expect(await at(101_000, 0)).toBe('certificate_expired');
  });

  it('rejects missing or ill-typed claims, another issuer, a cnf that is not Ed25519', async () => {
    const s = await setup();
    const jwks = s.ca.jwks();
    const bad: object[] = [
      { ...s.claims, sub: undefined },
      { ...s.claims, run_id: '' },
      { ...s.claims, project: 7 },
      { ...s.claims, serial: undefined },
      { ...s.claims, scope: 'llm:call' },
      { ...s.claims, scope: [1] },
      { ...s.claims, exp: String(nowSeconds() + 60) },
      { ...s.claims, nbf: undefined },
      { ...s.claims, iat: 1.5 },
      { ...s.claims, iat: String(nowSeconds()) },
      { ...s.claims, cnf: undefined },
      { ...s.claims, cnf: { jwk: { kty: 'EC', crv: 'P-256', x: s.agent.publicJwk.x } } },
      { ...s.claims, cnf: { jwk: { ...s.agent.publicJwk, x: encode(new Uint8Array(31)) } } },
    ];
    for (const [i, claims] of bad.entries()) {
      const token = await forge(HEADER, claims, s.ca.privateJwk);
      expect(await code(verifyCertificate(token, jwks)), `case ${i}`).toBe('certificate_invalid');
    }
    expect(await code(verifyCertificate(s.certificate, jwks, { issuer: 'other' }))).toBe(
      'certificate_invalid',
    );
  });
});
