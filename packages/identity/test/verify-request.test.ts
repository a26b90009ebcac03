import { describe, expect, it } from 'vitest';
import { encode, encodeJson, utf8 } from '../src/base64url';
import {
  CERTIFICATE_HEADER,
  createCertificateAuthority,
  createProof,
  createVerifier,
  generateKeyPair,
  type IncomingRequest,
  MemoryReplayCache,
  PROOF_HEADER,
  verifyCertificate,
} from '../src/index';
import { createSigner } from '../src/jws';
import { ORIGIN, setup } from './helpers';

const URL = `${ORIGIN}/v1/proxy/openai/v1/chat/completions?trace=1`;
const BODY = '{"model":"gpt-4o-mini","messages":[]}';

async function signed(
  s: Awaited<ReturnType<typeof setup>>,
  overrides: Partial<IncomingRequest> = {},
) {
  const headers = await s.signer.headers({ method: 'POST', url: URL, body: BODY });
  return { method: 'POST', url: URL, body: BODY, headers, ...overrides } as IncomingRequest;
}

const code = (p: Promise<unknown>) =>
  p.then(
    () => 'ok',
    (e) => e.code as string,
  );

/** A JWS with any header and claims, signed by any key: for forging bad tokens. */
async function forge(
  header: object,
  claims: object,
  privateJwk: Parameters<typeof createSigner>[0],
) {
  const input = `${encodeJson(header)}.${encodeJson(claims)}`;
  const sig = await (await createSigner(privateJwk)).sign(utf8(input));
  return `${input}.${encode(sig)}`;
}

