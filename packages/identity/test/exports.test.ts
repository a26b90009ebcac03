/**
 * The public surface, entry by entry: what the root exports is what the README documents
 * (and what other packages use); helpers only tests need live in `/testing`; the machinery
 * (backend selection, protocol constants, internal checks) is not exported at all.
 */
import { describe, expect, it } from 'vitest';

const ROOT = [
  'IdentityError',
  'MemoryReplayCache',
  'CERTIFICATE_HEADER',
  'PROOF_HEADER',
  'createCertificateAuthority',
  'createProof',
  'createRequestSigner',
  'createSigner',
  'createVerifier',
  'exportRaw',
  'generateKeyPair',
  'importPrivateKey',
  'importPublicKey',
  'newSerial',
  'publicOf',
  'rawToPublicJwk',
  'rotatingCaKeys',
  'verifyCertificate',
  'verifyIssuedCertificate',
  'verifyRequest',
];

describe('entries', () => {
  it('the root exports the documented API and nothing else', async () => {
    const root = await import('../src/index');
    expect(Object.keys(root).sort()).toEqual([...ROOT].sort());
    for (const gone of ['setBackend', 'getBackend', 'checkCaKeys', 'DEFAULT_CLOCK_SKEW'])
      expect(root, gone).not.toHaveProperty(gone);
  });

  it('/testing holds the helpers for tests', async () => {
    const testing = await import('../src/testing');
    expect(Object.keys(testing).sort()).toEqual(['bodyHash', 'normalizeHtu', 'signJws']);
  });

  it('/revocations holds followRevocations, and the root entry stays free of HTTP', async () => {
    const revocations = await import('../src/revocations');
    expect(Object.keys(revocations)).toEqual(['followRevocations']);
    expect(await import('../src/index')).not.toHaveProperty('followRevocations');
  });

  it('package.json exports every entry the build produces', async () => {
    const { readFileSync } = await import('node:fs');
    const manifest = JSON.parse(
      readFileSync(new URL('../package.json', import.meta.url), 'utf8'),
    ) as { exports: Record<string, unknown> };
    expect(Object.keys(manifest.exports)).toEqual([
      '.',
      './tweetnacl',
      './redis',
      './revocations',
      './testing',
      './package.json',
    ]);
  });
});
