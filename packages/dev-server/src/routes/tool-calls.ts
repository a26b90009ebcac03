/**
 * Tool calls the agent executes itself (a framework's tool, not the control plane's): the
 * control plane decides (checkToolCall) and records the decision as a run; the agent reports
 * what the tool did (reportRunOutcome). A call held for approval is started by the agent's
 * claim (claimApproval), once, and only with the input held: the approval lives here, on the
 * server, so no client state can widen what an operator approved.
 */
import type { components } from '@tollgate/api';
import { type Context, type Handlers, ok, reply } from '../http';
import {
  agentSuspended,
  HttpProblem,
  invalidState,
  notFound,
  validationFailed,
} from '../middleware/problem';
import { agentOr404 } from '../state/agents';
import {
  createRunRecord,
  finishRun,
  inputSha256,
  requestApproval,
  runOr404,
} from '../state/governance';
import { verdict } from '../state/policy';
import { view } from '../state/store';
import { actingAgent } from './acting-agent';

type S = components['schemas'];

/** The record, unless an agent asks for another agent's (then it does not exist for it). */
function ownedOr404<T extends { agent_id: string }>(
  ctx: Pick<Context, 'principal'>,
  what: string,
  record: T | undefined,
) {
  if (!record || (ctx.principal.type === 'agent' && record.agent_id !== ctx.principal.agentId))
    throw notFound(what);
  return record;
}

/** Why an approval cannot be claimed now (409 with a code to branch on), or undefined. */
function unclaimable(approval: S['Approval']): HttpProblem | undefined {
  const id = approval.id;
  if (approval.status === 'pending')
    return new HttpProblem(409, 'approval_pending', `Approval ${id} has not been decided yet.`);
  if (approval.status === 'rejected')
    return new HttpProblem(
      409,
      'approval_rejected',
      `Approval ${id} was rejected: ${approval.reason ?? ''}`.trim(),
    );
  if (approval.status === 'expired')
    return new HttpProblem(
      409,
      'approval_expired',
      `Approval ${id} expired before anyone decided.`,
    );
  if (approval.claimed_at)
    return new HttpProblem(
      409,
      'approval_claimed',
      `Approval ${id} was claimed at ${approval.claimed_at}.`,
    );
  return undefined;
}

export const toolCalls = {
  checkToolCall: (ctx, deps) => {
    const { state } = deps;
    const agentId = actingAgent(ctx, ctx.body.agent_id);
    const agent = agentOr404(state, agentId);
    if (agent.status === 'suspended') throw agentSuspended();
    const tool = state.tools.get(ctx.path.tool_id);
    if (!tool) throw notFound(`tool ${ctx.path.tool_id}`);
    const { decision, reason } = verdict(tool, agentId);
    const run = createRunRecord(state, {
      agent_id: agentId,
      tool_id: tool.id,
      action: ctx.body.action ?? tool.name,
      status: 'queued',
      decision,
      input: ctx.body.input,
      executor: 'agent',
    });
    state.appendEvent(run.id, 'run.created', { action: run.action, tool_id: run.tool_id });
    state.appendEvent(run.id, 'run.decision', { decision, reason });
    const now = run.created_at;
    if (decision === 'denied') {
      Object.assign(run, { status: 'denied', error: reason, completed_at: now });
    } else if (decision === 'requires_approval') {
      const summary = `${run.action} with ${tool.name} for ${agentId}`;
      const approval = requestApproval(deps, 'run', run.id, agentId, summary, run.input_sha256);
      Object.assign(run, { status: 'awaiting_approval', approval_id: approval.id });
      state.appendEvent(run.id, 'approval.requested', { approval_id: approval.id });
    } else {
      run.status = 'running';
      state.appendEvent(run.id, 'run.started', { executor: 'agent' });
    }
    const target = { type: 'run', id: run.id };
    state.record(ctx.principal, 'tool.checked', ctx.requestId, target, {
      decision,
      tool_id: tool.id,
    });
    return reply(201, { run: view(run), decision, approval_id: run.approval_id, reason });
  },

  reportRunOutcome: (ctx, { state }) => {
    const run = ownedOr404(ctx, `run ${ctx.path.run_id}`, runOr404(state, ctx.path.run_id));
    if (run.executor !== 'agent')
      throw invalidState(`Run ${run.id} is executed by the control plane, not reported.`);
    if (run.status !== 'running')
      throw invalidState(`Run ${run.id} is ${run.status}, not running.`);
    const { status, output, error } = ctx.body;
    if (status === 'failed' && !error)
      throw validationFailed([{ path: 'body.error', message: 'Required when status is failed' }]);
    state.appendEvent(run.id, 'tool.called', { tool_id: run.tool_id, action: run.action });
    if (status === 'succeeded') finishRun(state, run, 'succeeded', { output: output ?? {} });
    else finishRun(state, run, 'failed', { error });
    const target = { type: 'run', id: run.id };
    state.record(ctx.principal, 'run.reported', ctx.requestId, target, { status });
    return ok(view(run));
  },

  claimApproval: (ctx, { state }) => {
    const id = ctx.path.approval_id;
    const approval = ownedOr404(ctx, `approval ${id}`, state.approvals.get(id));
    const refused = unclaimable(approval);
    if (refused) throw refused;
    const run = approval.kind === 'run' ? state.runs.get(approval.subject_id) : undefined;
    if (run?.executor !== 'agent' || !approval.input_sha256)
      throw invalidState(`Approval ${id} is not for a call the agent executes.`);
    if (inputSha256(ctx.body.input) !== approval.input_sha256)
      throw new HttpProblem(409, 'input_mismatch', 'This is not the input held for approval.');
    if (run.status !== 'queued') throw invalidState(`Run ${run.id} is ${run.status}.`);
    const now = state.nowIso();
    approval.claimed_at = now;
    Object.assign(run, { status: 'running', updated_at: now });
    state.appendEvent(run.id, 'approval.claimed', { approval_id: id });
    state.appendEvent(run.id, 'run.started', { executor: 'agent' });
    state.record(
      ctx.principal,
      'approval.claimed',
      ctx.requestId,
      { type: 'approval', id },
      {
        run_id: run.id,
      },
    );
    return ok({ approval: view(approval), run: view(run) });
  },
} satisfies Handlers;
