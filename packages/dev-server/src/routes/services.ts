import type { components } from '@tollgate/api';
import { fits } from '../budget';
import { ASYNC_OPERATIONS, CATALOG, findOperation } from '../catalog';
import type { Deps } from '../deps';
import { executeServiceRequest, requestApproval } from '../governance';
import { type Context, HttpProblem, notFound, ok } from '../http';
import { newId, nowIso } from '../ids';
import type { Handler } from '../router';
import { agentOr404 } from './agents';

type S = components['schemas'];

/** The agent a governed request acts for: the certificate's, or the body's for operators. */
export function actingAgent(ctx: Context, bodyAgentId: string | undefined) {
  if (ctx.principal.type === 'agent') {
    if (bodyAgentId && bodyAgentId !== ctx.principal.agentId)
      throw new HttpProblem(403, 'forbidden', 'An agent acts only for itself.');
    return ctx.principal.agentId!;
  }
  if (!bodyAgentId) {
    throw new HttpProblem(
      422,
      'validation_failed',
      'body.agent_id is required with operator credentials.',
      {
        errors: [{ path: 'body.agent_id', message: 'Required' }],
      },
    );
  }
  return bodyAgentId;
}

/** Governs and performs one service request; used by the API and by triggers. */
export function governServiceRequest(
  deps: Deps,
  agentId: string,
  service: string,
  operation: string,
  payload: object,
) {
  const { state } = deps;
  const agent = agentOr404(state, agentId);
  const op = findOperation(service, operation);
  if (!op) throw notFound(`service operation ${service}.${operation}`);
  const request = {
    id: newId('srq'),
    agent_id: agentId,
    service,
    operation,
    status: 'running' as S['ServiceRequestStatus'],
    result: null,
    cost_micros: 0,
    reason_code: null as string | null,
    message: null as string | null,
    approval_id: null as string | null,
    expires_at: null as string | null,
    created_at: nowIso(),
    completed_at: null as string | null,
    seq: state.nextSeq(),
    payload,
  };
  state.serviceRequests.set(request.id, request);
  const stop = (reason: string, message: string) =>
    Object.assign(request, {
      status: 'blocked',
      reason_code: reason,
      message,
      completed_at: nowIso(),
    });
  if (agent.status === 'suspended') stop('agent_suspended', 'The agent is suspended.');
  else if (op.policy === 'deny') stop('policy_denied', `Policy denies ${service}.${operation}.`);
  else if (!fits(agent.budget, op.price_micros))
    stop('budget_exceeded', 'The budget cannot cover this request.');
  else if (op.policy === 'approval_required') {
    const approval = requestApproval(
      state,
      'service_request',
      request.id,
      agentId,
      `${service}.${operation} for ${agentId}`,
    );
    Object.assign(request, {
      status: 'approval_required',
      reason_code: 'policy_approval_required',
      message: 'A human must approve this request.',
      approval_id: approval.id,
      expires_at: approval.expires_at,
    });
  } else if (ASYNC_OPERATIONS.has(`${service}.${operation}`)) {
    setTimeout(
      () => request.status === 'running' && executeServiceRequest(state, request),
      deps.workDelayMs,
    ).unref();
  } else executeServiceRequest(state, request);
  return request;
}

const publicView = (r: ReturnType<typeof governServiceRequest>) => {
  const { seq: _seq, payload: _payload, ...rest } = r;
  return rest;
};

export const services: Record<string, Handler> = {
  listServices: () => ok({ data: CATALOG }),
  createServiceRequest: (ctx, deps) => {
    const b = ctx.body as S['ServiceRequestCreate'];
    const agentId = actingAgent(ctx, b.agent_id);
    const request = governServiceRequest(deps, agentId, b.service, b.operation, b.payload);
    deps.state.record(
      ctx.principal,
      'service_request.created',
      ctx.requestId,
      { type: 'service_request', id: request.id },
      { status: request.status },
    );
    return ok(publicView(request), request.status === 'running' ? 202 : 200);
  },
  getServiceRequest: (ctx, { state }) => {
    const request = state.serviceRequests.get(ctx.path.request_id!) as
      | ReturnType<typeof governServiceRequest>
      | undefined;
    if (
      !request ||
      (ctx.principal.type === 'agent' && request.agent_id !== ctx.principal.agentId)
    ) {
      throw notFound(`service request ${ctx.path.request_id}`);
    }
    return ok(publicView(request));
  },
};
