import { describe, expect, it } from 'vitest';
import { type LevelInput, newBudget, reserve } from '../src/state/budget';
import { periodBounds } from '../src/state/period';
import { State } from '../src/state/store';

// Budgets need no CA: the state is built without one.
const state = () => new State(undefined as never, () => 0);
const TTL = 60_000;
const HOUR = 3_600_000;
const level = (s: State, id: string, input?: LevelInput) => {
  const spend = newBudget(s, id, input);
  return {
    spend,
    target: { type: 'agent' as const, id },
    levels: [{ spend, target: { type: 'agent' as const, id } }],
  };
};

describe('budget reservations', () => {
  it('holds the worst case until settled, charges at most it, and settles once', () => {
    const s = state();
    const { spend: budget, levels } = level(s, 'a', { limit_micros: 100 });
    const first = reserve(s, levels, 60, TTL)!;
    expect(budget.remaining_micros).toBe(40);
    expect(reserve(s, levels, 41, TTL)).toBeUndefined();
    expect(first.settle(25)).toBe(25);
    expect(budget).toMatchObject({ spent_micros: 25, remaining_micros: 75 });
    // A settlement applied twice, or a release after it, changes nothing.
    expect(first.settle(25)).toBeUndefined();
    first.release();
    expect(budget).toMatchObject({ spent_micros: 25, remaining_micros: 75 });
    // A provider reporting more than was reserved is charged the reservation, never more.
    expect(reserve(s, levels, 75, TTL)!.settle(500)).toBe(75);
    expect(budget).toMatchObject({ spent_micros: 100, remaining_micros: 0 });
    expect(reserve(s, levels, 0, TTL)).toBeUndefined();
  });

  it('gives a released reservation back whole, once', () => {
    const s = state();
    const { spend: budget, levels } = level(s, 'b', { limit_micros: 10 });
    const r = reserve(s, levels, 10, TTL)!;
    expect(budget.remaining_micros).toBe(0);
    r.release();
    r.release();
    expect(budget).toMatchObject({ spent_micros: 0, remaining_micros: 10 });
    expect(r.settle(10)).toBeUndefined();
    expect(budget.spent_micros).toBe(0);
  });

  it('never limits an unlimited budget', () => {
    const s = state();
    const { spend: budget, levels } = level(s, 'c');
    const r = reserve(s, levels, 1e12, TTL)!;
    expect(budget.remaining_micros).toBeNull();
    expect(r.settle(5)).toBe(5);
  });
});

const iso = (t: number) => new Date(t).toISOString();
const bounds = (period: 'daily' | 'weekly' | 'monthly', tz: string, at: string) => {
  const b = periodBounds(period, tz, Date.parse(at))!;
  return [iso(b.start), iso(b.end)];
};

describe('budget periods', () => {
  it('starts a day at local midnight, across a clock change (Europe/Paris, 23-hour day)', () => {
    expect(bounds('daily', 'Europe/Paris', '2026-03-29T12:00:00Z')).toEqual([
      '2026-03-28T23:00:00.000Z',
      '2026-03-29T22:00:00.000Z',
    ]);
    expect(bounds('daily', 'America/New_York', '2026-11-01T03:59:59Z')).toEqual([
      '2026-10-31T04:00:00.000Z',
      '2026-11-01T04:00:00.000Z',
    ]);
  });

  it('starts a day where the clock change skips midnight at the first instant after the gap', () => {
    // Chile moves from 00:00 to 01:00 on 2026-09-06: that day starts at 01:00 local (04:00Z).
    expect(bounds('daily', 'America/Santiago', '2026-09-06T12:00:00Z')).toEqual([
      '2026-09-06T04:00:00.000Z',
      '2026-09-07T03:00:00.000Z',
    ]);
  });

  it('runs a month from its first day to the next, a week from Monday', () => {
    expect(bounds('monthly', 'Europe/Paris', '2026-10-31T22:59:59Z')).toEqual([
      '2026-09-30T22:00:00.000Z',
      '2026-10-31T23:00:00.000Z',
    ]);
    expect(bounds('monthly', 'UTC', '2028-02-29T23:59:59Z')).toEqual([
      '2028-02-01T00:00:00.000Z',
      '2028-03-01T00:00:00.000Z',
    ]);
    expect(bounds('weekly', 'Asia/Tokyo', '2026-11-29T14:59:59Z')).toEqual([
      '2026-11-22T15:00:00.000Z',
      '2026-11-29T15:00:00.000Z',
    ]);
  });

  it('resets the spend and alerts at the boundary, keeps holds, and drops expired holds', () => {
    let now = Date.parse('2026-11-30T22:00:00Z'); // 23:00 in Paris, the last day of November
    const s = new State(undefined as never, () => now);
    const input = {
      limit_micros: 100,
      alert_threshold_pct: 50,
      period: 'monthly' as const,
      time_zone: 'Europe/Paris',
    };
    const { spend: budget, levels } = level(s, 'p', input);
    reserve(s, levels, 60, HOUR * 2)!.settle(60);
    const open = reserve(s, levels, 30, HOUR * 2)!;
    expect(budget).toMatchObject({
      spent_micros: 60,
      remaining_micros: 10,
      alerts: [{ threshold_pct: 50 }],
    });
    expect(reserve(s, levels, 20, HOUR * 2)).toBeUndefined();
    now += HOUR; // midnight in Paris: December
    expect(reserve(s, levels, 20, HOUR * 2)).toBeDefined();
    expect(budget).toMatchObject({
      spent_micros: 0,
      remaining_micros: 50,
      alerts: [],
      period_start: '2026-11-30T23:00:00.000Z',
      period_end: '2026-12-31T23:00:00.000Z',
    });
    // A hold past its expiry (its process died) is dropped, and settles nothing.
    now += HOUR * 2;
    expect(reserve(s, levels, 100, HOUR * 2)).toBeDefined();
    expect(open.settle(30)).toBeUndefined();
  });
});
