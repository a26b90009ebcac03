/**
 * Budgets on Redis, shared by every dev server pointing at it: the limit, the threshold, the
 * spend, the open reservations and the alert crossings of an agent live under its id
 * (`<prefix>budget:<agent id>`, reservations under `<prefix>held:<agent id>`), and each
 * change is one atomic script (budget-scripts.ts). An agent record's `budget` is this
 * process's copy, refreshed from every script's answer and before every read.
 *
 * What stays per process: the audit entries, usage records and run events of the calls this
 * process served (an alert crossing is recorded by the process whose call crossed it).
 */
import { randomUUID } from 'node:crypto';
import type { components } from '@tollgate/api';
import { stateUnavailable } from '../middleware/problem';
import { recordAlert } from '../state/budget';
import type { Agent, Ledger } from '../state/ledger';
import type { State } from '../state/store';
import { CHARGE_IF_FITS, PUT, RESERVE, SETTLE } from './budget-scripts';
import type { SharedRedis } from './client';

type Budget = components['schemas']['Budget'];
type Answer = [status: number, charged: number, alertPct: string, fields: string[]];

/** Builds the wire shape from a budget hash's fields (HGETALL's flat list). */
function fromHash(budget: Budget, flat: string[]) {
  const h = new Map<string, string>();
  for (let i = 0; i + 1 < flat.length; i += 2) h.set(flat[i]!, flat[i + 1]!);
  const limit = h.has('limit') ? Number(h.get('limit')) : null;
  const spent = Number(h.get('spent') ?? 0);
  const held = Number(h.get('held') ?? 0);
  const alerts: Budget['alerts'] = [];
  for (const [field, value] of h) {
    if (!field.startsWith('alert:')) continue;
    const [crossedAt, spentThen] = value.split(' ');
    alerts.push({
      threshold_pct: Number(field.slice('alert:'.length)),
      crossed_at: crossedAt!,
      spent_micros: Number(spentThen),
    });
  }
  alerts.sort((a, b) => a.crossed_at.localeCompare(b.crossed_at));
  Object.assign(budget, {
    limit_micros: limit,
    alert_threshold_pct: h.has('pct') ? Number(h.get('pct')) : null,
    spent_micros: spent,
    remaining_micros: limit === null ? null : Math.max(0, limit - spent - held),
    alerts,
    updated_at: h.get('updated') ?? budget.updated_at,
  });
  return { limit, used: spent + held };
}

export function redisLedger(state: State, redis: SharedRedis): Ledger {
  const keys = (agentId: string) => [
    `${redis.prefix}held:${agentId}`,
    `${redis.prefix}budget:${agentId}`,
  ];
  const missing = (agentId: string) =>
    stateUnavailable(`The budget of agent ${agentId} is missing from the shared state (Redis).`);

  /** Runs a budget script for the agent and brings its copy up to date. */
  async function run(
    agent: Agent,
    s: typeof RESERVE,
    args: (string | number)[],
    runId?: string,
  ): Promise<Answer> {
    const answer = (await redis.run(s, keys(agent.id), args)) as Answer;
    const [status, , alertPct, fields] = answer;
    if (status === -1 || !fields.length) throw missing(agent.id);
    fromHash(agent.budget, fields);
    if (alertPct !== '') {
      const alert = agent.budget.alerts.find((a) => a.threshold_pct === Number(alertPct));
      if (alert) recordAlert(state, agent.id, alert, runId);
    }
    return answer;
  }

  const put = (agent: Agent, mode: 'open' | 'set', input?: components['schemas']['BudgetInput']) =>
    run(agent, PUT, [
      mode,
      input === undefined ? '-' : (input.limit_micros ?? ''),
      input?.alert_threshold_pct === undefined ? '-' : (input.alert_threshold_pct ?? ''),
      state.nowIso(),
    ]);

  const ledger: Ledger = {
    async refresh(agents) {
      if (!agents.length) return;
      const replies = await redis.guard('reading budgets', async () => {
        const pipeline = redis.client.pipeline();
        for (const agent of agents) pipeline.hgetall(keys(agent.id)[1]!);
        return (await pipeline.exec()) ?? [];
      });
      agents.forEach((agent, i) => {
        const [error, hash] = replies[i] ?? [];
        if (error) throw stateUnavailable('The shared state (Redis) did not answer a read.');
        const record = hash as Record<string, string>;
        if (!Object.keys(record).length) throw missing(agent.id);
        fromHash(agent.budget, Object.entries(record).flat());
      });
    },
    open: async (agent, input) => void (await put(agent, input ? 'set' : 'open', input)),
    set: async (agent, input) => void (await put(agent, 'set', input)),
    async fits(agent, cost) {
      await ledger.refresh([agent]);
      const b = agent.budget;
      if (b.limit_micros === null) return true;
      const used = b.limit_micros - (b.remaining_micros ?? 0);
      return used < b.limit_micros && used + cost <= b.limit_micros;
    },
    async reserve(agent, amount) {
      const id = randomUUID();
      const [status] = await run(agent, RESERVE, [amount, id]);
      if (status !== 1) return undefined;
      const close = async (cost: number | undefined, runId?: string) => {
        const [closed, charged] = await run(agent, SETTLE, [id, cost ?? '', state.nowIso()], runId);
        return closed === 1 ? charged : undefined;
      };
      return {
        amount,
        settle: (cost, runId) => close(cost, runId),
        release: async () => void (await close(undefined)),
      };
    },
    async chargeIfFits(agent, cost, runId) {
      const [status] = await run(agent, CHARGE_IF_FITS, [cost, state.nowIso()], runId);
      return status === 1;
    },
  };
  return ledger;
}
