/** Approvals: listed, read, approved or rejected; deciding one resumes or ends what waited. */
import type { components } from '@tollgate/api';
import type { Deps } from '../deps';
import { type Context, ok } from '../http';
import { invalidState, notFound } from '../middleware/problem';
import type { Handlers } from '../router';
import { applyApproval } from '../state/governance';
import { cursorPage } from '../state/pagination';
import { view } from '../state/store';

type S = components['schemas'];

function decide(ctx: Context, deps: Deps, approved: boolean) {
  const { state } = deps;
  const approval = state.approvals.get(ctx.path.approval_id!);
  if (!approval) throw notFound(`approval ${ctx.path.approval_id}`);
  if (approval.status !== 'pending')
    throw invalidState(`Approval ${approval.id} is already ${approval.status}.`);
  Object.assign(approval, {
    status: approved ? 'approved' : 'rejected',
    resolved_at: state.nowIso(),
    resolved_by: ctx.principal.id,
    comment: approved ? ((ctx.body as S['ApproveRequest'] | undefined)?.comment ?? null) : null,
    reason: approved ? null : (ctx.body as S['RejectRequest']).reason,
  });
  applyApproval(deps, approval);
  state.record(
    ctx.principal,
    approved ? 'approval.approved' : 'approval.rejected',
    ctx.requestId,
    { type: 'approval', id: approval.id },
    { kind: approval.kind, subject_id: approval.subject_id },
  );
  return ok(view(approval));
}

export const approvals = {
  listApprovals: ({ query }, { state }) => {
    const rows = [...state.approvals.values()].filter(
      (a) =>
        (!query.status || a.status === query.status) &&
        (!query.agent_id || a.agent_id === query.agent_id),
    );
    return ok(cursorPage(rows, query, 'newest', view));
  },
  getApproval: ({ path }, { state }) => {
    const approval = state.approvals.get(path.approval_id!);
    if (!approval) throw notFound(`approval ${path.approval_id}`);
    return ok(view(approval));
  },
  approveApproval: (ctx, deps) => decide(ctx, deps, true),
  rejectApproval: (ctx, deps) => decide(ctx, deps, false),
} satisfies Handlers;
