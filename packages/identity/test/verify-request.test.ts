import { describe, expect, it } from 'vitest';
import { encodeJson } from '../src/base64url';
import {
  CERTIFICATE_HEADER,
  createProof,
  createVerifier,
  PROOF_HEADER,
  type ReplayCache,
} from '../src/index';
import { bodyHash } from '../src/testing';
import { BODY, clock, code, forge, nowSeconds, ORIGIN, PATH, setup, T0, URL_ } from './helpers';

describe('verifyRequest accepts', () => {
  it('a correctly signed request, returning the verified agent', async () => {
    const s = await setup();
    const agent = await s.verifier.verify(await s.request());
    expect(agent).toEqual({
      agentId: 'research-v1',
      runId: 'run_1',
      project: 'default',
      scope: ['llm:call'],
      serial: s.claims.serial,
      certificateExpiresAt: s.claims.exp,
      jti: expect.stringMatching(/^[A-Za-z0-9_-]{22}$/),
      certificate: s.claims,
    });
  });

  it('hands out claims no caller can alter for the next request', async () => {
    const s = await setup();
    const first = await s.verifier.verify(await s.request());
    first.scope.push('admin:all');
    expect(() => (first.certificate.scope as string[]).push('admin:all')).toThrow(TypeError);
    const second = await s.verifier.verify(await s.request());
    expect(second.scope).toEqual(['llm:call']);
  });

  it('Fetch Headers, node header records, Uint8Array bodies, absolute-form targets', async () => {
    const s = await setup();
    const fetchHeaders = new Headers((await s.request()).headers as Record<string, string>);
    expect(await code(s.verifier.verify(await s.request({ headers: fetchHeaders })))).toBe('ok');
    const lower = Object.fromEntries(
      Object.entries((await s.request()).headers).map(([k, v]) => [k.toLowerCase(), v]),
    );
    expect(await code(s.verifier.verify(await s.request({ headers: lower })))).toBe('ok');
    const bytes = new TextEncoder().encode(BODY);
    expect(await code(s.verifier.verify(await s.request({ body: bytes })))).toBe('ok');
    expect(await code(s.verifier.verify(await s.request({ url: URL_ })))).toBe('ok');
  });

  it('an empty body as the hash of the empty string', async () => {
    const s = await setup();
    for (const body of [undefined, '', new Uint8Array(0)]) {
      const headers = await s.signer.headers({ method: 'GET', url: `${ORIGIN}/v1/runs` });
      expect(await code(s.verifier.verify({ method: 'GET', url: '/v1/runs', body, headers }))).toBe(
        'ok',
      );
    }
  });

  it('URLs that differ only by normalisation (case, default port, fragment)', async () => {
    const s = await setup();
    const headers = await s.signer.headers({
      method: 'get',
      url: 'HTTPS://CP.Example.TEST:443/v1/runs?a=1#frag',
    });
    expect(await code(s.verifier.verify({ method: 'GET', url: '/v1/runs?a=1', headers }))).toBe(
      'ok',
    );
  });

  it('clocks apart by less than the skew (default 30 s)', async () => {
    const s = await setup({ now: () => T0 + 25_000 });
    const v = createVerifier({ ca: s.ca.jwks(), origin: ORIGIN, now: clock });
    expect(await code(v.verify(await s.request()))).toBe('ok');
  });
});

