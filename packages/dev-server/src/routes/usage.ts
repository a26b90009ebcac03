import { type Handlers, ok } from '../http';
import type { Provider } from '../llm/wires';

type Totals = {
  cost_micros: number;
  request_count: number;
  input_tokens: number;
  output_tokens: number;
};
const zero = (): Totals => ({
  cost_micros: 0,
  request_count: 0,
  input_tokens: 0,
  output_tokens: 0,
});
const add = (t: Totals, u: { costMicros: number; inputTokens: number; outputTokens: number }) => {
  t.cost_micros += u.costMicros;
  t.request_count += 1;
  t.input_tokens += u.inputTokens;
  t.output_tokens += u.outputTokens;
};

/** LLM usage and spend, by agent and by model; the balance over every agent's budget. */
export const usage = {
  getUsage: ({ query }, { state }) => {
    const to = query.to ? Date.parse(String(query.to)) : state.now();
    const from = query.from ? Date.parse(String(query.from)) : to - 30 * 24 * 3600 * 1000;
    const rows = state.usage.filter(
      (u) => u.at >= from && u.at <= to && (!query.agent_id || u.agentId === query.agent_id),
    );
    const total = zero();
    const byAgent = new Map<string, Totals>();
    const byModel = new Map<string, Totals & { provider: Provider; model: string }>();
    for (const u of rows) {
      add(total, u);
      const a = byAgent.get(u.agentId) ?? zero();
      add(a, u);
      byAgent.set(u.agentId, a);
      const key = `${u.provider}/${u.model}`;
      const m = byModel.get(key) ?? { ...zero(), provider: u.provider, model: u.model };
      add(m, u);
      byModel.set(key, m);
    }
    return ok({
      from: new Date(from).toISOString(),
      to: new Date(to).toISOString(),
      total_cost_micros: total.cost_micros,
      request_count: total.request_count,
      input_tokens: total.input_tokens,
      output_tokens: total.output_tokens,
      by_agent: [...byAgent].map(([agent_id, t]) => ({ agent_id, ...t })),
      by_model: [...byModel.values()],
    });
  },
  getBalance: async (_ctx, deps) => {
    const agents = [...deps.state.agents.values()];
    await deps.budgets.refresh(agents);
    const budgets = agents.map((a) => a.budget);
    const unlimited = budgets.some((b) => b.limit_micros === null);
    const limit = budgets.reduce((s, b) => s + (b.limit_micros ?? 0), 0);
    const spent = budgets.reduce((s, b) => s + b.spent_micros, 0);
    return ok({
      currency: 'USD',
      total_budget_micros: unlimited ? null : limit,
      total_spent_micros: spent,
      total_remaining_micros: unlimited
        ? null
        : budgets.reduce((s, b) => s + (b.remaining_micros ?? 0), 0),
      agents_over_threshold: budgets.filter((b) => b.alerts.length > 0).length,
    });
  },
} satisfies Handlers;
