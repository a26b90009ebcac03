import { describe, expect, it } from 'vitest';
import { MemoryReplayCache } from '../src/index';

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

  it('is bounded in size, dropping the oldest first', () => {
    const cache = new MemoryReplayCache({ maxEntries: 3, now: () => 0 });
    for (const jti of ['a', 'b', 'c', 'd']) expect(cache.checkAndStore(jti, 100)).toBe(true);
    expect(cache.size).toBe(3);
    expect(cache.checkAndStore('d', 100)).toBe(false);
    expect(cache.checkAndStore('a', 100)).toBe(true); // dropped, so no longer remembered
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
