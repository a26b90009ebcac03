/** Budgets in micro-dollars: limits, spend, and alert-threshold crossings. */
import type { components } from '@tollgate/api';
import { type State, SYSTEM } from './store';

type Budget = components['schemas']['Budget'];
type BudgetInput = components['schemas']['BudgetInput'];

const remaining = (b: Budget) =>
  b.limit_micros === null ? null : Math.max(0, b.limit_micros - b.spent_micros);

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
  budget.remaining_micros = remaining(budget);
  budget.updated_at = state.nowIso();
}

/** Whether `cost` more fits the budget. An exhausted budget fits nothing, not even a free call. */
export function fits(budget: Budget, cost: number): boolean {
  if (budget.limit_micros === null) return true;
  return (
    budget.spent_micros < budget.limit_micros && budget.spent_micros + cost <= budget.limit_micros
  );
}

/**
 * Adds spend (after the call: the real cost is known only then, so the last call may overrun)
 * and records the first crossing of the alert threshold: on the budget, in the audit log and,
 * when the spend belongs to a run, as a `budget.alert` run event.
 */
export function charge(state: State, budget: Budget, cost: number, runId?: string) {
  const before = budget.spent_micros;
  budget.spent_micros += cost;
  budget.remaining_micros = remaining(budget);
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
  state.record(SYSTEM, 'budget.alert', 'system', { type: 'agent', id: budget.agent_id }, alert);
  if (runId && state.runs.has(runId)) state.appendEvent(runId, 'budget.alert', alert);
}
