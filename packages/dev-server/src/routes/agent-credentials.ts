/**
 * Agent credentials: registration (idempotent per agent id: the first call creates the
 * agent, every call starts a fresh run with a fresh certificate for the agent's own key),
 * refresh (rotation: earlier certificates are revoked; the run keeps the scope it was granted),
 * revocation, and the operator's key rotation. Another key for an existing agent needs the
 * current key's proof or that rotation (key-continuity.ts).
 */
import { type Handlers, ok, reply } from '../http';
import { newId } from '../ids';
import { agentSuspended, notFound, validationFailed } from '../middleware/problem';
import {
  agentKey,
  agentOr404,
  createAgentRecord,
  ensureSessionRun,
  grantedScope,
  issueCertificate,
  revokeCertificates,
} from '../state/agents';
import { view } from '../state/store';
import { auditAgent } from './agents';
import { proveKeyChange } from './key-continuity';

/** AgentCreate.id's pattern; the contract does not repeat it on the path parameter. */
const AGENT_ID = /^[a-zA-Z0-9][a-zA-Z0-9._-]{0,63}$/;

export const agentCredentials = {
  registerAgentRun: async (ctx, { state, budgets, verifier }) => {
    const b = ctx.body;
    const id = ctx.path.agent_id;
    if (!AGENT_ID.test(id))
      throw validationFailed([{ path: 'path.agent_id', message: `Must match ${AGENT_ID.source}` }]);
    const existing = state.agents.get(id);
    if (existing?.status === 'suspended') throw agentSuspended();
    // Another key for an existing agent needs the current key's proof (key continuity).
    if (existing) await proveKeyChange(ctx, { state, verifier }, id, agentKey(b.public_key).x);
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
  refreshAgentCredentials: async (ctx, { state, verifier }) => {
    const agent = agentOr404(state, ctx.path.agent_id);
    if (agent.status === 'suspended') throw agentSuspended();
    const b = ctx.body;
    await proveKeyChange(ctx, { state, verifier }, agent.id, agentKey(b.public_key).x);
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
  rotateAgentKey: (ctx, { state }) => {
    const agent = agentOr404(state, ctx.path.agent_id);
    const key = agentKey(ctx.body.public_key);
    const previous = state.agentKeys.get(agent.id) ?? null;
    const revoked = revokeCertificates(state, agent.id);
    state.agentKeys.set(agent.id, key.x);
    const reason = ctx.body.reason ?? null;
    auditAgent(ctx, state, 'agent.key_rotated', agent.id, {
      previous_key: previous,
      key: key.x,
      revoked_serials: revoked,
      reason,
    });
    const publicKey = { kty: 'OKP' as const, crv: 'Ed25519' as const, x: key.x };
    return ok({
      agent_id: agent.id,
      public_key: publicKey,
      revoked_serials: revoked,
      rotated_at: state.nowIso(),
    });
  },
} satisfies Handlers;
