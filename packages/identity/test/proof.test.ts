import { createHash, randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { decode } from '../src/base64url';
import {
  CERTIFICATE_HEADER,
  createProof,
  createRequestSigner,
  generateKeyPair,
  PROOF_HEADER,
} from '../src/index';
import { newJti } from '../src/jti';
import { type BodyBytes, bodyHash, normalizeHtu } from '../src/testing';

const part = (token: string, i: number) =>
  JSON.parse(new TextDecoder().decode(decode(token.split('.')[i]!)));
const sha = (data: string | Uint8Array) => createHash('sha256').update(data).digest('base64url');

describe('proofs', () => {
  it('carry exactly the protocol header and claims', async () => {
    const agent = await generateKeyPair();
    const proof = await createProof(
      agent.privateJwk,
      {
        method: 'patch',
        url: 'HTTPS://Api.Example.TEST:443/v1/x/../runs?b=2&a=1#frag',
        body: 'hé',
      },
      { now: () => 1_800_000_000_999, lifetimeSeconds: 120 },
    );
    expect(part(proof, 0)).toEqual({ alg: 'EdDSA', typ: 'agent-proof+jwt' });
    const claims = part(proof, 1);
    expect(claims).toEqual({
      jti: expect.stringMatching(/^[A-Za-z0-9_-]{22}$/),
      iat: 1_800_000_000,
      exp: 1_800_000_120,
      htm: 'PATCH',
      htu: 'https://api.example.test/v1/runs?b=2&a=1',
      bh: sha(Buffer.from('hé', 'utf8')),
    });
    expect(decode(claims.jti)).toHaveLength(16);
  });

  it('give every proof a new jti of 128 random bits', async () => {
    const agent = await generateKeyPair();
    const signer = await createRequestSigner(agent.privateJwk, 'cert');
    const request = { method: 'GET', url: 'https://a.test/' };
    const a = part(await signer.proof(request), 1).jti;
    expect(part(await signer.proof(request), 1).jti).not.toBe(a);
    const jtis = new Set<string>();
    for (let i = 0; i < 2000; i++) jtis.add(newJti()); // across several pool refills
    expect(jtis.size).toBe(2000);
    for (const jti of jtis) expect(decode(jti)).toHaveLength(16);
  });

  it('hash the exact body bytes, and the empty string when there is none', async () => {
    const agent = await generateKeyPair();
    const signer = await createRequestSigner(agent.privateJwk, 'cert');
    const bh = async (body: BodyBytes) =>
      part(await signer.proof({ method: 'POST', url: 'https://a.test/', body }), 1).bh;
    const bytes = Uint8Array.from([0, 255, 1, 254]);
    const large = randomBytes(5000); // many SHA-256 blocks
    const cases: [BodyBytes, string][] = [
      [undefined, sha('')],
      [null, sha('')],
      ['', sha('')],
      [bytes, sha(bytes)],
      [bytes.buffer, sha(bytes)],
      [new DataView(bytes.buffer, 1, 2), sha(bytes.subarray(1, 3))],
      [large, sha(large)],
    ];
    for (const [i, [body, expected]] of cases.entries()) {
      expect(await bh(body), `case ${i}`).toBe(expected);
      expect(bodyHash(body), `/testing, case ${i}`).toBe(expected);
    }
    expect(sha('')).toBe('47DEQpj8HBSa-_TImW-5JCeuQeRkm5NMpJWZG3hSuFU');
    await expect(bh(new ReadableStream() as never)).rejects.toThrow(TypeError);
    expect(() => bodyHash(new ReadableStream() as never)).toThrow(TypeError);
  });

  it('normalise htu: scheme and host lower-case, default port dropped, fragment dropped', () => {
    expect(normalizeHtu('HTTP://X.TEST:80/a?b#c')).toBe('http://x.test/a?b');
    expect(normalizeHtu('https://x.test:8443')).toBe('https://x.test:8443/');
    expect(normalizeHtu(new URL('https://x.test/A/%7e?Q=1'))).toBe('https://x.test/A/%7e?Q=1');
  });

  it('signer gives both headers in one call and swaps certificates', async () => {
    const agent = await generateKeyPair();
    const signer = await createRequestSigner(agent.privateJwk, 'cert-1');
    const headers = await signer.headers({ method: 'GET', url: 'https://a.test/' });
    expect(Object.keys(headers)).toEqual([CERTIFICATE_HEADER, PROOF_HEADER]);
    expect(headers[CERTIFICATE_HEADER]).toBe('cert-1');
    signer.setCertificate('cert-2');
    expect(signer.certificate).toBe('cert-2');
    expect(
      (await signer.headers({ method: 'GET', url: 'https://a.test/' }))[CERTIFICATE_HEADER],
    ).toBe('cert-2');
  });

  it('headersNow: the same headers, synchronously on node:crypto, a promise on WebCrypto', async () => {
    const agent = await generateKeyPair();
    const request = { method: 'POST', url: 'https://a.test/v1/x', body: '{"a":1}' };
    const node = await createRequestSigner(agent.privateJwk, 'cert-1', { backend: 'node' });
    const now = node.headersNow(request);
    expect(now).not.toBeInstanceOf(Promise);
    const sync = now as Record<string, string>;
    expect(Object.keys(sync)).toEqual([CERTIFICATE_HEADER, PROOF_HEADER]);
    expect(part(sync[PROOF_HEADER]!, 1)).toMatchObject({ htm: 'POST', bh: sha('{"a":1}') });
    const web = await createRequestSigner(agent.privateJwk, 'cert-1', { backend: 'webcrypto' });
    const later = web.headersNow(request);
    expect(later).toBeInstanceOf(Promise);
    expect(part((await later)[PROOF_HEADER]!, 1)).toMatchObject({ bh: sha('{"a":1}') });
  });

  it('refuse a lifetime over 300 s', async () => {
    const agent = await generateKeyPair();
    for (const lifetimeSeconds of [0, 301, 1.5]) {
      await expect(createRequestSigner(agent.privateJwk, 'c', { lifetimeSeconds })).rejects.toThrow(
        RangeError,
      );
    }
  });
});
