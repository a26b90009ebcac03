/**
 * Approvals: listed, read, approved or rejected; deciding one resumes or ends what waited.
 * An agent lists and reads its own only (claiming one is in tool-calls.ts).
 */
import type { components } from '@tollgate/api';
import type { Deps } from '../deps';
import { type Context, type Handlers, ok } from '../http';
import { invalidState, notFound } from '../middleware/problem';
import { applyApproval } from '../state/governance';
import { cursorPage } from '../state/pagination';
import { view } from '../state/store';

type S = components['schemas'];

type Decision = Pick<S['Approval'], 'comment' | 'reason'> & { status: 'approved' | 'rejected' };

async function decide(
  ctx: Context<'approveApproval' | 'rejectApproval'>,
  deps: Deps,
  decision: Decision,
) {
  const { state } = deps;
  const approval = state.approvals.get(ctx.path.approval_id);
  if (!approval) throw notFound(`approval ${ctx.path.approval_id}`);
  if (approval.status !== 'pending')
    throw invalidState(`Approval ${approval.id} is already ${approval.status}.`);
  Object.assign(approval, decision, { resolved_at: state.nowIso(), resolved_by: ctx.principal.id });
  await applyApproval(deps, approval);
  state.record(
    ctx.principal,
    `approval.${decision.status}`,
    ctx.requestId,
    { type: 'approval', id: approval.id },
    { kind: approval.kind, subject_id: approval.subject_id },
  );
  return ok(view(approval));
}

export const approvals = {
  listApprovals: ({ query, principal }, { state }) => {
    const own = principal.type === 'agent' ? principal.agentId : undefined;
    const rows = [...state.approvals.values()].filter(
      (a) =>
        (!query.status || a.status === query.status) &&
        (!query.agent_id || a.agent_id === query.agent_id) &&
        (!own || a.agent_id === own),
    );
    return ok(cursorPage(rows, query, 'newest', view));
  },
  getApproval: ({ path, principal }, { state }) => {
    const approval = state.approvals.get(path.approval_id);
    const foreign = principal.type === 'agent' && approval?.agent_id !== principal.agentId;
    if (!approval || foreign) throw notFound(`approval ${path.approval_id}`);
    return ok(view(approval));
  },
  approveApproval: (ctx, deps) =>
    decide(ctx, deps, { status: 'approved', comment: ctx.body?.comment ?? null, reason: null }),
  rejectApproval: (ctx, deps) =>
    decide(ctx, deps, { status: 'rejected', comment: null, reason: ctx.body.reason }),
} satisfies Handlers;
