import type { ServerResponse } from 'node:http';
import type { components } from '@tollgate/api';
import { buildPack, checkLink, signLink } from '../evidence';
import { isTerminal, requestApproval, startRun } from '../governance';
import { HttpProblem, invalidState, notFound, ok, type Reply } from '../http';
import { newId, nowIso, sha256 } from '../ids';
import { cursorPage } from '../pagination';
import type { Handler } from '../router';
import { type State, view } from '../state';
import { agentOr404 } from './agents';
import { actingAgent } from './services';

type S = components['schemas'];

function runOr404(state: State, id: string) {
  const run = state.runs.get(id);
  if (!run) throw notFound(`run ${id}`);
  return run;
}

const TERMINAL_EVENTS = new Set(['run.succeeded', 'run.failed', 'run.cancelled']);

function sse(state: State, runId: string, lastEventId: number): Reply['stream'] {
  return (res: ServerResponse) => {
    const send = (e: S['RunEvent']) =>
      res.write(
        `id: ${e.sequence}\nevent: ${e.type}\ndata: ${JSON.stringify(view(e as S['RunEvent'] & { seq: number }))}\n\n`,
      );
    const stop = () => {
      state.bus.off(`event:${runId}`, onEvent);
      clearInterval(keepAlive);
    };
    const onEvent = (e: S['RunEvent']) => {
      send(e);
      if (TERMINAL_EVENTS.has(e.type)) {
        stop();
        res.end();
      }
    };
    const keepAlive = setInterval(() => res.write(': keep-alive\n\n'), 15_000);
    res.on('close', stop);
    const past = (state.events.get(runId) ?? []).filter((e) => e.sequence > lastEventId);
    for (const e of past) send(e);
    const run = state.runs.get(runId);
    if (
      run &&
      isTerminal(run) &&
      (past.some((e) => TERMINAL_EVENTS.has(e.type)) ||
        lastEventId >= (state.events.get(runId)?.length ?? 0))
    ) {
      stop();
      res.end();
      return;
    }
    state.bus.on(`event:${runId}`, onEvent);
  };
}

