import type { components } from '@tollgate/api';
import type { Deps } from '../deps';
import { resolveApproval } from '../governance';
import { type Context, invalidState, notFound, ok } from '../http';
import { nowIso } from '../ids';
import { cursorPage, offsetPage } from '../pagination';
import type { Handler } from '../router';
import { view } from '../state';

type S = components['schemas'];

function resolve(ctx: Context, deps: Deps, approved: boolean) {
  const approval = deps.state.approvals.get(ctx.path.approval_id!);
  if (!approval) throw notFound(`approval ${ctx.path.approval_id}`);
  if (approval.status !== 'pending')
    throw invalidState(`Approval ${approval.id} is already ${approval.status}.`);
  Object.assign(approval, {
    status: approved ? 'approved' : 'rejected',
    resolved_at: nowIso(),
    resolved_by: ctx.principal.id,
    comment: approved ? ((ctx.body as S['ApproveRequest'] | undefined)?.comment ?? null) : null,
    reason: approved ? null : (ctx.body as S['RejectRequest']).reason,
  });
  resolveApproval(deps, approval, approved);
  deps.state.record(
    ctx.principal,
    approved ? 'approval.approved' : 'approval.rejected',
    ctx.requestId,
    { type: 'approval', id: approval.id },
  );
  return ok(view(approval));
}

export const approvals: Record<string, Handler> = {
  listApprovals: ({ query }, { state }) =>
    ok(
      cursorPage(
        [...state.approvals.values()].filter(
          (a) =>
            (!query.status || a.status === query.status) &&
            (!query.agent_id || a.agent_id === query.agent_id),
        ),
        query,
        'newest',
        view,
      ),
    ),
  getApproval: ({ path }, { state }) => {
    const approval = state.approvals.get(path.approval_id!);
    if (!approval) throw notFound(`approval ${path.approval_id}`);
    return ok(view(approval));
  },
  approveApproval: (ctx, deps) => resolve(ctx, deps, true),
  rejectApproval: (ctx, deps) => resolve(ctx, deps, false),
};

export const audit: Record<string, Handler> = {
  listAuditLog: ({ query }, { state }) => {
    const since = query.since ? Date.parse(String(query.since)) : -Infinity;
    const until = query.until ? Date.parse(String(query.until)) : Infinity;
    const rows = state.audit.filter(
      (e) =>
        (!query.agent_id || e.agent_id === query.agent_id) &&
        (!query.action || e.action === query.action) &&
        (!query.actor || e.actor.id === query.actor) &&
        Date.parse(e.created_at) >= since &&
        Date.parse(e.created_at) < until,
    );
    return ok(offsetPage(rows, query, (e) => e));
  },
};
