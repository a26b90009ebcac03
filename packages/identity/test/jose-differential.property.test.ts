/**
 * The agent side checks the certificate it is issued with its own compact-JWS code
 * (`verifyIssuedCertificate`, no jose, for small bundles); receivers use jose. This holds the
 * two together: over random certificates (headers, claims, validity windows and signing keys
 * varied) and random single-byte changes to a real one, whatever the backend-only path
 * accepts, jose's jwtVerify accepts too, with the same typ, algorithm, key, time and skew.
 */
import fc from 'fast-check';
import { importJWK, jwtVerify } from 'jose';
import { describe, expect, it } from 'vitest';
import { createCertificateAuthority, generateKeyPair, verifyIssuedCertificate } from '../src/index';
import { forge } from './helpers';

const NOW = 1_800_000_000;
const SKEW = 30;
const RUNS = Number(process.env.TAMPER_RUNS ?? 200);

function mutate(text: string, index: number, delta: number): string {
  const i = index % text.length;
  const next = 33 + ((text.charCodeAt(i) - 33 + delta) % 94);
  return text.slice(0, i) + String.fromCharCode(next) + text.slice(i + 1);
}

async function rig() {
  const caKeys = await generateKeyPair();
  const ca = await createCertificateAuthority({
    privateJwk: caKeys.privateJwk,
    kid: 'ca-1',
    issuer: 'tollgate-test',
    now: () => NOW * 1000,
  });
  const agent = await generateKeyPair();
  const issued = await ca.issueCertificate(agent.publicJwk, {
    agentId: 'research-v1',
    runId: 'run_1',
    project: 'default',
    scope: ['llm:call'],
  });
  const joseKey = await importJWK(ca.publicJwk, 'EdDSA');
  const jose = (token: string) =>
    jwtVerify(token, joseKey, {
      algorithms: ['EdDSA'],
      typ: 'agent-cert+jwt',
      clockTolerance: SKEW,
      currentDate: new Date(NOW * 1000),
    }).then(
      () => true,
      () => false,
    );
  const ours = (token: string) =>
    verifyIssuedCertificate(token, ca.jwks(), { clockSkew: SKEW, now: () => NOW * 1000 }).then(
      () => true,
      () => false,
    );
  return { caKeys, ca, agent, issued, jose, ours };
}

describe('verifyIssuedCertificate agrees with jose', () => {
  it('accepts no generated certificate that jose rejects, and accepts the good ones', async () => {
    const r = await rig();
    expect(await r.ours(r.issued.certificate)).toBe(true);
    expect(await r.jose(r.issued.certificate)).toBe(true);
    const claimNames = Object.keys(r.issued.claims);
    let bothAccepted = 0;
    let oursRejected = 0;
    await fc.assert(
      fc.asyncProperty(
        fc.record({
          alg: fc.constantFrom('EdDSA', 'EdDSA', 'EdDSA', 'none', 'HS256', 'ES256'),
          typ: fc.constantFrom('agent-cert+jwt', 'agent-cert+jwt', 'JWT', 'agent-proof+jwt', null),
          kid: fc.constantFrom('ca-1', 'ca-1', 'ca-2', null),
          crit: fc.boolean(),
          drop: fc.option(fc.constantFrom(...claimNames), { freq: 3 }),
          exp: fc.integer({ min: -120, max: 120 }),
          nbf: fc.integer({ min: -120, max: 120 }),
          signer: fc.constantFrom('ca', 'ca', 'ca', 'agent'),
          cnf: fc.constantFrom('agent', 'agent', 'ca', 'garbage'),
        }),
        async (v) => {
          const header: Record<string, unknown> = { alg: v.alg };
          if (v.typ !== null) header.typ = v.typ;
          if (v.kid !== null) header.kid = v.kid;
          if (v.crit) header.crit = ['exp'];
          const claims: Record<string, unknown> = {
            ...r.issued.claims,
            exp: NOW + v.exp,
            nbf: NOW + v.nbf,
            cnf: {
              jwk:
                v.cnf === 'agent'
                  ? r.agent.publicJwk
                  : v.cnf === 'ca'
                    ? r.ca.publicJwk
                    : { kty: 'OKP', crv: 'Ed25519', x: 'AAAA' },
            },
          };
          if (v.drop) delete claims[v.drop];
          const key = v.signer === 'ca' ? r.caKeys.privateJwk : r.agent.privateJwk;
          const token = await forge(header, claims, key);
          if (await r.ours(token)) {
            bothAccepted++;
            expect(await r.jose(token), JSON.stringify(v)).toBe(true);
          } else oursRejected++;
        },
      ),
      { numRuns: RUNS },
    );
    // Not vacuous: both outcomes were exercised.
    expect(bothAccepted).toBeGreaterThan(0);
    expect(oursRejected).toBeGreaterThan(0);
  }, 60_000);

  it('rejects every single-byte change to a real certificate, as jose does', async () => {
    const r = await rig();
    await fc.assert(
      fc.asyncProperty(fc.nat(), fc.integer({ min: 1, max: 93 }), async (index, delta) => {
        const token = mutate(r.issued.certificate, index, delta);
        expect(await r.ours(token), `byte ${index % token.length}`).toBe(false);
      }),
      { numRuns: RUNS },
    );
  }, 60_000);
});
