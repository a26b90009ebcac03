/**
 * Budgets in micro-dollars, in this process's memory: limits, spend per period, holds, and
 * alert-threshold crossings. A call draws on one or more levels (the agent's own budget and,
 * when the agent is in a budget group, the group's); each is checked, held and charged in the
 * same synchronous step, so no number of concurrent calls can overrun any of them.
 *
 * A call whose cost is known only afterwards (an LLM call) first holds its worst case; the hold
 * counts against every level until it is settled from the real usage (the rest released) or
 * released whole, or until it expires (a process that died mid-call never settles: its hold is
 * dropped once past its expiry). Spend belongs to a period (none, daily, weekly, monthly in the
 * budget's time zone) and starts again at zero at the next one; a call is charged to the
 * period it settles in.
 */
import type { components } from '@tollgate/api';
import { type Period, periodBounds } from './period';
import { type State, SYSTEM } from './store';

type S = components['schemas'];
type Budget = S['Budget'];
type Alert = S['BudgetAlert'];

/** What a budget level shows on the wire: an agent's `Budget`, or a `BudgetGroup`. */
export type Spend = Pick<
  Budget,
  | 'limit_micros'
  | 'alert_threshold_pct'
  | 'spent_micros'
  | 'remaining_micros'
  | 'alerts'
  | 'updated_at'
  | 'period'
  | 'time_zone'
  | 'period_start'
  | 'period_end'
>;

/** A budget a call draws on, and whom its audit entries name. */
export interface Level {
  spend: Spend;
  target: { type: 'agent' | 'budget_group'; id: string };
}

export interface LevelInput {
  limit_micros?: number | null;
  alert_threshold_pct?: number | null;
  period?: Period;
  time_zone?: string;
}

interface Book {
  holds: Map<number, { amount: number; expiresAt: number }>;
  /** Start of the period the spend belongs to; undefined when the period is none. */
  periodStart: number | undefined;
}
const books = new WeakMap<State, Map<string, Book>>();
let nextHold = 0;

const keyOf = (level: Level) => `${level.target.type}:${level.target.id}`;
function bookOf(state: State, level: Level): Book {
  const map = books.get(state) ?? new Map<string, Book>();
  books.set(state, map);
  let book = map.get(keyOf(level));
  if (!book) {
    const bounds = boundsOf(level.spend, state.now());
    book = { holds: new Map(), periodStart: bounds?.start };
    map.set(keyOf(level), book);
  }
  return book;
}

export const boundsOf = (spend: Spend, now: number) =>
  periodBounds(spend.period ?? 'none', spend.time_zone ?? 'UTC', now);

const heldOf = (book: Book) => {
  let sum = 0;
  for (const h of book.holds.values()) sum += h.amount;
  return sum;
};

/** Writes the period's bounds and what remains into the wire view. */
function show(state: State, level: Level, book: Book) {
  const s = level.spend;
  const bounds = boundsOf(s, state.now());
  s.period_start = bounds ? new Date(bounds.start).toISOString() : null;
  s.period_end = bounds ? new Date(bounds.end).toISOString() : null;
  s.remaining_micros =
    s.limit_micros === null ? null : Math.max(0, s.limit_micros - s.spent_micros - heldOf(book));
}

/**
 * Brings a level up to now: a new period starts its spend (and alerts) at zero; expired holds
 * are dropped. Every operation starts here, so no timer is needed for either.
 */
export function prepare(state: State, level: Level): Book {
  const book = bookOf(state, level);
  const now = state.now();
  const bounds = boundsOf(level.spend, now);
  if (bounds && book.periodStart !== undefined && bounds.start > book.periodStart) {
    level.spend.spent_micros = 0;
    level.spend.alerts = [];
  }
  book.periodStart = bounds?.start;
  for (const [id, h] of book.holds) if (h.expiresAt <= now) book.holds.delete(id);
  show(state, level, book);
  return book;
}

export function newBudget(state: State, agentId: string, input?: LevelInput): Budget {
  const limit = input?.limit_micros ?? null;
  return {
    agent_id: agentId,
    limit_micros: limit,
    alert_threshold_pct: input?.alert_threshold_pct ?? null,
    spent_micros: 0,
    remaining_micros: limit,
    currency: 'USD',
    alerts: [],
    updated_at: state.nowIso(),
    period: input?.period ?? 'none',
    time_zone: input?.time_zone ?? 'UTC',
    period_start: null,
    period_end: null,
  };
}

