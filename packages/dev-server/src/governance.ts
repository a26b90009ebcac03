/**
 * What waits on a human: approvals for runs and service requests, and what resolving one
 * does — resume or end the run, execute or block the service request.
 */
import type { components } from '@tollgate/api';
import { charge, fits } from './budget';
import { findOperation } from './catalog';
import type { Deps } from './deps';
import { newId, nowIso } from './ids';
import type { State } from './state';

type S = components['schemas'];

export function requestApproval(
  state: State,
  kind: 'run' | 'service_request',
  subjectId: string,
  agentId: string,
  summary: string,
) {
  const approval = {
    id: newId('apr'),
    kind,
    subject_id: subjectId,
    agent_id: agentId,
    status: 'pending' as const,
    summary,
    requested_at: nowIso(),
    expires_at: new Date(Date.now() + 24 * 3600 * 1000).toISOString(),
    resolved_at: null,
    resolved_by: null,
    comment: null,
    reason: null,
    seq: state.nextSeq(),
  };
  state.approvals.set(approval.id, approval);
  return approval;
}

const TERMINAL = new Set(['succeeded', 'failed', 'cancelled', 'denied']);
export const isTerminal = (run: S['Run']) => TERMINAL.has(run.status);

/** Moves a run to running and, after the simulated work, to succeeded. */
export function startRun(deps: Deps, run: S['Run']) {
  const { state } = deps;
  run.status = 'running';
  run.updated_at = nowIso();
  state.appendEvent(run.id, 'run.started');
  setTimeout(() => {
    if (run.status !== 'running') return;
    if (run.tool_id)
      state.appendEvent(run.id, 'tool.called', { tool_id: run.tool_id, action: run.action });
    Object.assign(run, {
      status: 'succeeded',
      output: { result: 'ok', echo: run.input },
      updated_at: nowIso(),
      completed_at: nowIso(),
    });
    state.appendEvent(run.id, 'run.succeeded', { output: run.output });
  }, deps.workDelayMs).unref();
}

/** Executes a service request now: charges its price and records the result. */
export function executeServiceRequest(state: State, request: S['ServiceRequest']) {
  const op = findOperation(request.service, request.operation);
  const agent = state.agents.get(request.agent_id);
  const price = op?.price_micros ?? 0;
  if (agent && !fits(agent.budget, price)) {
    Object.assign(request, {
      status: 'blocked',
      reason_code: 'budget_exceeded',
      message: 'The budget cannot cover this request.',
      completed_at: nowIso(),
    });
    return;
  }
  if (agent) charge(state, agent.budget, price);
  Object.assign(request, {
    status: 'executed',
    result: { id: newId('res'), service: request.service, operation: request.operation },
    cost_micros: price,
    reason_code: null,
    message: null,
    completed_at: nowIso(),
  });
}

export function resolveApproval(deps: Deps, approval: S['Approval'], approved: boolean) {
  const { state } = deps;
  if (approval.kind === 'run') {
    const run = state.runs.get(approval.subject_id);
    if (!run || isTerminal(run)) return;
    state.appendEvent(run.id, approved ? 'approval.approved' : 'approval.rejected', {
      approval_id: approval.id,
      reason: approval.reason,
    });
    if (approved) return startRun(deps, run);
    Object.assign(run, {
      status: 'failed',
      error: `rejected: ${approval.reason ?? ''}`.trim(),
      updated_at: nowIso(),
      completed_at: nowIso(),
    });
    state.appendEvent(run.id, 'run.failed', { error: run.error });
    return;
  }
  const request = state.serviceRequests.get(approval.subject_id);
  if (request?.status !== 'approval_required') return;
  if (approved) return executeServiceRequest(state, request);
  Object.assign(request, {
    status: 'blocked',
    reason_code: 'approval_rejected',
    message: approval.reason,
    completed_at: nowIso(),
  });
}
