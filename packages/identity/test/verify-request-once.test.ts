import { describe, expect, it } from 'vitest';
import { createVerifier, verifyRequest } from '../src/index';
import { clock, code, ORIGIN, setup } from './helpers';

describe('verifyRequest (one call)', () => {
  it('catches a replay even when the options object is rebuilt per call', async () => {
    const s = await setup();
    const request = await s.request();
    const options = () => ({ ca: s.ca.jwks(), origin: ORIGIN, now: clock });
    expect(await code(verifyRequest(request, options()))).toBe('ok');
    expect(await code(verifyRequest(request, options()))).toBe('proof_replayed');
  });

  it('catches a replay when each rebuilt options object brings its own clock function', async () => {
    // Starts at the wall clock: the last call's verifier has none of its own (Date.now).
    let t = Date.now();
    const s = await setup({ now: () => t });
    const request = await s.request();
    const options = () => ({ ca: s.ca.jwks(), origin: ORIGIN, now: () => t });
    expect(await code(verifyRequest(request, options()))).toBe('ok');
    t += 1_000;
    expect(await code(verifyRequest(request, options()))).toBe('proof_replayed');
    expect(await code(verifyRequest(request, { ca: s.ca.jwks(), origin: ORIGIN }))).toBe(
      'proof_replayed',
    );
  });

  it('refuses an origin with a path, or no origin at all', () => {
    expect(() => createVerifier({ ca: 'x', origin: 'https://a.test/base' })).toThrow(TypeError);
    expect(() => createVerifier({ ca: 'x', origin: 'a.test' })).toThrow(TypeError);
    expect(() => createVerifier({ ca: 'x' } as never)).toThrow(TypeError);
  });

  it('refuses CA keys that are no Ed25519 keys, at construction', () => {
    for (const ca of ['not-a-key', { kty: 'RSA' }, { keys: 'x' }])
      expect(() => createVerifier({ ca: ca as never, origin: ORIGIN })).toThrow(
        expect.objectContaining({ code: 'invalid_key' }),
      );
  });
});
