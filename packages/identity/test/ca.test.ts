import { describe, expect, it } from 'vitest';
import { decode } from '../src/base64url';
import {
  type BackendName,
  createCertificateAuthority,
  createRequestSigner,
  createVerifier,
  generateKeyPair,
  verifyCertificate,
} from '../src/index';
import { BODY, code, ORIGIN, PATH, URL_ } from './helpers';

const part = (token: string, i: number) =>
  JSON.parse(new TextDecoder().decode(decode(token.split('.')[i]!)));

describe('certificate authority', () => {
  it('issues certificates with exactly the protocol header and claims', async () => {
    const now = 1_800_000_000_000;
    const ca = await createCertificateAuthority({
      kid: 'ca-9',
      issuer: 'https://cp.example.test',
      lifetimeSeconds: 900,
      now: () => now,
    });
    const agent = await generateKeyPair();
    const { certificate, claims } = await ca.issueCertificate(agent.publicJwk, {
      agentId: 'agent-1',
      runId: 'run-1',
      project: 'p',
      scope: ['llm:call', 'tools:email'],
      serial: 's-1',
    });
    expect(part(certificate, 0)).toEqual({ alg: 'EdDSA', typ: 'agent-cert+jwt', kid: 'ca-9' });
    expect(part(certificate, 1)).toEqual({
      iss: 'https://cp.example.test',
      sub: 'agent-1',
      run_id: 'run-1',
      project: 'p',
      scope: ['llm:call', 'tools:email'],
      serial: 's-1',
      iat: 1_800_000_000,
      nbf: 1_800_000_000,
      exp: 1_800_000_900,
      cnf: { jwk: agent.publicJwk },
    });
    expect(claims).toEqual(part(certificate, 1));
  });

  it('publishes a JWKS without private members, and rotates by kid', async () => {
    const ca = await createCertificateAuthority({ kid: 'old' });
    const agent = await generateKeyPair();
    const { certificate } = await ca.issueCertificate(agent.publicJwk, {
      agentId: 'a',
      runId: 'r',
    });
    await ca.rotate({ kid: 'new' });
    const jwks = ca.jwks();
    expect(jwks.keys.map((k) => k.kid)).toEqual(['new', 'old']);
    for (const key of jwks.keys) {
      expect(Object.keys(key).sort()).toEqual(['alg', 'crv', 'kid', 'kty', 'use', 'x']);
    }
    const fresh = await ca.issueCertificate(agent.publicJwk, { agentId: 'a', runId: 'r' });
    expect(part(fresh.certificate, 0).kid).toBe('new');
    expect(await code(verifyCertificate(certificate, jwks))).toBe('ok');
    expect(await code(verifyCertificate(fresh.certificate, jwks))).toBe('ok');
    await expect(ca.rotate({ kid: 'old' })).rejects.toThrow(/already published/);
    ca.retire('old');
    expect(await code(verifyCertificate(certificate, ca.jwks()))).toBe('certificate_invalid');
  });

  it('keeps a CA key across restarts through its private JWK', async () => {
    const first = await createCertificateAuthority({ kid: 'k' });
    const again = await createCertificateAuthority({ privateJwk: first.privateJwk });
    expect(again.kid).toBe('k');
    expect(again.jwks()).toEqual(first.jwks());
  });

  it('refuses bad claims and to certify its own key', async () => {
    const ca = await createCertificateAuthority();
    const agent = await generateKeyPair();
    const issue = (o: object) => ca.issueCertificate(agent.publicJwk, o as never);
    await expect(issue({ agentId: '', runId: 'r' })).rejects.toThrow(TypeError);
    await expect(issue({ agentId: 'a', runId: 'r', scope: 'a b' })).rejects.toThrow(TypeError);
    await expect(issue({ agentId: 'a', runId: 'r', lifetimeSeconds: 0 })).rejects.toThrow(
      RangeError,
    );
    await expect(ca.issueCertificate(ca.publicJwk, { agentId: 'a', runId: 'r' })).rejects.toThrow(
      /CA key/,
    );
  });
});

describe('outputs are identical across backends', () => {
  const names: BackendName[] = ['node', 'webcrypto', 'tweetnacl'];

  it('the same CA key, agent key and clock give the same certificate on every backend', async () => {
    const caKey = (await generateKeyPair()).privateJwk;
    const agent = await generateKeyPair();
    const certificates = new Set<string>();
    for (const backend of names) {
      const ca = await createCertificateAuthority({
        privateJwk: caKey,
        kid: 'k',
        now: () => 1e12,
        backend,
      });
      const issued = await ca.issueCertificate(agent.publicJwk, {
        agentId: 'a',
        runId: 'r',
        serial: '1',
      });
      certificates.add(issued.certificate);
    }
    expect(certificates.size).toBe(1);
  });

  it('a proof minted on any backend verifies on every backend', async () => {
    const ca = await createCertificateAuthority({ kid: 'k' });
    const agent = await generateKeyPair();
    const { certificate } = await ca.issueCertificate(agent.publicJwk, {
      agentId: 'a',
      runId: 'r',
    });
    for (const minter of names) {
      const signer = await createRequestSigner(agent.privateJwk, certificate, { backend: minter });
      for (const checker of names) {
        const headers = await signer.headers({ method: 'POST', url: URL_, body: BODY });
        const verifier = createVerifier({ ca: ca.jwks(), origin: ORIGIN, backend: checker });
        const request = { method: 'POST', url: PATH, body: BODY, headers };
        expect(await code(verifier.verify(request)), `${minter} → ${checker}`).toBe('ok');
      }
    }
  });
});