describe('verifyRequest rejects', () => {
  it('a missing certificate or proof', async () => {
    const s = await setup();
    expect(await code(s.verifier.verify(await s.request({ headers: {} })))).toBe(
      'certificate_missing',
    );
    const onlyCert = { [CERTIFICATE_HEADER]: s.certificate };
    expect(await code(s.verifier.verify(await s.request({ headers: onlyCert })))).toBe(
      'proof_missing',
    );
  });

  it('a replayed proof, on this verifier and on another sharing its cache', async () => {
    const shared = new Set<string>();
    const replayCache: ReplayCache = {
      checkAndStore: async (jti) => !shared.has(jti) && Boolean(shared.add(jti)),
    };
    const s = await setup({ verifier: { replayCache } });
    const other = createVerifier({ ca: s.ca.jwks(), origin: ORIGIN, replayCache, now: clock });
    const request = await s.request();
    expect(await code(s.verifier.verify(request))).toBe('ok');
    expect(await code(s.verifier.verify(request))).toBe('proof_replayed');
    expect(await code(other.verify(request))).toBe('proof_replayed');
  });

  it('a method, URL or body other than the signed one', async () => {
    const s = await setup();
    const cases = [
      { method: 'PUT' },
      { method: 'post' },
      { url: `${PATH}&x=2` },
      { url: '/v1/proxy/openai/v1/chat/completions?trace=2' },
      { url: '/v1/proxy/openai/v1/chat/completions' },
      { body: `${BODY} ` },
      { body: undefined },
      { url: 'not a url' },
    ];
    for (const overrides of cases)
      expect(
        await code(s.verifier.verify(await s.request(overrides))),
        JSON.stringify(overrides),
      ).toBe('binding_mismatch');
  });

  it("a target starting '//': it stays a path, its first segment is never taken as a host", async () => {
    const s = await setup();
    const headers = await s.signer.headers({ method: 'GET', url: `${ORIGIN}/v1/runs` });
    const sneaky = { method: 'GET', url: '//evil.test/v1/runs', headers };
    expect(await code(s.verifier.verify(sneaky))).toBe('binding_mismatch');
    const both = await s.signer.headers({ method: 'GET', url: `${ORIGIN}//evil.test/v1/runs` });
    expect(await code(s.verifier.verify({ ...sneaky, headers: both }))).toBe('ok');
  });

  it('a proof for another origin: the URL comes from the configured origin, not the Host', async () => {
    const s = await setup();
    const evil = createVerifier({
      ca: s.ca.jwks(),
      origin: 'https://evil.example.test',
      now: clock,
    });
    const request = await s.request({ url: `${ORIGIN}${PATH}` });
    expect(await code(evil.verify(request))).toBe('binding_mismatch');
    const port = createVerifier({ ca: s.ca.jwks(), origin: `${ORIGIN}:8443`, now: clock });
    expect(await code(port.verify(await s.request()))).toBe('binding_mismatch');
    const http = createVerifier({ ca: s.ca.jwks(), origin: 'http://cp.example.test', now: clock });
    expect(await code(http.verify(await s.request()))).toBe('binding_mismatch');
    // The proof's own host is ignored too: a Host header has no say.
    const proof = await s.signer.proof({
      method: 'POST',
      url: `https://evil.test${PATH}`,
      body: BODY,
    });
    expect(await code(s.verifier.verify(s.withProof(proof)))).toBe('binding_mismatch');
  });

  it('a revoked certificate, through the callback (sync or async)', async () => {
    const s = await setup();
    const calls: unknown[] = [];
    for (const isRevoked of [(info: object) => calls.push(info) > 0, async () => true]) {
      const v = createVerifier({ ca: s.ca.jwks(), origin: ORIGIN, isRevoked, now: clock });
      expect(await code(v.verify(await s.request()))).toBe('certificate_revoked');
    }
    expect(calls).toEqual([{ serial: s.claims.serial, agentId: 'research-v1', runId: 'run_1' }]);
  });

  it('an expired certificate, and expired or future proofs, beyond the clock skew', async () => {
    let now = T0;
    const s = await setup({ now: () => now, lifetimeSeconds: 120, verifier: { clockSkew: 30 } });
    const request = await s.request();
    now += 95_000; // the proof (60 s) expired more than 30 s ago
    expect(await code(s.verifier.verify(request))).toBe('proof_expired');
    now += 60_000; // the certificate (120 s) too
    expect(await code(s.verifier.verify(await s.request()))).toBe('certificate_expired');
    const fresh = await setup();
    const future = await createProof(
      fresh.agent.privateJwk,
      { method: 'POST', url: URL_, body: BODY },
      { now: () => T0 + 120_000 },
    );
    expect(await code(fresh.verifier.verify(fresh.withProof(future)))).toBe('proof_invalid');
  });

  it('proof lifetimes over 300 s, bad jtis, missing claims', async () => {
    const s = await setup();
    const iat = nowSeconds();
    const h = { alg: 'EdDSA', typ: 'agent-proof+jwt' };
    const good = { iat, exp: iat + 60, htm: 'POST', htu: URL_, bh: bodyHash(BODY) };
    let n = 0;
    const jti = () => `jti-${n++}`.padEnd(22, 'a');
    const send = async (claims: object, header: object = h) =>
      code(s.verifier.verify(s.withProof(await forge(header, claims, s.agent.privateJwk))));
    expect(await send({ ...good, jti: jti() })).toBe('ok');
    const bad = [
      { ...good, jti: jti(), exp: iat + 301 },
      { ...good, jti: jti(), exp: iat },
      { ...good, jti: 'a'.repeat(21) },
      { ...good, jti: `${'a'.repeat(21)}=` },
      { ...good, jti: 'a'.repeat(257) },
      { ...good, jti: 1234567890123456 },
      { ...good, jti: jti(), iat: String(iat) },
      { ...good, jti: jti(), htm: undefined },
    ];
    for (const [i, claims] of bad.entries())
      expect(await send(claims), `case ${i}`).toBe('proof_invalid');
  });

  it('alg none, HS256, RS256 and any alg but EdDSA, a wrong typ, a crit header', async () => {
    const s = await setup();
    const iat = nowSeconds();
    const claims = { iat, exp: iat + 60, htm: 'POST', htu: URL_, bh: bodyHash(BODY) };
    const h = { alg: 'EdDSA', typ: 'agent-proof+jwt' };
    const headers = [
      { ...h, alg: 'none' },
      { ...h, alg: 'HS256' },
      { ...h, alg: 'RS256' },
      { ...h, alg: 'ES256' },
      { typ: h.typ },
      { ...h, typ: 'JWT' },
      { ...h, typ: 'agent-cert+jwt' },
      { ...h, typ: 'dpop+jwt' },
      { ...h, crit: ['bh'] },
    ];
    for (const [i, header] of headers.entries()) {
      const token = await forge(
        header,
        { ...claims, jti: `x${i}`.padEnd(22, 'q') },
        s.agent.privateJwk,
      );
      expect(await code(s.verifier.verify(s.withProof(token))), JSON.stringify(header)).toBe(
        'proof_invalid',
      );
    }
    const unsigned = `${encodeJson({ ...h, alg: 'none' })}.${encodeJson({ ...claims, jti: 'n'.repeat(22) })}.`;
    expect(await code(s.verifier.verify(s.withProof(unsigned)))).toBe('proof_invalid');
  });

  it('key confusion: a proof signed by the CA key, the certificate sent as the proof', async () => {
    const s = await setup();
    const caSigned = await createProof(s.ca.privateJwk, { method: 'POST', url: URL_, body: BODY });
    expect(await code(s.verifier.verify(s.withProof(caSigned)))).toBe('proof_invalid');
    expect(await code(s.verifier.verify(s.withProof(s.certificate)))).toBe('proof_invalid');
    const proof = await s.signer.proof({ method: 'POST', url: URL_, body: BODY });
    const swapped = { [CERTIFICATE_HEADER]: proof, [PROOF_HEADER]: s.certificate };
    expect(await code(s.verifier.verify(await s.request({ headers: swapped })))).toBe(
      'certificate_invalid',
    );
  });

  it('a proof from another agent than the certificate names', async () => {
    const s = await setup();
    const other = await setup();
    const proof = await other.signer.proof({ method: 'POST', url: URL_, body: BODY });
    expect(await code(s.verifier.verify(s.withProof(proof)))).toBe('proof_invalid');
  });

  it('never with a token, key or body in the message', async () => {
    const s = await setup();
    const request = await s.request();
    await s.verifier.verify(request);
    const errors = [
      await s.verifier.verify(request).catch((e) => e),
      await s.verifier.verify(await s.request({ body: 'secret body' })).catch((e) => e),
      await s.verifier
        .verify(s.withProof(await forge({ alg: s.certificate }, {}, s.agent.privateJwk)))
        .catch((e) => e),
    ];
    const proof = (request.headers as Record<string, string>)[PROOF_HEADER]!;
    for (const error of errors) {
      expect(error.name).toBe('IdentityError');
      for (const secret of [s.certificate, proof, BODY, 'secret body', s.agent.privateJwk.d])
        expect(`${error.message} ${error.stack}`).not.toContain(secret);
    }
  });
});
