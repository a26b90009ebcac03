/**
 * Key continuity: an agent's certified key moves to another key only when the request also
 * carries the agent's identity (certificate + proof) signed by its currently certified key,
 * or by an operator's explicit rotation (rotateAgentKey). An API key with `agents:register`
 * alone certifies the agent's current key again (refresh) and nothing else.
 */
import { IdentityError } from '@tollgate/identity';
import type { Deps } from '../deps';
import type { Context } from '../http';
import { HttpProblem } from '../middleware/problem';
import { revokeCertificates } from '../state/agents';
import { auditAgent } from './agents';

const refused = (detail: string) => new HttpProblem(403, 'key_continuity_required', detail);

const HOW =
  'send the request with the agent identity (certificate and proof) of its current key, ' +
  'or have an operator rotate the key (rotateAgentKey)';

/**
 * Checks that `agentId` may be certified for the key `x` on this request, before anything is
 * issued. Unchanged key, or an agent without one: nothing to prove. Another key: the request's
 * identity headers must verify (this very request: method, URL, body; not replayed, not
 * revoked, not expired) and be the agent's own, signed by its certified key; then every earlier
 * certificate is revoked and the change recorded in the audit log.
 */
export async function proveKeyChange(
  ctx: Pick<Context, 'req' | 'rawBody' | 'principal' | 'requestId'>,
  deps: Pick<Deps, 'state' | 'verifier'>,
  agentId: string,
  x: string,
): Promise<void> {
  const { state, verifier } = deps;
  const current = state.agentKeys.get(agentId);
  if (current === undefined || current === x) return;
  if (ctx.req.headers['x-tollgate-certificate'] === undefined)
    throw refused(`Agent ${agentId} has another certified key: ${HOW}.`);
  let proven: Awaited<ReturnType<typeof verifier.verify>>;
  try {
    proven = await verifier.verify({
      method: ctx.req.method ?? 'POST',
      url: ctx.req.url ?? '/',
      body: ctx.rawBody,
      headers: ctx.req.headers,
    });
  } catch (error) {
    if (!(error instanceof IdentityError)) throw error;
    throw refused(`The agent identity on this request does not verify (${error.code}): ${HOW}.`);
  }
  if (proven.agentId !== agentId || proven.certificate.cnf.jwk.x !== current)
    throw refused(`The agent identity on this request is not ${agentId}'s certified key: ${HOW}.`);
  const revoked = revokeCertificates(state, agentId);
  auditAgent(ctx, state, 'agent.key_changed', agentId, {
    proven_by: 'agent',
    serial: proven.serial,
    previous_key: current,
    key: x,
    revoked_serials: revoked,
  });
}
