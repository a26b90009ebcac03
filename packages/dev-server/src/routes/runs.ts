/**
 * Governed runs: the tool's policy decides (allowed → runs and succeeds after the work
 * delay; requires_approval → waits for a human; denied → ends at once). Events and evidence
 * are in run-events.ts and evidence.ts.
 */
import { type Handlers, ok, reply } from '../http';
import { agentSuspended, invalidState, notFound } from '../middleware/problem';
import { agentOr404 } from '../state/agents';
import {
  createRunRecord,
  isTerminal,
  requestApproval,
  runOr404,
  startRun,
} from '../state/governance';
import { cursorPage } from '../state/pagination';
import { verdict } from '../state/policy';
import { view } from '../state/store';
import { actingAgent } from './acting-agent';

export const runs = {
  createRun: (ctx, deps) => {
    const { state } = deps;
    const b = ctx.body;
    const agentId = actingAgent(ctx, b.agent_id);
    const agent = agentOr404(state, agentId);
    if (agent.status === 'suspended') throw agentSuspended();
    const tool = b.tool_id ? state.tools.get(b.tool_id) : undefined;
    if (b.tool_id && !tool) throw notFound(`tool ${b.tool_id}`);
    const { decision, reason } = verdict(tool, agentId);
    const run = createRunRecord(state, {
      agent_id: agentId,
      tool_id: tool?.id ?? null,
      action: b.action,
      status: 'queued',
      decision,
      input: b.input ?? {},
    });
    state.appendEvent(run.id, 'run.created', { action: run.action, tool_id: run.tool_id });
    if (decision === 'denied') {
      Object.assign(run, { status: 'denied', error: reason, completed_at: run.created_at });
      state.appendEvent(run.id, 'run.decision', { decision, reason });
    } else if (decision === 'requires_approval') {
      const summary = `${run.action} with ${tool?.name} for ${agentId}`;
      const approval = requestApproval(deps, 'run', run.id, agentId, summary);
      Object.assign(run, { status: 'awaiting_approval', approval_id: approval.id });
      state.appendEvent(run.id, 'run.decision', { decision, reason });
      state.appendEvent(run.id, 'approval.requested', { approval_id: approval.id });
    } else {
      state.appendEvent(run.id, 'run.decision', { decision });
      startRun(deps, run);
    }
    const target = { type: 'run', id: run.id };
    state.record(ctx.principal, 'run.created', ctx.requestId, target, { decision });
    return reply(201, { run: view(run), decision, approval_id: run.approval_id, reason });
  },
  listRuns: ({ query }, { state }) => {
    const rows = [...state.runs.values()].filter(
      (r) =>
        (!query.agent_id || r.agent_id === query.agent_id) &&
        (!query.status || r.status === query.status),
    );
    return ok(cursorPage(rows, query, 'newest', view));
  },
  getRun: (ctx, { state }) => {
    const run = runOr404(state, ctx.path.run_id);
    if (ctx.principal.type === 'agent' && run.agent_id !== ctx.principal.agentId)
      throw notFound(`run ${run.id}`);
    return ok(view(run));
  },
  cancelRun: (ctx, { state }) => {
    const run = runOr404(state, ctx.path.run_id);
    if (isTerminal(run)) throw invalidState(`Run ${run.id} is already ${run.status}.`);
    const now = state.nowIso();
    Object.assign(run, { status: 'cancelled', updated_at: now, completed_at: now });
    const approval = run.approval_id ? state.approvals.get(run.approval_id) : undefined;
    // Nobody needs to decide any more.
    if (approval?.status === 'pending') {
      Object.assign(approval, { status: 'expired', resolved_at: now });
      state.pendingApprovals.delete(approval.id);
    }
    state.appendEvent(run.id, 'run.cancelled');
    state.record(ctx.principal, 'run.cancelled', ctx.requestId, { type: 'run', id: run.id });
    return ok(view(run));
  },
} satisfies Handlers;
