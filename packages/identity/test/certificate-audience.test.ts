/**
 * The certificate's optional audience (`aud`): a CA configured with one stamps it on every
 * certificate; a verifier configured with `audience` requires it to name that audience; one
 * without ignores it (as jose does). A malformed `aud` is refused everywhere.
 */
import { describe, expect, it } from 'vitest';
import {
  createCertificateAuthority,
  generateKeyPair,
  verifyCertificate,
  verifyIssuedCertificate,
} from '../src/index';
import { clock, code, forge, nowSeconds } from './helpers';

const CP = 'https://cp.example.test';

describe('certificate audience (aud)', () => {
  it('is stamped by a CA with `audience`, and checked by a verifier with `audience`', async () => {
    const ca = await createCertificateAuthority({ now: clock, audience: [CP] });
    const agent = await generateKeyPair();
    const { certificate, claims } = await ca.issueCertificate(agent.publicJwk, {
      agentId: 'a',
      runId: 'r',
    });
    expect(claims.aud).toEqual([CP]);
    for (const verify of [verifyCertificate, verifyIssuedCertificate]) {
      expect(await code(verify(certificate, ca.jwks(), { now: clock, audience: CP }))).toBe('ok');
      expect(await code(verify(certificate, ca.jwks(), { now: clock }))).toBe('ok');
      expect(
        await code(verify(certificate, ca.jwks(), { now: clock, audience: 'https://other.test' })),
      ).toBe('certificate_invalid');
    }
    // Per certificate, the CA's default can be replaced.
    const own = await ca.issueCertificate(agent.publicJwk, {
      agentId: 'a',
      runId: 'r',
      audience: ['https://tools.example.test'],
    });
    expect(own.claims.aud).toEqual(['https://tools.example.test']);
  });

  it('is absent by default; a verifier with `audience` then refuses the certificate', async () => {
    const ca = await createCertificateAuthority({ now: clock });
    const agent = await generateKeyPair();
    const { certificate, claims } = await ca.issueCertificate(agent.publicJwk, {
      agentId: 'a',
      runId: 'r',
    });
    expect(claims).not.toHaveProperty('aud');
    expect(
      await code(verifyCertificate(certificate, ca.jwks(), { now: clock, audience: CP })),
    ).toBe('certificate_invalid');
  });

  it('accepts a single string (RFC 7519) and refuses any other shape', async () => {
    const ca = await createCertificateAuthority({ kid: 'ca-aud', now: clock });
    const agent = await generateKeyPair();
    const mint = (aud: unknown) =>
      forge(
        { alg: 'EdDSA', typ: 'agent-cert+jwt', kid: 'ca-aud' },
        {
          iss: 'tollgate',
          sub: 'a',
          run_id: 'r',
          project: 'default',
          scope: [],
          serial: '1',
          nbf: nowSeconds(),
          exp: nowSeconds() + 60,
          cnf: { jwk: agent.publicJwk },
          aud,
        },
        ca.privateJwk,
      );
    const ok = await mint(CP);
    expect(await code(verifyCertificate(ok, ca.jwks(), { now: clock, audience: CP }))).toBe('ok');
    for (const bad of [42, [CP, 1], {}]) {
      const token = await mint(bad);
      expect(await code(verifyIssuedCertificate(token, ca.jwks(), { now: clock }))).toBe(
        'certificate_invalid',
      );
      expect(await code(verifyCertificate(token, ca.jwks(), { now: clock }))).toBe(
        'certificate_invalid',
      );
    }
  });
});
