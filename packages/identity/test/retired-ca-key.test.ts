import { describe, expect, it } from 'vitest';
import {
  createCertificateAuthority,
  createRequestSigner,
  createVerifier,
  generateKeyPair,
  rotatingCaKeys,
} from '../src/index';
import { BODY, code, ORIGIN, PATH, URL_ } from './helpers';

const MINUTE = 60_000;

/** A CA, an agent signing with a ca-1 certificate, and a clock tests move by hand. */
async function rig() {
  let t = Date.parse('2026-11-22T12:00:00Z');
  const now = () => t;
  const ca = await createCertificateAuthority({ kid: 'ca-1', now });
  const agent = await generateKeyPair();
  const { certificate } = await ca.issueCertificate(agent.publicJwk, { agentId: 'a', runId: 'r' });
  const signer = await createRequestSigner(agent.privateJwk, certificate, { now });
  const request = async () => ({
    method: 'POST',
    url: PATH,
    body: BODY,
    headers: await signer.headers({ method: 'POST', url: URL_, body: BODY }),
  });
  /** The leak response: a new signing key, the old one retired from the JWKS. */
  const retireFirstKey = async () => {
    await ca.rotate({ kid: 'ca-2' });
    ca.retire('ca-1');
  };
  const advance = (ms: number) => {
    t += ms;
  };
  return { ca, now, request, retireFirstKey, advance };
}

describe('a retired CA key stops the certificates a verifier cached before the retirement', () => {
  it('with rotatingCaKeys: at the next reload of the key set', async () => {
    const r = await rig();
    const keys = rotatingCaKeys(async () => r.ca.jwks(), { now: r.now, maxAge: 10 * MINUTE });
    const verifier = createVerifier({ ca: keys, origin: ORIGIN, now: r.now });
    expect(await code(verifier.verify(await r.request()))).toBe('ok');
    await r.retireFirstKey();
    r.advance(10 * MINUTE);
    expect(await code(verifier.verify(await r.request()))).toBe('certificate_invalid');
    expect(await code(verifier.verify(await r.request()))).toBe('certificate_invalid');
  });

  it('with rotatingCaKeys: at once when told to reload', async () => {
    const r = await rig();
    const keys = rotatingCaKeys(async () => r.ca.jwks(), { now: r.now });
    const verifier = createVerifier({ ca: keys, origin: ORIGIN, now: r.now });
    expect(await code(verifier.verify(await r.request()))).toBe('ok');
    await r.retireFirstKey();
    await keys.reload();
    expect(await code(verifier.verify(await r.request()))).toBe('certificate_invalid');
  });

  it('with a JWKS object: at once when the key leaves it', async () => {
    const r = await rig();
    const jwks = r.ca.jwks();
    const verifier = createVerifier({ ca: jwks, origin: ORIGIN, now: r.now });
    expect(await code(verifier.verify(await r.request()))).toBe('ok');
    await r.retireFirstKey();
    jwks.keys = r.ca.jwks().keys;
    expect(await code(verifier.verify(await r.request()))).toBe('certificate_invalid');
  });

  it('a key that stays published (rotated out, not retired) keeps its certificates verifying', async () => {
    const r = await rig();
    const keys = rotatingCaKeys(async () => r.ca.jwks(), { now: r.now });
    const verifier = createVerifier({ ca: keys, origin: ORIGIN, now: r.now });
    expect(await code(verifier.verify(await r.request()))).toBe('ok');
    await r.ca.rotate({ kid: 'ca-2' });
    await keys.reload();
    expect(await code(verifier.verify(await r.request()))).toBe('ok');
  });
});
