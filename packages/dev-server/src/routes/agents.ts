/** Agents: CRUD, suspension and budgets. Credentials are in agent-credentials.ts. */
import { type Context, type Handlers, noContent, ok, reply } from '../http';
import { newId } from '../ids';
import { HttpProblem } from '../middleware/problem';
import { agentOr404, createAgentRecord, revokeCertificates } from '../state/agents';
import { checkGroup, checkLevelInput } from '../state/budget-groups';
import type { Ledger } from '../state/ledger';
import { cursorPage } from '../state/pagination';
import { type State, view } from '../state/store';

/** Audit entry about an agent. */
export const auditAgent = (
  ctx: Pick<Context, 'principal' | 'requestId'>,
  state: State,
  action: string,
  agentId: string,
  data: object = {},
) => state.record(ctx.principal, action, ctx.requestId, { type: 'agent', id: agentId }, data);

/** The agent, or 404, with its budget brought up to date. */
async function fresh(state: State, budgets: Ledger, path: { agent_id: string }) {
  const agent = agentOr404(state, path.agent_id);
  await budgets.refresh([agent]);
  return agent;
}

export const agents = {
  listAgents: async ({ query }, { state, budgets }) => {
    const rows = [...state.agents.values()].filter(
      (a) => !query.status || a.status === query.status,
    );
    const page = cursorPage(rows, query, 'newest', (a) => a);
    await budgets.refresh(page.data);
    return ok({ ...page, data: page.data.map(view) });
  },
  createAgent: async (ctx, { state, budgets }) => {
    const agent = await createAgentRecord(state, budgets, ctx.body.id ?? newId('agt'), ctx.body);
    auditAgent(ctx, state, 'agent.created', agent.id);
    return reply(201, view(agent));
  },
  getAgent: async ({ path }, { state, budgets }) => ok(view(await fresh(state, budgets, path))),
  updateAgent: async (ctx, { state, budgets }) => {
    const b = ctx.body;
    const agent = agentOr404(state, ctx.path.agent_id);
    if (b.name !== undefined) agent.name = b.name;
    if (b.description !== undefined) agent.description = b.description;
    if (b.metadata !== undefined) agent.metadata = b.metadata;
    if (b.budget_group_id) checkGroup(state, b.budget_group_id);
    if (b.budget_group_id !== undefined) agent.budget_group_id = b.budget_group_id;
    if (b.rate_limits !== undefined) agent.rate_limits = { ...agent.rate_limits, ...b.rate_limits };
    agent.updated_at = state.nowIso();
    auditAgent(ctx, state, 'agent.updated', agent.id);
    await budgets.refresh([agent]);
    return ok(view(agent));
  },
  deleteAgent: (ctx, { state }) => {
    const agent = agentOr404(state, ctx.path.agent_id);
    revokeCertificates(state, agent.id);
    state.agents.delete(agent.id);
    // A new agent under this id starts with whatever key it registers.
    state.agentKeys.delete(agent.id);
    auditAgent(ctx, state, 'agent.deleted', agent.id);
    return noContent();
  },
  suspendAgent: async (ctx, { state, budgets }) => {
    const agent = agentOr404(state, ctx.path.agent_id);
    const now = state.nowIso();
    Object.assign(agent, {
      status: 'suspended',
      suspended_at: now,
      suspended_reason: ctx.body?.reason ?? null,
      updated_at: now,
    });
    auditAgent(ctx, state, 'agent.suspended', agent.id, { reason: agent.suspended_reason });
    await budgets.refresh([agent]);
    return ok(view(agent));
  },
  resumeAgent: async (ctx, { state, budgets }) => {
    const agent = agentOr404(state, ctx.path.agent_id);
    Object.assign(agent, {
      status: 'active',
      suspended_at: null,
      suspended_reason: null,
      updated_at: state.nowIso(),
    });
    auditAgent(ctx, state, 'agent.resumed', agent.id);
    await budgets.refresh([agent]);
    return ok(view(agent));
  },
  getAgentBudget: async ({ path }, { state, budgets }) =>
    ok((await fresh(state, budgets, path)).budget),
  setAgentBudget: async (ctx, { state, budgets }) => {
    const agent = agentOr404(state, ctx.path.agent_id);
    await budgets.set(agent, checkLevelInput(ctx.body, 'body'));
    auditAgent(ctx, state, 'agent.budget_set', agent.id, ctx.body);
    return ok(agent.budget);
  },
  checkAgentBudget: async (ctx, { state, budgets }) => {
    const agent = agentOr404(state, ctx.path.agent_id);
    if (ctx.principal.type === 'agent' && ctx.principal.agentId !== agent.id) {
      throw new HttpProblem(403, 'forbidden', 'An agent may check only its own budget.');
    }
    const cost = ctx.body.estimated_cost_micros;
    const suspended = agent.status === 'suspended';
    // Checked even for a suspended agent: it also brings `remaining_micros` up to date.
    const affordable = await budgets.fits(agent, cost);
    const allowed = !suspended && affordable;
    return ok({
      allowed,
      remaining_micros: agent.budget.remaining_micros,
      reason: suspended ? 'agent_suspended' : allowed ? null : 'budget_exceeded',
    });
  },
} satisfies Handlers;
