import { describe, expect, it } from 'vitest';
import {
  backoffDelay,
  pollPolicy,
  RECONNECT_POLICY,
  retryAfterMs,
  retryPolicy,
} from '../src/core/backoff';
import { TimeoutError } from '../src/core/errors';
import { pollUntil } from '../src/core/polling';
import { RetryBudget } from '../src/core/retry-budget';
import { manualTimers } from './manual-timers';

/** A seeded generator (mulberry32): the same draws on every run. */
function seeded(seed: number) {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

describe('backoffDelay: one jittered policy', () => {
  it('retries: full jitter within [0, min(max, initial·2^n))', () => {
    const retry = retryPolicy({ initialDelay: 500 });
    expect(backoffDelay(0, retry, () => 0.999)).toBeLessThan(500);
    expect(backoffDelay(3, retry, () => 0.5)).toBe(2000);
    expect(backoffDelay(10, retryPolicy({ maxDelay: 8000 }), () => 0.999)).toBeLessThan(8000);
    expect(backoffDelay(2, retryPolicy(), () => 0)).toBe(0);
  });

  it('SSE reconnects are jittered: clients dropped together do not come back together', () => {
    const clients = Array.from({ length: 20 }, (_, i) => seeded(i + 1));
    for (const failures of [0, 1, 2, 5]) {
      const waits = clients.map((random) => backoffDelay(failures, RECONNECT_POLICY, random));
      const ceiling = Math.min(5000, 250 * 2 ** failures);
      expect(waits.every((w) => w >= 0 && w < ceiling)).toBe(true);
      // The old fixed Math.min(250·2^n, 5000) gave all 20 the same wait.
      expect(new Set(waits).size).toBeGreaterThan(15);
    }
  });

  it('polling: 1.5× per poll up to the cap, a fifth of it random, never longer than asked', () => {
    const policy = pollPolicy(1000, 10_000);
    expect([0, 1, 2].map((n) => backoffDelay(n, policy, () => 0.999))).toEqual([999, 1499, 2249]);
    expect([0, 1, 2].map((n) => backoffDelay(n, policy, () => 0))).toEqual([800, 1200, 1800]);
    expect(backoffDelay(20, policy, () => 0.999)).toBeLessThan(10_000);
    expect(backoffDelay(20, policy, () => 0)).toBe(8000);
  });
});

describe('pollUntil', () => {
  it('waits jittered, growing intervals on the given clock, and times out by it', async () => {
    const timers = manualTimers();
    let polls = 0;
    const done = await timers.run(
      pollUntil(
        0,
        async () => ++polls,
        (n) => n >= 3,
        { pollInterval: 100 },
        timers,
        () => 0.5,
      ),
    );
    expect(done).toBe(3);
    expect(timers.scheduled).toEqual([90, 135, 202]);
    const slow = manualTimers();
    const never = pollUntil(
      0,
      async () => 0,
      () => false,
      { maxWait: 1000 },
      slow,
      () => 0,
    );
    await expect(slow.run(never)).rejects.toBeInstanceOf(TimeoutError);
    expect(slow.now() - 1_000_000).toBeLessThanOrEqual(1000);
  });
});

describe('retryAfterMs', () => {
  const h = (init: Record<string, string>) => new Headers(init);
  it('reads retry-after-ms, seconds and HTTP dates', () => {
    expect(retryAfterMs(h({ 'retry-after-ms': '250' }))).toBe(250);
    expect(retryAfterMs(h({ 'retry-after': '2' }))).toBe(2000);
    const now = Date.parse('2026-11-22T10:00:00Z');
    expect(retryAfterMs(h({ 'retry-after': 'Sun, 22 Nov 2026 10:00:03 GMT' }), now)).toBe(3000);
  });
  it('ignores junk and negatives', () => {
    expect(retryAfterMs(h({ 'retry-after': 'soon' }))).toBeUndefined();
    expect(retryAfterMs(h({ 'retry-after': '-1' }))).toBeUndefined();
    expect(retryAfterMs(h({}))).toBeUndefined();
  });
});

describe('RetryBudget', () => {
  it('spends a token per retry and earns part of one back per success', () => {
    const budget = new RetryBudget({ capacity: 2, refillPerSuccess: 0.5 });
    expect(budget.tryAcquire()).toBe(true);
    expect(budget.tryAcquire()).toBe(true);
    expect(budget.tryAcquire()).toBe(false);
    budget.recordSuccess();
    expect(budget.tryAcquire()).toBe(false);
    budget.recordSuccess();
    expect(budget.tryAcquire()).toBe(true);
    for (let i = 0; i < 10; i++) budget.recordSuccess();
    expect(budget.available).toBe(2);
  });
});
