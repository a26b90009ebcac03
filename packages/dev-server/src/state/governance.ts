/**
 * What waits on a human, and what resolving it does: approvals for runs and service
 * requests; approving resumes the run or executes the request, rejecting (or letting the
 * approval expire) ends it.
 */
import type { components } from '@tollgate/api';
import type { Deps } from '../deps';
import { newId, sha256 } from '../ids';
import { HttpProblem } from '../middleware/problem';
import { findOperation } from './catalog';
import { canonicalJson } from './evidence';
import { getOr404, type Seq, type State } from './store';

type S = components['schemas'];

export function requestApproval(
  deps: Deps,
  kind: 'run' | 'service_request',
  subjectId: string,
  agentId: string,
  summary: string,
  /** A call the agent executes: the hash of the input a claim must match. */
  inputSha256: string | null = null,
) {
  const { state } = deps;
  const approval: Seq<S['Approval']> = {
    id: newId('apr'),
    kind,
    subject_id: subjectId,
    agent_id: agentId,
    status: 'pending',
    summary,
    requested_at: state.nowIso(),
    expires_at: new Date(state.now() + deps.approvalTtlSeconds * 1000).toISOString(),
    resolved_at: null,
    resolved_by: null,
    comment: null,
    reason: null,
    input_sha256: inputSha256,
    claimed_at: null,
    seq: state.nextSeq(),
  };
  state.approvals.set(approval.id, approval);
  state.pendingApprovals.add(approval.id);
  return approval;
}

/** Hex SHA-256 of an input's canonical JSON: what a claim of an approved call must match. */
export const inputSha256 = (input: unknown) => sha256(canonicalJson(input));

/** A new run, stored: every run (a governed one, an agent's session) starts here. */
export function createRunRecord(
  state: State,
  run: Pick<S['Run'], 'agent_id' | 'tool_id' | 'action' | 'status' | 'decision' | 'input'> & {
    id?: string;
    executor?: 'control_plane' | 'agent';
  },
): Seq<S['Run']> {
  const now = state.nowIso();
  const record: Seq<S['Run']> = {
    id: newId('run'),
    approval_id: null,
    output: null,
    error: null,
    created_at: now,
    updated_at: now,
    completed_at: null,
    executor: 'control_plane',
    input_sha256: inputSha256(run.input),
    ...run,
    seq: state.nextSeq(),
  };
  state.runs.set(record.id, record);
  return record;
}

/** The run, or 404. */
export const runOr404 = (state: State, id: string) => getOr404(state.runs, id, `run ${id}`);

const TERMINAL = new Set<S['RunStatus']>(['succeeded', 'failed', 'cancelled', 'denied']);
export const isTerminal = (run: S['Run']) => TERMINAL.has(run.status);

/** Ends a run, succeeded or failed, with its output or error. */
export function finishRun(
  state: State,
  run: S['Run'],
  status: 'succeeded' | 'failed',
  data: object,
) {
  Object.assign(run, data, { status, updated_at: state.nowIso(), completed_at: state.nowIso() });
  state.appendEvent(run.id, status === 'succeeded' ? 'run.succeeded' : 'run.failed', data);
}

/** Moves a run to running and, after the simulated work, to succeeded with an echo. */
export function startRun(deps: Deps, run: S['Run']) {
  const { state } = deps;
  run.status = 'running';
  run.updated_at = state.nowIso();
  state.appendEvent(run.id, 'run.started');
  deps.timers.setTimeout(() => {
    if (run.status !== 'running') return; // cancelled meanwhile
    if (run.tool_id)
      state.appendEvent(run.id, 'tool.called', { tool_id: run.tool_id, action: run.action });
    finishRun(state, run, 'succeeded', { output: { result: 'ok', echo: run.input } });
  }, deps.workDelayMs);
}

/**
 * Executes a service request now: charges its price and records the result. The budget is
 * checked again, with the charge: it may have been spent while a human was deciding. When the
 * ledger cannot answer (Redis unreachable) the request fails, charged nothing.
 */
export async function executeServiceRequest(deps: Deps, request: S['ServiceRequest']) {
  const { state } = deps;
  const price = findOperation(request.service, request.operation)?.price_micros ?? 0;
  const agent = state.agents.get(request.agent_id);
  let charged = true;
  try {
    if (agent) charged = await deps.budgets.chargeIfFits(agent, price);
  } catch (error) {
    if (!(error instanceof HttpProblem)) throw error;
    Object.assign(request, {
      status: 'failed',
      reason_code: error.code,
      message: error.message,
      completed_at: state.nowIso(),
    });
    return;
  }
  if (!charged) {
    Object.assign(request, {
      status: 'blocked',
      reason_code: 'budget_exceeded',
      message: 'The budget cannot cover this request.',
      completed_at: state.nowIso(),
    });
    return;
  }
  Object.assign(request, {
    status: 'executed',
    result: { id: newId('res'), service: request.service, operation: request.operation },
    cost_micros: price,
    reason_code: null,
    message: null,
    completed_at: state.nowIso(),
  });
}

/** Applies a decided approval (approved, rejected or expired) to what waited on it. */
export async function applyApproval(deps: Deps, approval: S['Approval']) {
  const { state } = deps;
  state.pendingApprovals.delete(approval.id);
  const approved = approval.status === 'approved';
  if (approval.kind === 'run') {
    const run = state.runs.get(approval.subject_id);
    if (!run || isTerminal(run)) return;
    if (approval.status !== 'expired') {
      state.appendEvent(run.id, approved ? 'approval.approved' : 'approval.rejected', {
        approval_id: approval.id,
        ...(approved ? { comment: approval.comment } : { reason: approval.reason }),
      });
    }
    // A call the agent executes waits, approved, for the agent to claim it (claimApproval).
    if (approved && run.executor === 'agent') {
      Object.assign(run, { status: 'queued', updated_at: state.nowIso() });
      return;
    }
    if (approved) return startRun(deps, run);
    const error =
      approval.status === 'expired'
        ? 'approval expired'
        : `approval rejected: ${approval.reason ?? ''}`.trim();
    return finishRun(state, run, 'failed', { error });
  }
  const request = state.serviceRequests.get(approval.subject_id);
  if (request?.status !== 'approval_required') return;
  if (approved) return executeServiceRequest(deps, request);
  Object.assign(request, {
    status: 'blocked',
    reason_code: approval.status === 'expired' ? 'approval_expired' : 'approval_rejected',
    message: approval.status === 'expired' ? 'Nobody decided in time.' : approval.reason,
    completed_at: state.nowIso(),
  });
}

/** Expires pending approvals whose time is up (checked lazily, before every request). */
export function expireApprovals(deps: Deps) {
  const { state } = deps;
  const now = state.now();
  for (const id of state.pendingApprovals) {
    const approval = state.approvals.get(id);
    if (approval?.status !== 'pending') {
      state.pendingApprovals.delete(id);
      continue;
    }
    if (approval.expires_at && Date.parse(approval.expires_at) <= now) {
      Object.assign(approval, { status: 'expired', resolved_at: state.nowIso() });
      void applyApproval(deps, approval);
    }
  }
}
