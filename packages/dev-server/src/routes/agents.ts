/** Agents: CRUD, suspension and budgets. Credentials are in agent-credentials.ts. */
import { type Context, type Handlers, noContent, ok, reply } from '../http';
import { newId } from '../ids';
import { HttpProblem } from '../middleware/problem';
import { agentOr404, createAgentRecord, revokeCertificates } from '../state/agents';
import { fits, setBudget } from '../state/budget';
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

export const agents = {
  listAgents: ({ query }, { state }) => {
    const rows = [...state.agents.values()].filter(
      (a) => !query.status || a.status === query.status,
    );
    return ok(cursorPage(rows, query, 'newest', view));
  },
  createAgent: (ctx, { state }) => {
    const agent = createAgentRecord(state, ctx.body.id ?? newId('agt'), ctx.body);
    auditAgent(ctx, state, 'agent.created', agent.id);
    return reply(201, view(agent));
  },
  getAgent: ({ path }, { state }) => ok(view(agentOr404(state, path.agent_id))),
  updateAgent: (ctx, { state }) => {
    const b = ctx.body;
    const agent = agentOr404(state, ctx.path.agent_id);
    if (b.name !== undefined) agent.name = b.name;
    if (b.description !== undefined) agent.description = b.description;
    if (b.metadata !== undefined) agent.metadata = b.metadata;
    agent.updated_at = state.nowIso();
    auditAgent(ctx, state, 'agent.updated', agent.id);
    return ok(view(agent));
  },
  deleteAgent: (ctx, { state }) => {
    const agent = agentOr404(state, ctx.path.agent_id);
    revokeCertificates(state, agent.id);
    state.agents.delete(agent.id);
    auditAgent(ctx, state, 'agent.deleted', agent.id);
    return noContent();
  },
  suspendAgent: (ctx, { state }) => {
    const agent = agentOr404(state, ctx.path.agent_id);
    const now = state.nowIso();
    Object.assign(agent, {
      status: 'suspended',
      suspended_at: now,
      suspended_reason: ctx.body?.reason ?? null,
      updated_at: now,
    });
    auditAgent(ctx, state, 'agent.suspended', agent.id, { reason: agent.suspended_reason });
    return ok(view(agent));
  },
  resumeAgent: (ctx, { state }) => {
    const agent = agentOr404(state, ctx.path.agent_id);
    Object.assign(agent, {
      status: 'active',
      suspended_at: null,
      suspended_reason: null,
      updated_at: state.nowIso(),
    });
    auditAgent(ctx, state, 'agent.resumed', agent.id);
    return ok(view(agent));
  },
  getAgentBudget: ({ path }, { state }) => ok(agentOr404(state, path.agent_id).budget),
  setAgentBudget: (ctx, { state }) => {
    const agent = agentOr404(state, ctx.path.agent_id);
    setBudget(state, agent.budget, ctx.body);
    auditAgent(ctx, state, 'agent.budget_set', agent.id, ctx.body);
    return ok(agent.budget);
  },
  checkAgentBudget: (ctx, { state }) => {
    const agent = agentOr404(state, ctx.path.agent_id);
    if (ctx.principal.type === 'agent' && ctx.principal.agentId !== agent.id) {
      throw new HttpProblem(403, 'forbidden', 'An agent may check only its own budget.');
    }
    const cost = ctx.body.estimated_cost_micros;
    const suspended = agent.status === 'suspended';
    const allowed = !suspended && fits(state, agent.budget, cost);
    return ok({
      allowed,
      remaining_micros: agent.budget.remaining_micros,
      reason: suspended ? 'agent_suspended' : allowed ? null : 'budget_exceeded',
    });
  },
} satisfies Handlers;
