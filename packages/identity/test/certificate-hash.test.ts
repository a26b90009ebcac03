/**
 * A proof is bound to the certificate it travels with: `cth` is base64url(SHA-256(the
 * certificate JWT's ASCII)), like DPoP's `ath`. Verifiers check it when present, and require it
 * with `requireCertificateHash` (proofs of SDKs before 1.220 carry none).
 */
import { describe, expect, it } from 'vitest';
import { CERTIFICATE_HEADER, createProof, createVerifier, PROOF_HEADER } from '../src/index';
import { bodyHash, normalizeHtu } from '../src/testing';
import { BODY, clock, code, forge, nowSeconds, ORIGIN, PATH, setup, URL_ } from './helpers';

const claimsOf = (jwt: string) =>
  JSON.parse(Buffer.from(jwt.split('.')[1]!, 'base64url').toString()) as Record<string, unknown>;

/** Proof claims for this test's request, without `cth` unless given. */
const claims = (extra: Record<string, unknown> = {}) => ({
  jti: 'abcdefghijklmnopqrstuv',
  iat: nowSeconds(),
  exp: nowSeconds() + 60,
  htm: 'POST',
  htu: normalizeHtu(URL_),
  bh: bodyHash(BODY),
  ...extra,
});
const HEADER = { alg: 'EdDSA', typ: 'agent-proof+jwt' };

describe('the certificate hash (cth)', () => {
  it('is in every proof a signer mints, for its current certificate', async () => {
    const s = await setup();
    const proof = await s.signer.proof({ method: 'POST', url: URL_, body: BODY });
    expect(claimsOf(proof).cth).toBe(bodyHash(s.certificate));
    const next = await s.ca.issueCertificate(s.agent.publicJwk, {
      agentId: 'research-v1',
      runId: 'run_2',
    });
    s.signer.setCertificate(next.certificate);
    const renewed = await s.signer.proof({ method: 'POST', url: URL_, body: BODY });
    expect(claimsOf(renewed).cth).toBe(bodyHash(next.certificate));
    expect(await code(s.verifier.verify(await s.request()))).toBe('ok');
  });

  it('createProof carries it when given the certificate', async () => {
    const s = await setup();
    const request = { method: 'POST', url: URL_, body: BODY };
    const proof = await createProof(s.agent.privateJwk, request, {
      now: clock,
      certificate: s.certificate,
    });
    expect(claimsOf(proof).cth).toBe(bodyHash(s.certificate));
    expect(
      claimsOf(await createProof(s.agent.privateJwk, request, { now: clock })).cth,
    ).toBeUndefined();
  });

  it('refuses a proof paired with another live certificate of the same key (binding_mismatch)', async () => {
    const s = await setup();
    const other = await s.ca.issueCertificate(s.agent.publicJwk, {
      agentId: 'research-v1',
      runId: 'run_other',
      scope: ['admin'],
    });
    const proof = await s.signer.proof({ method: 'POST', url: URL_, body: BODY });
    const swapped = { [CERTIFICATE_HEADER]: other.certificate, [PROOF_HEADER]: proof };
    const verify = s.verifier.verify({ method: 'POST', url: PATH, body: BODY, headers: swapped });
    expect(await code(verify)).toBe('binding_mismatch');
  });

  it('accepts a proof without it by default (an SDK before 1.220), refuses it when required', async () => {
    const s = await setup();
    const bare = await forge(HEADER, claims(), s.agent.privateJwk);
    expect(await code(s.verifier.verify(s.withProof(bare)))).toBe('ok');
    const strict = createVerifier({
      ca: s.ca.jwks(),
      origin: ORIGIN,
      now: clock,
      requireCertificateHash: true,
    });
    const again = await forge(
      HEADER,
      claims({ jti: 'bcdefghijklmnopqrstuvw' }),
      s.agent.privateJwk,
    );
    expect(await code(strict.verify(s.withProof(again)))).toBe('proof_invalid');
    expect(await code(strict.verify(await s.request()))).toBe('ok');
  });

  it('refuses a cth that is no string, or of another certificate, even when not required', async () => {
    const s = await setup();
    const number = await forge(HEADER, claims({ cth: 42 }), s.agent.privateJwk);
    expect(await code(s.verifier.verify(s.withProof(number)))).toBe('proof_invalid');
    const wrong = await forge(
      HEADER,
      claims({ cth: bodyHash('another'), jti: 'cdefghijklmnopqrstuvwx' }),
      s.agent.privateJwk,
    );
    expect(await code(s.verifier.verify(s.withProof(wrong)))).toBe('binding_mismatch');
  });
});
