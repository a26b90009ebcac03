import { describe, expect, it } from 'vitest';
import { IdentityError, MemoryReplayCache } from '../src/index';
import { code, setup, T0 } from './helpers';

const full = (f: () => unknown) => {
  try {
    f();
  } catch (error) {
    return error instanceof IdentityError ? error.code : `not an IdentityError: ${error}`;
  }
  return 'stored';
};

describe('MemoryReplayCache', () => {
  it('refuses a jti it holds until that jti expires', () => {
    let now = 1_000_000;
    const cache = new MemoryReplayCache({ now: () => now });
    expect(cache.checkAndStore('a', 1010)).toBe(true);
    expect(cache.checkAndStore('a', 1010)).toBe(false);
    now = 1_010_000;
    expect(cache.checkAndStore('a', 1020)).toBe(false);
    now = 1_011_000;
    expect(cache.checkAndStore('a', 1020)).toBe(true);
  });

  it('judges expiry by the time the verifier passes, when it passes one', () => {
    const cache = new MemoryReplayCache({ now: () => 0 });
    expect(cache.checkAndStore('a', 1010, 1000)).toBe(true);
    expect(cache.checkAndStore('a', 1010, 1010)).toBe(false);
    expect(cache.checkAndStore('a', 1020, 1011)).toBe(true);
  });

  it('when full, fails closed (replay_cache_full) rather than forgetting a live jti', () => {
    let now = 0;
    const cache = new MemoryReplayCache({ maxEntries: 3, now: () => now });
    for (const jti of ['a', 'b', 'c']) expect(cache.checkAndStore(jti, 100)).toBe(true);
    expect(full(() => cache.checkAndStore('d', 100))).toBe('replay_cache_full');
    expect(cache.size).toBe(3);
    // Nothing live was forgotten: every stored proof is still refused, 'd' was never stored.
    for (const jti of ['a', 'b', 'c']) expect(cache.checkAndStore(jti, 100)).toBe(false);
    now = 101_000;
    expect(cache.checkAndStore('d', 200)).toBe(true);
    expect(cache.size).toBe(1);
  });

  it('when full, evicts expired entries wherever they sit, not only the oldest', () => {
    let now = 0;
    const cache = new MemoryReplayCache({ maxEntries: 3, now: () => now });
    expect(cache.checkAndStore('long', 400)).toBe(true); // a 300 s proof, first in line
    expect(cache.checkAndStore('short-1', 100)).toBe(true);
    expect(cache.checkAndStore('short-2', 100)).toBe(true);
    now = 200_000;
    expect(cache.checkAndStore('next', 300)).toBe(true);
    expect(cache.size).toBe(2);
    expect(cache.checkAndStore('long', 400)).toBe(false);
  });

  it('is bounded in time: expired entries are pruned on insert', () => {
    let now = 1_000_000;
    const cache = new MemoryReplayCache({ now: () => now });
    for (let i = 0; i < 1000; i++) cache.checkAndStore(`j${i}`, 1000 + (i % 10));
    expect(cache.size).toBe(1000);
    now = 1_020_000;
    cache.checkAndStore('fresh', 1100);
    expect(cache.size).toBe(1);
  });

  it('refuses a nonsensical size', () => {
    expect(() => new MemoryReplayCache({ maxEntries: 0 })).toThrow(TypeError);
  });
});

describe('a verifier with a full replay cache', () => {
  it('refuses new requests with replay_cache_full and still refuses every replay', async () => {
    let t = T0;
    const replayCache = new MemoryReplayCache({ maxEntries: 2 });
    const s = await setup({ now: () => t, verifier: { replayCache } });
    const first = await s.request();
    expect(await code(s.verifier.verify(first))).toBe('ok');
    expect(await code(s.verifier.verify(await s.request()))).toBe('ok');
    expect(await code(s.verifier.verify(await s.request()))).toBe('replay_cache_full');
    expect(await code(s.verifier.verify(first))).toBe('proof_replayed');
    // The verifier's clock decides expiry: 60 s proofs + 30 s skew later there is room again.
    t += 91_000;
    expect(await code(s.verifier.verify(await s.request()))).toBe('ok');
  });
});
