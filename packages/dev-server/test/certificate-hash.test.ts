/**
 * The proof's certificate hash (`cth`) at the dev server: checked whenever present (a proof
 * cannot be paired with another live certificate of the same key); a proof without one (an SDK
 * before 1.220) is accepted unless the server runs with `requireCertificateHash`.
 */
import { CERTIFICATE_HEADER, createProof, PROOF_HEADER } from '@tollgate/identity';
import { afterAll, describe, expect, it } from 'vitest';
import { harness, manualClock } from './helpers';

const clock = manualClock();
const h = await harness({ clock });
const strict = await harness({ clock, requireCertificateHash: true });
afterAll(async () => {
  expect([...h.logged, ...strict.logged]).toEqual([]);
  await Promise.all([h.server.close(), strict.server.close()]);
});

/** A GET of the service catalog with this certificate and a proof minted by createProof. */
async function listServices(
  server: typeof h,
  keys: Awaited<ReturnType<typeof h.agent>>['keys'],
  certificate: string,
  proofCertificate: string | undefined,
) {
  const url = `${server.server.url}/v1/services`;
  const proof = await createProof(
    keys.privateJwk,
    { method: 'GET', url },
    { now: clock, certificate: proofCertificate },
  );
  const r = await fetch(url, {
    headers: { [CERTIFICATE_HEADER]: certificate, [PROOF_HEADER]: proof },
  });
  return r.status === 200 ? 'ok' : ((await r.json()) as { code: string }).code;
}

describe('the proof’s certificate hash (cth)', () => {
  it('refuses a proof bound to another live certificate of the same key (401 binding_mismatch)', async () => {
    const a = await h.agent('cth-pair');
    // A second live certificate for the same key: a second run.
    const second = await h.expectOk('registerAgentRun', {
      path: { agent_id: 'cth-pair' },
      body: { public_key: a.keys.publicJwk },
    });
    const first = a.registration.certificate;
    const other = second.body.certificate;
    expect(await listServices(h, a.keys, other, other)).toBe('ok');
    expect(await listServices(h, a.keys, first, other)).toBe('binding_mismatch');
    expect(await listServices(h, a.keys, first, first)).toBe('ok');
  });

  it('accepts a proof without it by default (a 1.219 SDK), refuses it when the server requires it', async () => {
    const a = await h.agent('cth-old');
    expect(await listServices(h, a.keys, a.registration.certificate, undefined)).toBe('ok');
    const b = await strict.agent('cth-strict');
    expect(await listServices(strict, b.keys, b.registration.certificate, undefined)).toBe(
      'proof_invalid',
    );
    expect(
      await listServices(strict, b.keys, b.registration.certificate, b.registration.certificate),
    ).toBe('ok');
    // The SDK's signer always sends it.
    await strict.expectOk('listServices', { agent: b.signer, token: null });
  });
});
