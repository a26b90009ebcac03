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
          // Validity windows around now, so both sides of the skew boundaries come up.
          exp: fc.integer({ min: -120, max: 120 }),
          nbf: fc.integer({ min: -120, max: 120 }),
          // At most one other change, half the time none: valid certificates stay common.
          change: fc.option(
            fc.constantFrom(
              'alg:none',
              'alg:HS256',
              'alg:ES256',
              'typ:JWT',
              'typ:agent-proof+jwt',
              'typ:missing',
              'kid:ca-2',
              'kid:missing',
              'crit',
              'signer:agent',
              'cnf:ca',
              'cnf:garbage',
              ...claimNames.map((name) => `drop:${name}`),
            ),
            { freq: 2 },
          ),
        }),
        async (v) => {
          const [what, value] = (v.change ?? 'none:').split(':') as [string, string];
          const header: Record<string, unknown> = {
            alg: 'EdDSA',
            typ: 'agent-cert+jwt',
            kid: 'ca-1',
          };
          if (what === 'alg') header.alg = value;
          if (what === 'typ' || what === 'kid') {
            if (value === 'missing') delete header[what];
            else header[what] = value;
          }
          if (what === 'crit') header.crit = ['exp'];
          const cnf =
            what !== 'cnf'
              ? r.agent.publicJwk
              : value === 'ca'
                ? r.ca.publicJwk
                : { kty: 'OKP', crv: 'Ed25519', x: 'AAAA' };
          const claims: Record<string, unknown> = {
            ...r.issued.claims,
            exp: NOW + v.exp,
            nbf: NOW + v.nbf,
            cnf: { jwk: cnf },
          };
          if (what === 'drop') delete claims[value];
          const key = what === 'signer' ? r.agent.privateJwk : r.caKeys.privateJwk;
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
  }, 240_000);

  it('rejects every single-byte change to a real certificate', async () => {
    const r = await rig();
    await fc.assert(
      fc.asyncProperty(fc.nat(), fc.integer({ min: 1, max: 93 }), async (index, delta) => {
        const token = mutate(r.issued.certificate, index, delta);
        expect(await r.ours(token), `byte ${index % token.length}`).toBe(false);
      }),
      { numRuns: RUNS },
    );
  }, 240_000);
});
