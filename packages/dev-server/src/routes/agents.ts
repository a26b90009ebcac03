import type { components } from '@tollgate/api';
import { importPublicKey, newSerial } from '@tollgate/identity';
import { fits, newBudget, setBudget } from '../budget';
import { type Context, HttpProblem, noContent, notFound, ok } from '../http';
import { newId, nowIso } from '../ids';
import { cursorPage } from '../pagination';
import type { Handler } from '../router';
import { type State, view } from '../state';

type S = components['schemas'];

export function agentOr404(state: State, id: string) {
  const agent = state.agents.get(id);
  if (!agent) throw notFound(`agent ${id}`);
  return agent;
}

function createAgentRecord(
  state: State,
  id: string,
  input: {
    name?: string;
    description?: string;
    metadata?: Record<string, string>;
    budget?: S['BudgetInput'];
  },
) {
  const now = nowIso();
  const agent = {
    id,
    name: input.name ?? id,
    description: input.description ?? null,
    status: 'active' as const,
    metadata: input.metadata ?? {},
    budget: newBudget(id, input.budget),
    created_at: now,
    updated_at: now,
    suspended_at: null,
    suspended_reason: null,
    last_run_id: null,
    seq: state.nextSeq(),
  };
  state.agents.set(id, agent);
  return agent;
}

async function issue(
  state: State,
  agentId: string,
  publicKey: S['PublicJwk'],
  runId: string,
  scope: string[] = [],
) {
  const serial = newSerial();
  const { certificate, claims } = await state.ca.issueCertificate(importPublicKey(publicKey), {
    agentId,
    runId,
    scope,
    serial,
  });
  state.certificates.set(serial, { serial, agentId, runId, revoked: false });
  return {
    certificate,
    certificate_expires_at: new Date(claims.exp * 1000).toISOString(),
    ca_kid: state.ca.kid,
    serial,
  };
}

function revokeAll(state: State, agentId: string): string[] {
  const revoked: string[] = [];
  for (const cert of state.certificates.values()) {
    if (cert.agentId === agentId && !cert.revoked) {
      cert.revoked = true;
      revoked.push(cert.serial);
    }
  }
  return revoked;
}

const audit = (ctx: Context, state: State, action: string, agentId: string, data: object = {}) =>
  state.record(ctx.principal, action, ctx.requestId, { type: 'agent', id: agentId }, data);

