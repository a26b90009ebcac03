/** Agents and their certificates: creation, lookup, issuing and revoking. */
import type { components } from '@tollgate/api';
import { importPublicKey, newSerial } from '@tollgate/identity';
import { HttpProblem } from '../middleware/problem';
import { newBudget } from './budget';
import { checkGroup, checkLevelInput } from './budget-groups';
import { createRunRecord } from './governance';
import type { Ledger } from './ledger';
import { getOr404, type Seq, type State } from './store';

type S = components['schemas'];

/** The agent, or 404. */
export const agentOr404 = (state: State, id: string) => getOr404(state.agents, id, `agent ${id}`);

/** Creates the agent; its budget is opened in the ledger (on Redis, shared by its id). */
export async function createAgentRecord(
  state: State,
  budgets: Ledger,
  id: string,
  input: {
    name?: string;
    description?: string;
    metadata?: Record<string, string>;
    budget?: S['BudgetInput'];
    budget_group_id?: string;
    rate_limits?: S['RateLimits'];
  },
): Promise<Seq<S['Agent']>> {
  if (state.agents.has(id)) throw new HttpProblem(409, 'conflict', `Agent ${id} already exists.`);
  if (input.budget) checkLevelInput(input.budget, 'body.budget');
  if (input.budget_group_id) checkGroup(state, input.budget_group_id);
  const now = state.nowIso();
  const agent: Seq<S['Agent']> = {
    id,
    name: input.name ?? id,
    description: input.description ?? null,
    status: 'active',
    metadata: input.metadata ?? {},
    budget: newBudget(state, id, input.budget),
    created_at: now,
    updated_at: now,
    suspended_at: null,
    suspended_reason: null,
    last_run_id: null,
    budget_group_id: input.budget_group_id ?? null,
    rate_limits: {
      requests_per_minute: input.rate_limits?.requests_per_minute ?? null,
      tokens_per_minute: input.rate_limits?.tokens_per_minute ?? null,
    },
    seq: state.nextSeq(),
  };
  // Opened before the agent is stored: a ledger that cannot open it leaves no agent behind.
  await budgets.open(agent, input.budget);
  if (state.agents.has(id)) throw new HttpProblem(409, 'conflict', `Agent ${id} already exists.`);
  state.agents.set(id, agent);
  return agent;
}

/** The agent's public key, checked (Ed25519, not weak), or 422 naming `body.public_key`. */
export function agentKey(publicKey: S['PublicJwk']): ReturnType<typeof importPublicKey> {
  try {
    return importPublicKey(publicKey);
  } catch (error) {
    throw new HttpProblem(422, 'validation_failed', 'body.public_key: not an Ed25519 public key', {
      errors: [
        {
          path: 'body.public_key',
          message: String(error instanceof Error ? error.message : error),
        },
      ],
    });
  }
}

/** Issues a certificate binding the agent's own public key (the server never sees a private key). */
export async function issueCertificate(
  state: State,
  agentId: string,
  publicKey: S['PublicJwk'],
  runId: string,
  scope: string[] = [],
) {
  const key = agentKey(publicKey);
  const serial = newSerial();
  const { certificate, claims } = await state.ca.issueCertificate(key, {
    agentId,
    runId,
    scope,
    serial,
  });
  state.certificates.set(serial, {
    serial,
    agentId,
    runId,
    scope: [...scope],
    revoked: false,
    exp: claims.exp,
  });
  state.agentKeys.set(agentId, key.x);
  return {
    certificate,
    certificate_expires_at: new Date(claims.exp * 1000).toISOString(),
    ca_kid: state.ca.kid,
    serial,
  };
}

/**
 * The run a registration names: a real, running run, so the LLM calls and budget alerts of
 * the agent's session are events of it (and end up in its evidence pack). It runs until
 * cancelled; a refresh naming a run this server does not know (a restart) opens it again.
 */
export function ensureSessionRun(state: State, agentId: string, runId: string) {
  if (state.runs.has(runId)) return;
  createRunRecord(state, {
    id: runId,
    agent_id: agentId,
    tool_id: null,
    action: 'agent.session',
    status: 'running',
    decision: 'allowed',
    input: {},
  });
  state.appendEvent(runId, 'run.created', { action: 'agent.session' });
  state.appendEvent(runId, 'run.decision', { decision: 'allowed' });
  state.appendEvent(runId, 'run.started');
}

/**
 * The scope granted to an agent's run: that of the run's newest certificate, else (a run
 * registered elsewhere, e.g. before a restart) of the agent's newest certificate. A refresh
 * re-issues what was granted, never less and never more.
 */
export function grantedScope(state: State, agentId: string, runId: string): string[] {
  let ofAgent: string[] | undefined;
  let ofRun: string[] | undefined;
  for (const cert of state.certificates.values()) {
    if (cert.agentId !== agentId) continue;
    ofAgent = cert.scope;
    if (cert.runId === runId) ofRun = cert.scope;
  }
  return [...(ofRun ?? ofAgent ?? [])];
}

/** Revokes every live certificate of an agent; returns their serials. */
export function revokeCertificates(state: State, agentId: string): string[] {
  const revoked: string[] = [];
  const at = state.nowIso();
  for (const cert of state.certificates.values()) {
    if (cert.agentId === agentId && !cert.revoked) {
      cert.revoked = true;
      cert.revokedAt = at;
      revoked.push(cert.serial);
      const revocation = {
        sequence: state.revocations.length + 1,
        serial: cert.serial,
        agent_id: agentId,
        revoked_at: at,
        certificate_expires_at: new Date(cert.exp * 1000).toISOString(),
      };
      state.revocations.push(revocation);
      state.bus.emit('revocation', revocation);
    }
  }
  return revoked;
}
