/**
 * Agent credentials: registration (idempotent per agent id: the first call creates the
 * agent, every call starts a fresh run with a fresh certificate for the agent's own key),
 * refresh (rotation: earlier certificates are revoked; the run keeps the scope it was granted)
 * and revocation.
 */
import { type Handlers, ok, reply } from '../http';
import { newId } from '../ids';
import { agentSuspended, notFound, validationFailed } from '../middleware/problem';
import {
  agentOr404,
  createAgentRecord,
  ensureSessionRun,
  grantedScope,
  issueCertificate,
  revokeCertificates,
} from '../state/agents';
import { view } from '../state/store';
import { auditAgent } from './agents';

/** AgentCreate.id's pattern; the contract does not repeat it on the path parameter. */
const AGENT_ID = /^[a-zA-Z0-9][a-zA-Z0-9._-]{0,63}$/;

export const agentCredentials = {
  registerAgentRun: async (ctx, { state, budgets }) => {
    const b = ctx.body;
    const id = ctx.path.agent_id;
    if (!AGENT_ID.test(id))
      throw validationFailed([{ path: 'path.agent_id', message: `Must match ${AGENT_ID.source}` }]);
    const existing = state.agents.get(id);
    if (existing?.status === 'suspended') throw agentSuspended();
    const runId = newId('run');
    // The certificate first: a bad key must not leave a half-registered agent behind.
    const credentials = await issueCertificate(state, id, b.public_key, runId, b.scope);
    const agent = existing ?? (await createAgentRecord(state, budgets, id, b));
    agent.last_run_id = runId;
    ensureSessionRun(state, id, runId);
    auditAgent(ctx, state, existing ? 'agent.run_registered' : 'agent.registered', id, {
      run_id: runId,
      serial: credentials.serial,
    });
    await budgets.refresh([agent]);
    return reply(existing ? 200 : 201, { agent: view(agent), run_id: runId, ...credentials });
  },
  refreshAgentCredentials: async (ctx, { state }) => {
    const agent = agentOr404(state, ctx.path.agent_id);
    if (agent.status === 'suspended') throw agentSuspended();
    const b = ctx.body;
    const runId = b.run_id ?? agent.last_run_id ?? newId('run');
    const run = state.runs.get(runId);
    if (run && run.agent_id !== agent.id) throw notFound(`run ${runId} of ${agent.id}`);
    // Rotation: the new certificate replaces every earlier one.
    const revoked = revokeCertificates(state, agent.id);
    const scope = grantedScope(state, agent.id, runId);
    const credentials = await issueCertificate(state, agent.id, b.public_key, runId, scope);
    ensureSessionRun(state, agent.id, runId);
    auditAgent(ctx, state, 'agent.credentials_refreshed', agent.id, {
      serial: credentials.serial,
      revoked_serials: revoked,
    });
    return ok({ ...credentials, run_id: runId });
  },
  revokeAgentCredentials: (ctx, { state }) => {
    const agent = agentOr404(state, ctx.path.agent_id);
    const revoked = revokeCertificates(state, agent.id);
    const reason = ctx.body?.reason ?? null;
    auditAgent(ctx, state, 'agent.credentials_revoked', agent.id, { serials: revoked, reason });
    return ok({ revoked_serials: revoked, revoked_at: state.nowIso() });
  },
} satisfies Handlers;