export const runs: Record<string, Handler> = {
  createRun: (ctx, deps) => {
    const { state } = deps;
    const b = ctx.body as S['RunCreate'];
    const agentId = actingAgent(ctx, b.agent_id);
    const agent = agentOr404(state, agentId);
    if (agent.status === 'suspended')
      throw new HttpProblem(403, 'agent_suspended', 'The agent is suspended.');
    const tool = b.tool_id ? state.tools.get(b.tool_id) : undefined;
    if (b.tool_id && !tool) throw notFound(`tool ${b.tool_id}`);
    const policy = !tool
      ? 'allow'
      : tool.allowed_agents.length && !tool.allowed_agents.includes(agentId)
        ? 'deny'
        : tool.policy;
    const decision =
      policy === 'allow' ? 'allowed' : policy === 'deny' ? 'denied' : 'requires_approval';
    const now = nowIso();
    const run = {
      id: newId('run'),
      agent_id: agentId,
      tool_id: tool?.id ?? null,
      action: b.action,
      status: 'queued' as S['RunStatus'],
      decision: decision as S['RunDecision'],
      approval_id: null as string | null,
      input: b.input ?? {},
      output: null,
      error: null as string | null,
      created_at: now,
      updated_at: now,
      completed_at: null as string | null,
      seq: state.nextSeq(),
    };
    state.runs.set(run.id, run);
    state.appendEvent(run.id, 'run.created', { action: run.action, tool_id: run.tool_id });
    state.appendEvent(run.id, 'run.decision', { decision });
    let reason: string | null = null;
    if (decision === 'denied') {
      reason = tool ? `policy of ${tool.name} denies this agent` : 'denied';
      Object.assign(run, { status: 'denied', error: reason, completed_at: now });
    } else if (decision === 'requires_approval') {
      const approval = requestApproval(
        state,
        'run',
        run.id,
        agentId,
        `${run.action} with ${tool?.name}`,
      );
      reason = `tool policy of ${tool?.name} requires approval`;
      Object.assign(run, { status: 'awaiting_approval', approval_id: approval.id });
      state.appendEvent(run.id, 'approval.requested', { approval_id: approval.id });
    } else startRun(deps, run);
    state.record(
      ctx.principal,
      'run.created',
      ctx.requestId,
      { type: 'run', id: run.id },
      { decision },
    );
    return ok({ run: view(run), decision, approval_id: run.approval_id, reason }, 201);
  },
  listRuns: ({ query }, { state }) =>
    ok(
      cursorPage(
        [...state.runs.values()].filter(
          (r) =>
            (!query.agent_id || r.agent_id === query.agent_id) &&
            (!query.status || r.status === query.status),
        ),
        query,
        'newest',
        view,
      ),
    ),
  getRun: (ctx, { state }) => {
    const run = runOr404(state, ctx.path.run_id!);
    if (ctx.principal.type === 'agent' && run.agent_id !== ctx.principal.agentId)
      throw notFound(`run ${run.id}`);
    return ok(view(run));
  },
  cancelRun: (ctx, { state }) => {
    const run = runOr404(state, ctx.path.run_id!);
    if (isTerminal(run)) throw invalidState(`Run ${run.id} is already ${run.status}.`);
    Object.assign(run, { status: 'cancelled', updated_at: nowIso(), completed_at: nowIso() });
    const approval = run.approval_id ? state.approvals.get(run.approval_id) : undefined;
    if (approval?.status === 'pending')
      Object.assign(approval, { status: 'expired', resolved_at: nowIso() });
    state.appendEvent(run.id, 'run.cancelled');
    state.record(ctx.principal, 'run.cancelled', ctx.requestId, { type: 'run', id: run.id });
    return ok(view(run));
  },
  listRunEvents: ({ path, query }, { state }) => {
    runOr404(state, path.run_id!);
    return ok(cursorPage(state.events.get(path.run_id!) ?? [], query, 'oldest', view));
  },
  streamRunEvents: (ctx, { state }) => {
    runOr404(state, ctx.path.run_id!);
    const last = Number(ctx.headers['last-event-id'] ?? 0);
    return { status: 200, stream: sse(state, ctx.path.run_id!, Number.isFinite(last) ? last : 0) };
  },
  exportRunEvidence: (ctx, deps) => {
    const run = runOr404(deps.state, ctx.path.run_id!);
    const pack = buildPack(
      run,
      (deps.state.events.get(run.id) ?? []).map((e) => view(e) as S['RunEvent']),
    );
    const bytes = JSON.stringify(pack);
    deps.state.evidence.set(pack.pack_id, { pack, bytes });
    const expiresIn = (ctx.body as S['EvidenceExportRequest'] | undefined)?.expires_in ?? 900;
    const expires = Math.floor(Date.now() / 1000) + expiresIn;
    deps.state.record(
      ctx.principal,
      'evidence.exported',
      ctx.requestId,
      { type: 'run', id: run.id },
      { pack_id: pack.pack_id },
    );
    return ok(
      {
        evidence_pack_id: pack.pack_id,
        run_id: run.id,
        download_url: signLink(deps.url(), deps.linkKey, pack.pack_id, expires),
        expires_at: new Date(expires * 1000).toISOString(),
        sha256: sha256(bytes),
        event_count: pack.events.length,
        head_hash: pack.head_hash,
      },
      201,
    );
  },
  downloadEvidence: ({ path, query }, deps) => {
    const record = deps.state.evidence.get(path.pack_id!);
    if (!record) throw notFound(`evidence pack ${path.pack_id}`);
    checkLink(deps.linkKey, path.pack_id!, Number(query.expires), String(query.signature));
    return { status: 200, body: record.bytes, headers: { 'Content-Type': 'application/json' } };
  },
};
