import type { Context } from '../http';
import { HttpProblem, validationFailed } from '../middleware/problem';

/** The agent a governed request acts for: the certificate's own, or the body's for operators. */
export function actingAgent(ctx: Pick<Context, 'principal'>, bodyAgentId: string | undefined) {
  if (ctx.principal.type === 'agent') {
    if (bodyAgentId && bodyAgentId !== ctx.principal.agentId)
      throw new HttpProblem(403, 'forbidden', 'An agent acts only for itself.');
    return ctx.principal.agentId;
  }
  if (!bodyAgentId)
    throw validationFailed([
      { path: 'body.agent_id', message: 'Required with operator credentials' },
    ]);
  return bodyAgentId;
}
