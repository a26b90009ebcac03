/**
 * Agent identity: the certificate and proof headers of a request, verified by
 * @tollgate/identity (CA signature and validity, revocation, proof signature, lifetime,
 * replay cache, method/URL/body binding against this server's own origin), then the agent's
 * state here: deleted → 401 agent_deleted, suspended → 403 agent_suspended.
 */
import type { IncomingMessage } from 'node:http';
import { IdentityError, type IdentityErrorCode, type RequestVerifier } from '@tollgate/identity';
import type { Principal } from '../http';
import type { State } from '../state/store';
import { agentSuspended, HttpProblem, stateUnavailable } from './problem';

/** The library's finer codes that the contract's ErrorCode does not list, mapped onto it. */
const CONTRACT_CODE: Partial<Record<IdentityErrorCode, string>> = {
  certificate_missing: 'unauthorized',
  proof_missing: 'proof_invalid',
  unsupported_algorithm: 'proof_invalid',
  invalid_key: 'certificate_invalid',
  replay_cache_full: 'service_unavailable',
};
/** Failures that are the server's, not the request's: 503, so a client may try again. */
const SERVER_SIDE = new Set<IdentityErrorCode>(['replay_cache_full']);

export async function authenticateAgent(
  state: State,
  verifier: RequestVerifier,
  req: IncomingMessage,
  body: Buffer,
): Promise<Principal> {
  let verified: Awaited<ReturnType<RequestVerifier['verify']>>;
  try {
    verified = await verifier.verify({
      method: req.method ?? 'GET',
      url: req.url ?? '/',
      body,
      headers: req.headers,
    });
  } catch (error) {
    if (!(error instanceof IdentityError)) throw error;
    // The shared replay cache (Redis) did not answer: refused, typed like every state outage.
    if (error.code === 'replay_cache_unavailable')
      throw stateUnavailable('The shared state (Redis) did not answer: the proof was refused.');
    const status = SERVER_SIDE.has(error.code) ? 503 : 401;
    throw new HttpProblem(status, CONTRACT_CODE[error.code] ?? error.code, error.message);
  }
  const agent = state.agents.get(verified.agentId);
  if (!agent)
    throw new HttpProblem(401, 'agent_deleted', 'The agent of this certificate no longer exists.');
  if (agent.status === 'suspended') throw agentSuspended();
  return {
    type: 'agent',
    id: verified.agentId,
    name: agent.name,
    scopes: verified.scope,
    agentId: verified.agentId,
    runId: verified.runId,
  };
}