export const agents: Record<string, Handler> = {
  listAgents: ({ query }, { state }) =>
    ok(
      cursorPage(
        [...state.agents.values()].filter((a) => !query.status || a.status === query.status),
        query,
        'newest',
        view,
      ),
    ),
  createAgent: (ctx, { state }) => {
    const b = ctx.body as S['AgentCreate'];
    const id = b.id ?? newId('agt');
    if (state.agents.has(id)) throw new HttpProblem(409, 'conflict', `Agent ${id} already exists.`);
    const agent = createAgentRecord(state, id, b);
    audit(ctx, state, 'agent.created', id);
    return ok(view(agent), 201);
  },
  getAgent: ({ path }, { state }) => ok(view(agentOr404(state, path.agent_id!))),
  updateAgent: (ctx, { state }) => {
    const agent = agentOr404(state, ctx.path.agent_id!);
    const b = ctx.body as S['AgentUpdate'];
    if (b.name !== undefined) agent.name = b.name;
    if (b.description !== undefined) agent.description = b.description;
    if (b.metadata !== undefined) agent.metadata = b.metadata;
    agent.updated_at = nowIso();
    audit(ctx, state, 'agent.updated', agent.id);
    return ok(view(agent));
  },
  deleteAgent: (ctx, { state }) => {
    const agent = agentOr404(state, ctx.path.agent_id!);
    revokeAll(state, agent.id);
    state.agents.delete(agent.id);
    audit(ctx, state, 'agent.deleted', agent.id);
    return noContent();
  },
  suspendAgent: (ctx, { state }) => {
    const agent = agentOr404(state, ctx.path.agent_id!);
    agent.status = 'suspended';
    agent.suspended_at = nowIso();
    agent.suspended_reason = (ctx.body as S['SuspendRequest'] | undefined)?.reason ?? null;
    agent.updated_at = agent.suspended_at;
    audit(ctx, state, 'agent.suspended', agent.id);
    return ok(view(agent));
  },
  resumeAgent: (ctx, { state }) => {
    const agent = agentOr404(state, ctx.path.agent_id!);
    Object.assign(agent, {
      status: 'active',
      suspended_at: null,
      suspended_reason: null,
      updated_at: nowIso(),
    });
    audit(ctx, state, 'agent.resumed', agent.id);
    return ok(view(agent));
  },
  registerAgentRun: async (ctx, { state }) => {
    const b = ctx.body as S['AgentRegistrationRequest'];
    const id = ctx.path.agent_id!;
    if (!/^[a-zA-Z0-9][a-zA-Z0-9._-]{0,63}$/.test(id)) {
      throw new HttpProblem(422, 'validation_failed', 'path.agent_id is not a valid agent id.', {
        errors: [{ path: 'path.agent_id', message: 'Invalid agent id' }],
      });
    }
    let agent = state.agents.get(id);
    const created = !agent;
    agent ??= createAgentRecord(state, id, b);
    if (agent.status === 'suspended')
      throw new HttpProblem(403, 'agent_suspended', 'The agent is suspended.');
    const runId = newId('run');
    agent.last_run_id = runId;
    const credentials = await issue(state, id, b.public_key, runId, b.scope);
    audit(ctx, state, created ? 'agent.registered' : 'agent.run_registered', id, {
      run_id: runId,
      serial: credentials.serial,
    });
    return ok({ agent: view(agent), run_id: runId, ...credentials }, created ? 201 : 200);
  },
  refreshAgentCredentials: async (ctx, { state }) => {
    const agent = agentOr404(state, ctx.path.agent_id!);
    if (agent.status === 'suspended')
      throw new HttpProblem(403, 'agent_suspended', 'The agent is suspended.');
    const b = ctx.body as S['CredentialsRefreshRequest'];
    // Rotation: the new certificate replaces every earlier one.
    revokeAll(state, agent.id);
    const runId = b.run_id ?? agent.last_run_id ?? newId('run');
    const credentials = await issue(state, agent.id, b.public_key, runId);
    audit(ctx, state, 'agent.credentials_refreshed', agent.id, { serial: credentials.serial });
    return ok({ ...credentials, run_id: runId });
  },
  revokeAgentCredentials: (ctx, { state }) => {
    const agent = agentOr404(state, ctx.path.agent_id!);
    const revoked = revokeAll(state, agent.id);
    audit(ctx, state, 'agent.credentials_revoked', agent.id, { serials: revoked });
    return ok({ revoked_serials: revoked, revoked_at: nowIso() });
  },
  getAgentBudget: ({ path }, { state }) => ok(agentOr404(state, path.agent_id!).budget),
  setAgentBudget: (ctx, { state }) => {
    const agent = agentOr404(state, ctx.path.agent_id!);
    setBudget(agent.budget, ctx.body as S['BudgetInput']);
    audit(ctx, state, 'agent.budget_set', agent.id, ctx.body as object);
    return ok(agent.budget);
  },
  checkAgentBudget: (ctx, { state }) => {
    const agent = agentOr404(state, ctx.path.agent_id!);
    if (ctx.principal.type === 'agent' && ctx.principal.agentId !== agent.id) {
      throw new HttpProblem(403, 'forbidden', 'An agent may check only its own budget.');
    }
    const cost = (ctx.body as S['BudgetCheckRequest']).estimated_cost_micros;
    const suspended = agent.status === 'suspended';
    const allowed = !suspended && fits(agent.budget, cost);
    return ok({
      allowed,
      remaining_micros: agent.budget.remaining_micros,
      reason: suspended ? 'agent_suspended' : allowed ? null : 'budget_exceeded',
    });
  },
};
