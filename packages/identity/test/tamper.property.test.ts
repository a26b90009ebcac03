import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CERTIFICATE_HEADER, createVerifier, PROOF_HEADER } from '../src/index';
import { ORIGIN, setup } from './helpers';

const URL = `${ORIGIN}/v1/service-requests?dry=0`;
const BODY = '{"service":"email","operation":"send","payload":{"to":"a@example.com"}}';

/** Changes one byte of a string to a different printable byte. */
function mutate(text: string, index: number, delta: number): string {
  const i = index % text.length;
  const code = text.charCodeAt(i);
  const next = 33 + ((code - 33 + 1 + (delta % 93)) % 94);
  return (
    text.slice(0, i) + String.fromCharCode(next === code ? next + 1 : next) + text.slice(i + 1)
  );
}

describe('any single-byte change is rejected', () => {
  it('in the certificate, the proof, the method, the URL or the body', async () => {
    const s = await setup();
    const verifier = createVerifier({ ca: s.ca.jwks() });
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom('certificate', 'proof', 'method', 'url', 'body'),
        fc.nat(),
        fc.integer({ min: 1, max: 92 }),
        async (part, index, delta) => {
          const proof = await s.signer.proof({ method: 'POST', url: URL, body: BODY });
          const request = {
            method: 'POST',
            url: URL,
            body: BODY,
            certificate: s.certificate,
            proof,
          };
          const tampered = {
            ...request,
            [part]: mutate(request[part as keyof typeof request], index, delta),
          };
          if (part === 'url') {
            // A change that the URL parser normalises away is not a change to the request.
            try {
              if (new globalThis.URL(tampered.url).href === new globalThis.URL(URL).href) return;
            } catch {
              return; // unparseable: a server would never route it
            }
          }
          const result = await verifier
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
        },
      ),
      { numRuns: Number(process.env.TAMPER_RUNS ?? 200) },
    );
    // Bounded (200 runs) but slow on the pure-JS backend and a busy 2-core machine.
  }, 60_000);
});