describe('verifyRequest', () => {
  it('returns the verified agent for a correctly signed request', async () => {
    const s = await setup();
    const verifier = createVerifier({ ca: s.ca.jwks() });
    const agent = await verifier.verify(await signed(s));
    expect(agent).toMatchObject({
      agentId: 'research-v1',
      runId: 'run_1',
      project: 'default',
      scope: ['llm:call'],
    });
    expect(agent.jti.length).toBeGreaterThanOrEqual(22);
  });

  it('accepts a pinned CA key (JWK or base64url x) instead of a JWKS', async () => {
    const s = await setup();
    expect(await code(createVerifier({ ca: s.ca.publicJwk }).verify(await signed(s)))).toBe('ok');
    expect(await code(createVerifier({ ca: s.ca.publicJwk.x }).verify(await signed(s)))).toBe('ok');
  });

  it('rebuilds the URL from the configured origin, ignoring the host the request claims', async () => {
    const s = await setup();
    const verifier = createVerifier({ ca: s.ca.jwks(), origin: ORIGIN });
    const request = await signed(s, { url: '/v1/proxy/openai/v1/chat/completions?trace=1' });
    expect(await code(verifier.verify(request))).toBe('ok');
    const other = createVerifier({ ca: s.ca.jwks(), origin: 'https://evil.example.test' });
    expect(
      await code(
        other.verify(await signed(s, { url: '/v1/proxy/openai/v1/chat/completions?trace=1' })),
      ),
    ).toBe('binding_mismatch');
  });

  it('normalises scheme/host case and default ports, and drops fragments', async () => {
    const s = await setup();
    const headers = await s.signer.headers({
      method: 'get',
      url: 'HTTPS://CP.Example.TEST:443/v1/runs?a=1#frag',
    });
    const verifier = createVerifier({ ca: s.ca.jwks() });
    expect(
      await code(
        verifier.verify({ method: 'GET', url: 'https://cp.example.test/v1/runs?a=1', headers }),
      ),
    ).toBe('ok');
  });

  it('rejects a replayed proof, missing headers, method/URL/body mismatches', async () => {
    const s = await setup();
    const verifier = createVerifier({ ca: s.ca.jwks() });
    const request = await signed(s);
    await verifier.verify(request);
    expect(await code(verifier.verify(request))).toBe('proof_replayed');
    expect(await code(verifier.verify({ ...(await signed(s)), method: 'PUT' }))).toBe(
      'binding_mismatch',
    );
    expect(await code(verifier.verify({ ...(await signed(s)), url: `${URL}&x=2` }))).toBe(
      'binding_mismatch',
    );
    expect(
      await code(
        verifier.verify({
          ...(await signed(s)),
          url: `${ORIGIN}:8443/v1/proxy/openai/v1/chat/completions?trace=1`,
        }),
      ),
    ).toBe('binding_mismatch');
    expect(await code(verifier.verify({ ...(await signed(s)), body: `${BODY} ` }))).toBe(
      'binding_mismatch',
    );
    expect(await code(verifier.verify({ ...(await signed(s)), headers: {} }))).toBe(
      'certificate_missing',
    );
    const onlyCert = { [CERTIFICATE_HEADER]: s.certificate };
    expect(await code(verifier.verify({ ...(await signed(s)), headers: onlyCert }))).toBe(
      'proof_missing',
    );
  });

  it('binds an empty body to the hash of the empty string', async () => {
    const s = await setup();
    const headers = await s.signer.headers({ method: 'GET', url: URL });
    const verifier = createVerifier({ ca: s.ca.jwks() });
    expect(await code(verifier.verify({ method: 'GET', url: URL, body: '', headers }))).toBe('ok');
  });

  it('rejects revoked certificates through the callback', async () => {
    const s = await setup();
    const revoked = new Set([s.claims.serial]);
    const verifier = createVerifier({
      ca: s.ca.jwks(),
      isRevoked: ({ serial }) => revoked.has(serial),
    });
    expect(await code(verifier.verify(await signed(s)))).toBe('certificate_revoked');
  });

  it('rejects expired certificates and expired or future proofs, within the clock skew', async () => {
    let now = Date.now();
    const s = await setup({ now: () => now, lifetimeSeconds: 120 });
    const verifier = createVerifier({ ca: s.ca.jwks(), now: () => now, clockSkew: 30 });
    const request = await signed(s);
    now += 95_000; // proof (60 s) expired beyond the 30 s skew
    expect(await code(verifier.verify(request))).toBe('proof_expired');
    now += 60_000; // certificate (120 s) expired beyond the skew
    expect(await code(verifier.verify(await signed(s)))).toBe('certificate_expired');
    const fresh = await setup();
    const future = await createProof(
      fresh.agent.privateJwk,
      { method: 'POST', url: URL, body: BODY },
      { now: () => Date.now() + 120_000 },
    );
    const v2 = createVerifier({ ca: fresh.ca.jwks() });
    const headers = { [CERTIFICATE_HEADER]: fresh.certificate, [PROOF_HEADER]: future };
    expect(await code(v2.verify({ method: 'POST', url: URL, body: BODY, headers }))).toBe(
      'proof_invalid',
    );
  });

  it('rejects proofs whose lifetime is over 300 s, short jtis, wrong typ and other algs', async () => {
    const s = await setup();
    const verifier = createVerifier({ ca: s.ca.jwks() });
    const iat = Math.floor(Date.now() / 1000);
    const base = { jti: 'x'.repeat(22), iat, exp: iat + 60, htm: 'POST', htu: URL, bh: '' };
    const bh = (await import('../src/body-hash')).bodyHash(BODY);
    const good = { ...base, bh: await bh };
    const send = (proof: string) =>
      code(
        verifier.verify({
          method: 'POST',
          url: URL,
          body: BODY,
          headers: { [CERTIFICATE_HEADER]: s.certificate, [PROOF_HEADER]: proof },
        }),
      );
    const h = { alg: 'EdDSA', typ: 'agent-proof+jwt' };
    expect(await send(await forge(h, good, s.agent.privateJwk))).toBe('ok');
    expect(
      await send(
        await forge(h, { ...good, jti: 'y'.repeat(22), exp: iat + 301 }, s.agent.privateJwk),
      ),
    ).toBe('proof_invalid');
    expect(await send(await forge(h, { ...good, jti: 'short' }, s.agent.privateJwk))).toBe(
      'proof_invalid',
    );
    expect(
      await send(
        await forge({ ...h, typ: 'JWT' }, { ...good, jti: 'z'.repeat(22) }, s.agent.privateJwk),
      ),
    ).toBe('proof_invalid');
    for (const alg of ['none', 'HS256', 'RS256', 'ES256']) {
      expect(
        await send(
          await forge(
            { ...h, alg },
            { ...good, jti: `${alg}`.padEnd(22, 'q') },
            s.agent.privateJwk,
          ),
        ),
        alg,
      ).toBe('proof_invalid');
    }
    const unsigned = `${encodeJson({ alg: 'none', typ: 'agent-proof+jwt' })}.${encodeJson({ ...good, jti: 'n'.repeat(22) })}.`;
    expect(await send(unsigned)).toBe('proof_invalid');
  });

  it('refuses key confusion: a proof signed by the CA key, a certificate signed by the agent key', async () => {
    const s = await setup();
    const verifier = createVerifier({ ca: s.ca.jwks() });
    const caSigned = await createProof(s.ca.privateJwk, { method: 'POST', url: URL, body: BODY });
    expect(
      await code(
        verifier.verify({
          method: 'POST',
          url: URL,
          body: BODY,
          headers: { [CERTIFICATE_HEADER]: s.certificate, [PROOF_HEADER]: caSigned },
        }),
      ),
    ).toBe('proof_invalid');
    const selfSigned = await forge(
      { alg: 'EdDSA', typ: 'agent-cert+jwt', kid: 'ca-1' },
      s.claims,
      s.agent.privateJwk,
    );
    expect(await code(verifyCertificate(selfSigned, s.ca.jwks()))).toBe('certificate_invalid');
  });

  it('rejects certificates with another alg, typ, unknown kid, or an HS256 forgery with the public key', async () => {
    const s = await setup();
    const jwks = s.ca.jwks();
    expect(
      await code(
        verifyCertificate(
          await forge({ alg: 'EdDSA', typ: 'JWT', kid: 'ca-1' }, s.claims, s.ca.privateJwk),
          jwks,
        ),
      ),
    ).toBe('certificate_invalid');
    expect(
      await code(
        verifyCertificate(
          await forge(
            { alg: 'EdDSA', typ: 'agent-cert+jwt', kid: 'nope' },
            s.claims,
            s.ca.privateJwk,
          ),
          jwks,
        ),
      ),
    ).toBe('certificate_invalid');
    const { createHmac } = await import('node:crypto');
    const input = `${encodeJson({ alg: 'HS256', typ: 'agent-cert+jwt', kid: 'ca-1' })}.${encodeJson(s.claims)}`;
    const mac = createHmac('sha256', s.ca.publicJwk.x).update(input).digest('base64url');
    expect(await code(verifyCertificate(`${input}.${mac}`, jwks))).toBe('certificate_invalid');
    expect(await code(verifyCertificate('not.a.jwt', jwks))).toBe('certificate_invalid');
  });

  it('keeps verifying certificates of a rotated-out CA key until it is retired', async () => {
    const ca = await createCertificateAuthority({ kid: 'old' });
    const agent = await generateKeyPair();
    const { certificate } = await ca.issueCertificate(agent.publicJwk, {
      agentId: 'a',
      runId: 'r',
    });
    await ca.rotate({ kid: 'new' });
    expect(ca.jwks().keys.map((k) => k.kid)).toEqual(['new', 'old']);
    expect(await code(verifyCertificate(certificate, ca.jwks()))).toBe('ok');
    ca.retire('old');
    expect(await code(verifyCertificate(certificate, ca.jwks()))).toBe('certificate_invalid');
  });

  it('never puts a token, key or body into an error message', async () => {
    const s = await setup();
    const verifier = createVerifier({ ca: s.ca.jwks() });
    const request = await signed(s);
    await verifier.verify(request);
    const error = await verifier.verify(request).catch((e) => e);
    const proof = (request.headers as Record<string, string>)[PROOF_HEADER]!;
    for (const secret of [s.certificate, proof, BODY, s.agent.privateJwk.d])
      expect(String(error.message)).not.toContain(secret);
  });
});

describe('MemoryReplayCache', () => {
  it('is bounded in size and forgets expired entries', () => {
    let now = 1_000_000;
    const cache = new MemoryReplayCache({ maxEntries: 3, now: () => now });
    expect(cache.checkAndStore('a', 1010)).toBe(true);
    expect(cache.checkAndStore('a', 1010)).toBe(false);
    cache.checkAndStore('b', 1010);
    cache.checkAndStore('c', 1010);
    cache.checkAndStore('d', 1010);
    expect(cache.size).toBe(3);
    now = 1_020_000;
    cache.checkAndStore('e', 1030);
    expect(cache.size).toBe(1);
  });
});
