/**
 * Budgets in micro-dollars: limits, spend, reservations, and alert-threshold crossings.
 *
 * A call whose cost is known only afterwards (an LLM call) first reserves its worst case;
 * the reservation counts against the budget until it is settled from the real usage (the
 * rest released) or released whole. Spend plus reservations never exceed the limit, so no
 * number of concurrent calls can overrun it.
 */
import type { components } from '@tollgate/api';
import { type State, SYSTEM } from './store';

type Budget = components['schemas']['Budget'];
type BudgetInput = components['schemas']['BudgetInput'];

/** Micro-dollars held by open reservations, by agent id. */
const held = new WeakMap<State, Map<string, number>>();
const reservedOf = (state: State, agentId: string) => held.get(state)?.get(agentId) ?? 0;

function hold(state: State, budget: Budget, delta: number) {
  const map = held.get(state) ?? new Map<string, number>();
  held.set(state, map);
  const next = (map.get(budget.agent_id) ?? 0) + delta;
  if (next === 0) map.delete(budget.agent_id);
  else map.set(budget.agent_id, next);
  budget.remaining_micros = remaining(state, budget);
}

const remaining = (state: State, b: Budget) =>
  b.limit_micros === null
    ? null
    : Math.max(0, b.limit_micros - b.spent_micros - reservedOf(state, b.agent_id));

export function newBudget(state: State, agentId: string, input?: BudgetInput): Budget {
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
  };
}

export function setBudget(state: State, budget: Budget, input: BudgetInput) {
  budget.limit_micros = input.limit_micros;
  if (input.alert_threshold_pct !== undefined)
    budget.alert_threshold_pct = input.alert_threshold_pct;
  budget.remaining_micros = remaining(state, budget);
  budget.updated_at = state.nowIso();
}

/**
 * Whether `cost` more fits the budget beside what is spent and reserved. An exhausted budget
 * fits nothing, not even a free call.
 */
export function fits(state: State, budget: Budget, cost: number): boolean {
  if (budget.limit_micros === null) return true;
  const used = budget.spent_micros + reservedOf(state, budget.agent_id);
  return used < budget.limit_micros && used + cost <= budget.limit_micros;
}

/** An amount held against a budget until the call it covers settles or gives up. */
export interface Reservation {
  readonly amount: number;
  /**
   * Charges `cost` (never more than the amount reserved) and releases the rest; returns what
   * was charged. Only the first settle or release counts: later calls change nothing and
   * return `undefined`.
   */
  settle(cost: number, runId?: string): number | undefined;
  /** Gives the whole amount back, charging nothing (unless already settled). */
  release(): void;
}

/**
 * Holds `amount` against the budget if it fits, atomically (the check and the hold happen in
 * one synchronous step); `undefined` when it does not fit.
 */
export function reserve(state: State, budget: Budget, amount: number): Reservation | undefined {
  if (!fits(state, budget, amount)) return undefined;
  hold(state, budget, amount);
  let open = true;
  const close = () => {
    if (!open) return false;
    open = false;
    hold(state, budget, -amount);
    return true;
  };
  return {
    amount,
    settle(cost, runId) {
      if (!close()) return undefined;
      const charged = Math.min(cost, amount);
      charge(state, budget, charged, runId);
      return charged;
    },
    release: () => void close(),
  };
}

/**
 * Adds spend (a price known in advance that `fits`, or a settled reservation) and records the
 * first crossing of the alert threshold (see `recordAlert`).
 */
export function charge(state: State, budget: Budget, cost: number, runId?: string) {
  const before = budget.spent_micros;
  budget.spent_micros += cost;
  budget.remaining_micros = remaining(state, budget);
  budget.updated_at = state.nowIso();
  const pct = budget.alert_threshold_pct;
  if (pct === null || budget.limit_micros === null) return;
  if (budget.alerts.some((a) => a.threshold_pct === pct)) return;
  const line = (budget.limit_micros * pct) / 100;
  if (before >= line || budget.spent_micros < line) return;
  const alert = {
    threshold_pct: pct,
    crossed_at: state.nowIso(),
    spent_micros: budget.spent_micros,
  };
  budget.alerts.push(alert);
  recordAlert(state, budget.agent_id, alert, runId);
}

/**
 * Records a crossing of the alert threshold in the audit log and, when the spend belongs to a
 * run of this process, as a `budget.alert` run event.
 */
export function recordAlert(
  state: State,
  agentId: string,
  alert: Budget['alerts'][number],
  runId?: string,
) {
  state.record(SYSTEM, 'budget.alert', 'system', { type: 'agent', id: agentId }, alert);
  if (runId && state.runs.has(runId)) state.appendEvent(runId, 'budget.alert', alert);
}
