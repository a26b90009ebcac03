/**
 * Governed service requests: policy, budget and suspension decide whether a catalog
 * operation executes now, waits for a human, runs asynchronously, or is blocked.
 */
import type { components } from '@tollgate/api';
import type { Deps } from '../deps';
import { newId } from '../ids';
import { notFound, validationFailed } from '../middleware/problem';
import { agentOr404 } from './agents';
import { ASYNC_OPERATIONS, findOperation, missingFields } from './catalog';
import { executeServiceRequest, requestApproval } from './governance';
import type { ServiceRequestRecord } from './store';

type S = components['schemas'];

export async function governServiceRequest(
  deps: Deps,
  agentId: string,
  service: string,
  operation: string,
  payload: object,
): Promise<ServiceRequestRecord> {
  const { state } = deps;
  const agent = agentOr404(state, agentId);
  const op = findOperation(service, operation);
  if (!op) throw notFound(`service operation ${service}.${operation}`);
  const missing = missingFields(op.input_schema, payload);
  if (missing.length)
    throw validationFailed(
      missing.map((f) => ({ path: `body.payload.${f}`, message: 'Required' })),
    );
  // Asked before the request exists: a ledger that cannot answer leaves nothing behind.
  const affordable = await deps.budgets.fits(agent, op.price_micros);
  const request: ServiceRequestRecord = {
    id: newId('srq'),
    agent_id: agentId,
    service,
    operation,
    status: 'running',
    result: null,
    cost_micros: 0,
    reason_code: null,
    message: null,
    approval_id: null,
    expires_at: null,
    created_at: state.nowIso(),
    completed_at: null,
    seq: state.nextSeq(),
    payload,
  };
  state.serviceRequests.set(request.id, request);
  const blocked: S['ServiceRequestStatus'] = 'blocked';
  const block = (reason: string, message: string) =>
    Object.assign(request, {
      status: blocked,
      reason_code: reason,
      message,
      completed_at: state.nowIso(),
    });
  if (agent.status === 'suspended') block('agent_suspended', 'The agent is suspended.');
  else if (op.policy === 'deny') block('policy_denied', `Policy denies ${service}.${operation}.`);
  else if (!affordable) block('budget_exceeded', 'The budget cannot cover this request.');
  else if (op.policy === 'approval_required') {
    const summary = `${service}.${operation} for ${agentId}`;
    const approval = requestApproval(deps, 'service_request', request.id, agentId, summary);
    Object.assign(request, {
      status: 'approval_required',
      reason_code: 'policy_approval_required',
      message: 'A human must approve this request.',
      approval_id: approval.id,
      expires_at: approval.expires_at,
    });
  } else if (ASYNC_OPERATIONS.has(`${service}.${operation}`)) {
    // 202 running now; executed after the work delay (pollers see it finish).
    deps.timers.setTimeout(() => {
      if (request.status === 'running') void executeServiceRequest(deps, request);
    }, deps.workDelayMs);
  } else await executeServiceRequest(deps, request);
  return request;
}

/** The wire shape: without the sequence number and the payload. */
export function serviceRequestView(record: ServiceRequestRecord): S['ServiceRequest'] {
  const { seq: _seq, payload: _payload, ...rest } = record;
  return rest;
}
