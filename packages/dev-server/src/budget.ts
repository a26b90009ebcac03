/** Budgets in micro-dollars: limits, spend, alert-threshold crossings. */
import type { components } from '@tollgate/api';
import { nowIso } from './ids';
import type { State } from './state';

type Budget = components['schemas']['Budget'];
type BudgetInput = components['schemas']['BudgetInput'];

export function newBudget(agentId: string, input?: BudgetInput): Budget {
  const limit = input?.limit_micros ?? null;
  return {
    agent_id: agentId,
    limit_micros: limit,
    alert_threshold_pct: input?.alert_threshold_pct ?? null,
    spent_micros: 0,
    remaining_micros: limit,
    currency: 'USD',
    alerts: [],
    updated_at: nowIso(),
  };
}

export function setBudget(budget: Budget, input: BudgetInput) {
  budget.limit_micros = input.limit_micros;
  if (input.alert_threshold_pct !== undefined)
    budget.alert_threshold_pct = input.alert_threshold_pct;
  budget.remaining_micros =
    budget.limit_micros === null ? null : Math.max(0, budget.limit_micros - budget.spent_micros);
  budget.updated_at = nowIso();
}

/** Whether `cost` more fits the budget (an exhausted budget fits nothing). */
export function fits(budget: Budget, cost: number): boolean {
  if (budget.limit_micros === null) return true;
  return (
    budget.spent_micros < budget.limit_micros && budget.spent_micros + cost <= budget.limit_micros
  );
}

/** Adds spend and records a crossing of the alert threshold (once per threshold). */
export function charge(state: State, budget: Budget, cost: number, runId?: string) {
  const before = budget.spent_micros;
  budget.spent_micros += cost;
  budget.remaining_micros =
    budget.limit_micros === null ? null : Math.max(0, budget.limit_micros - budget.spent_micros);
  budget.updated_at = nowIso();
  const pct = budget.alert_threshold_pct;
  if (
    pct === null ||
    budget.limit_micros === null ||
    budget.alerts.some((a) => a.threshold_pct === pct)
  )
    return;
  const line = (budget.limit_micros * pct) / 100;
  if (before < line && budget.spent_micros >= line) {
    const alert = { threshold_pct: pct, crossed_at: nowIso(), spent_micros: budget.spent_micros };
    budget.alerts.push(alert);
    state.record(
      { type: 'public', id: 'system', name: 'system', scopes: [] },
      'budget.alert',
      'system',
      { type: 'agent', id: budget.agent_id },
      alert,
    );
    if (runId && state.runs.has(runId)) state.appendEvent(runId, 'budget.alert', alert);
  }
}