/** Applies what the input gives (limit, threshold, period, zone); spend and holds stay. */
export function setLevel(state: State, level: Level, input: LevelInput) {
  const book = prepare(state, level);
  const s = level.spend;
  if (input.limit_micros !== undefined) s.limit_micros = input.limit_micros;
  if (input.alert_threshold_pct !== undefined) s.alert_threshold_pct = input.alert_threshold_pct;
  if (input.period !== undefined) s.period = input.period;
  if (input.time_zone !== undefined) s.time_zone = input.time_zone;
  // The spend so far belongs to the period the new setting puts now in.
  book.periodStart = boundsOf(s, state.now())?.start;
  s.updated_at = state.nowIso();
  show(state, level, book);
}

function fitsOne(spend: Spend, book: Book, cost: number) {
  if (spend.limit_micros === null) return true;
  const used = spend.spent_micros + heldOf(book);
  // An exhausted budget fits nothing, not even a free call.
  return used < spend.limit_micros && used + cost <= spend.limit_micros;
}

/** Whether `cost` more fits every level beside what is spent and held. */
export function fits(state: State, levels: readonly Level[], cost: number): boolean {
  return levels.every((level) => fitsOne(level.spend, prepare(state, level), cost));
}

/** An amount held against budgets until the call it covers settles, gives up or expires. */
export interface Reservation {
  readonly amount: number;
  /**
   * Charges `cost` (never more than the amount held) to every level and releases the rest;
   * returns what was charged. Only the first settle or release counts (an expired hold counts
   * as released): later calls change nothing and return `undefined`.
   */
  settle(cost: number, runId?: string): number | undefined;
  /** Gives the whole amount back, charging nothing (unless already settled). */
  release(): void;
}

/**
 * Holds `amount` on every level if it fits every level, in one synchronous step; the hold
 * expires `ttlMs` from now. `undefined` when it does not fit.
 */
export function reserve(
  state: State,
  levels: readonly Level[],
  amount: number,
  ttlMs: number,
): Reservation | undefined {
  if (!fits(state, levels, amount)) return undefined;
  const id = ++nextHold;
  const expiresAt = state.now() + ttlMs;
  for (const level of levels) {
    const book = bookOf(state, level);
    book.holds.set(id, { amount, expiresAt });
    show(state, level, book);
  }
  const close = () => {
    const open = levels.map((level) => prepare(state, level).holds.delete(id));
    for (const level of levels) show(state, level, bookOf(state, level));
    return open[0] === true;
  };
  return {
    amount,
    settle(cost, runId) {
      if (!close()) return undefined;
      const charged = Math.min(cost, amount);
      for (const level of levels) charge(state, level, charged, runId);
      return charged;
    },
    release: () => void close(),
  };
}

/** Charges a price known in advance to every level if it fits every level. */
export function chargeIfFits(state: State, levels: readonly Level[], cost: number, runId?: string) {
  if (!fits(state, levels, cost)) return false;
  for (const level of levels) charge(state, level, cost, runId);
  return true;
}

/** Adds spend and records the first crossing of the alert threshold this period. */
function charge(state: State, level: Level, cost: number, runId?: string) {
  const book = prepare(state, level);
  const s = level.spend;
  const before = s.spent_micros;
  s.spent_micros += cost;
  s.updated_at = state.nowIso();
  show(state, level, book);
  const pct = s.alert_threshold_pct;
  if (pct === null || s.limit_micros === null) return;
  if (s.alerts.some((a) => a.threshold_pct === pct)) return;
  const line = (s.limit_micros * pct) / 100;
  if (before >= line || s.spent_micros < line) return;
  const alert = { threshold_pct: pct, crossed_at: state.nowIso(), spent_micros: s.spent_micros };
  s.alerts.push(alert);
  recordAlert(state, level.target, alert, runId);
}

/**
 * Records a crossing of the alert threshold in the audit log and, when the spend belongs to a
 * run of this process, as a `budget.alert` run event.
 */
export function recordAlert(state: State, target: Level['target'], alert: Alert, runId?: string) {
  const data = target.type === 'agent' ? alert : { ...alert, budget_group_id: target.id };
  state.record(SYSTEM, 'budget.alert', 'system', target, data);
  if (runId && state.runs.has(runId)) state.appendEvent(runId, 'budget.alert', data);
}
