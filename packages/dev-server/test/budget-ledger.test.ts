import { describe, expect, it } from 'vitest';
import { newBudget, reserve } from '../src/state/budget';
import { State } from '../src/state/store';

// Budgets need no CA: the state is built without one.
const state = () => new State(undefined as never, () => 0);

describe('budget reservations', () => {
  it('holds the worst case until settled, charges at most it, and settles once', () => {
    const s = state();
    const budget = newBudget(s, 'a', { limit_micros: 100 });
    const first = reserve(s, budget, 60)!;
    expect(budget.remaining_micros).toBe(40);
    expect(reserve(s, budget, 41)).toBeUndefined();
    expect(first.settle(25)).toBe(25);
    expect(budget).toMatchObject({ spent_micros: 25, remaining_micros: 75 });
    // A settlement applied twice, or a release after it, changes nothing.
    expect(first.settle(25)).toBeUndefined();
    first.release();
    expect(budget).toMatchObject({ spent_micros: 25, remaining_micros: 75 });
    // A provider reporting more than was reserved is charged the reservation, never more.
    expect(reserve(s, budget, 75)!.settle(500)).toBe(75);
    expect(budget).toMatchObject({ spent_micros: 100, remaining_micros: 0 });
    expect(reserve(s, budget, 0)).toBeUndefined();
  });

  it('gives a released reservation back whole, once', () => {
    const s = state();
    const budget = newBudget(s, 'b', { limit_micros: 10 });
    const r = reserve(s, budget, 10)!;
    expect(budget.remaining_micros).toBe(0);
    r.release();
    r.release();
    expect(budget).toMatchObject({ spent_micros: 0, remaining_micros: 10 });
    expect(r.settle(10)).toBeUndefined();
    expect(budget.spent_micros).toBe(0);
  });

  it('never limits an unlimited budget', () => {
    const s = state();
    const budget = newBudget(s, 'c');
    const r = reserve(s, budget, 1e12)!;
    expect(budget.remaining_micros).toBeNull();
    expect(r.settle(5)).toBe(5);
  });
});
