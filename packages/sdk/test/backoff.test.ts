import { describe, expect, it } from 'vitest';
import { fullJitter, retryAfterMs } from '../src/core/backoff';
import { RetryBudget } from '../src/core/retry-budget';

describe('fullJitter', () => {
  it('stays within [0, min(max, initial·2^n))', () => {
    expect(fullJitter(0, { initialDelay: 500 }, () => 0.999)).toBeLessThan(500);
    expect(fullJitter(3, { initialDelay: 500 }, () => 0.5)).toBe(2000);
    expect(fullJitter(10, { initialDelay: 500, maxDelay: 8000 }, () => 0.999)).toBeLessThan(8000);
    expect(fullJitter(2, {}, () => 0)).toBe(0);
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
