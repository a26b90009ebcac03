/**
 * Readiness: the agent can act. Its certificate has not expired by the runtime's clock, and
 * the control plane accepts a request it signs (`checkBudget(0)`, which also answers for a
 * revoked certificate, renewed once by the SDK, and a suspended agent).
 */
import { type AgentIdentity, AgentSuspendedError, APIError } from '@tollgate/sdk';

export type Readiness =
  | { ready: true; agent_id: string; certificate_expires_at: string }
  | { ready: false; agent_id: string; reason: string };

export async function readiness(agent: AgentIdentity, now: number): Promise<Readiness> {
  const agentId = agent.agentId;
  if (!(Date.parse(agent.certificateExpiresAt) > now))
    return { ready: false, agent_id: agentId, reason: 'certificate_expired' };
  try {
    await agent.checkBudget(0, { maxRetries: 0 });
  } catch (error) {
    const reason =
      error instanceof AgentSuspendedError
        ? 'agent_suspended'
        : error instanceof APIError
          ? (error.code ?? `http_${error.status}`)
          : 'control_plane_unreachable';
    return { ready: false, agent_id: agentId, reason };
  }
  return { ready: true, agent_id: agentId, certificate_expires_at: agent.certificateExpiresAt };
}
