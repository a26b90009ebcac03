import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CERTIFICATE_HEADER, PROOF_HEADER } from '../src/index';
import { rebuildUrl } from '../src/url';
import { ORIGIN, setup } from './helpers';

const TARGET = '/v1/service-requests?dry=0';
const BODY = '{"service":"email","operation":"send","payload":{"to":"a@example.com"}}';

/** Changes the byte at `index` (mod length) to another printable ASCII byte. */
function mutate(text: string, index: number, delta: number): string {
  const i = index % text.length;
  const code = text.charCodeAt(i);
  const next = 33 + ((code - 33 + delta) % 94);
  return text.slice(0, i) + String.fromCharCode(next) + text.slice(i + 1);
}

/** The URL the verifier rebuilds, or undefined when the target is no URL at all. */
const rebuilt = (target: string) => {
  try {
    return rebuildUrl(ORIGIN, target);
  } catch {
    return undefined;
  }
};

describe('any single-byte change is rejected', () => {
  it('in the certificate, the proof, the method, the URL or the body', async () => {
    const s = await setup();
    // One proof for every run: a tampered request never reaches the replay cache, and
    // were one accepted, the property fails right there.
    const proof = await s.signer.proof({ method: 'POST', url: ORIGIN + TARGET, body: BODY });
    let checked = 0;
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom('certificate', 'proof', 'method', 'url', 'body'),
        fc.nat(),
        fc.integer({ min: 1, max: 93 }),
        async (part, index, delta) => {
          const sent = {
            method: 'POST',
            url: TARGET,
            body: BODY,
            certificate: s.certificate,
            proof,
          };
          const key = part as keyof typeof sent;
          const tampered = { ...sent, [key]: mutate(sent[key], index, delta) };
          // WHATWG parsing maps a few distinct targets onto one URL ('\' is '/' in a path):
          // the server routes those identically, so they are not a change to the request.
          if (part === 'url' && rebuilt(tampered.url) === rebuilt(TARGET)) return;
          checked++;
          const result = await s.verifier
            .verify({
              method: tampered.method,
              url: tampered.url,
              body: tampered.body,
              headers: {
                [CERTIFICATE_HEADER]: tampered.certificate,
                [PROOF_HEADER]: tampered.proof,
              },
            })
            .then(
              () => 'accepted',
              (e) => e.code,
            );
          expect(result, `${part} byte ${index}`).not.toBe('accepted');
          expect(result, `${part} byte ${index}`).toEqual(expect.any(String));
        },
      ),
      { numRuns: Number(process.env.TAMPER_RUNS ?? 200) },
    );
    expect(checked).toBeGreaterThan(150);
    // And the untampered request is accepted: the property is not vacuous.
    const headers = { [CERTIFICATE_HEADER]: s.certificate, [PROOF_HEADER]: proof };
    const agent = await s.verifier.verify({ method: 'POST', url: TARGET, body: BODY, headers });
    expect(agent.agentId).toBe('research-v1');
    // Bounded (200 runs), but slow on the pure-JS backend on a busy 2-core machine.
  }, 60_000);
});
