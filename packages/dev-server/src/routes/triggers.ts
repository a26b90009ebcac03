/** Triggers: signed webhooks that make a governed service request for an agent. */
import type { components, Known } from '@tollgate/api';
import { unixSeconds } from '../clock';
import { type Handlers, noContent, ok, reply } from '../http';
import { newId } from '../ids';
import { HttpProblem, notFound } from '../middleware/problem';
import { agentOr404 } from '../state/agents';
import { mintSecret } from '../state/credentials';
import { cursorPage } from '../state/pagination';
import { governServiceRequest } from '../state/service-requests';
import { SYSTEM, view } from '../state/store';
import { verifyTriggerSignature } from '../state/trigger-signature';

type S = components['schemas'];

/** Fills `{{field}}` placeholders in the template's strings from the fired body. */
function fill(template: unknown, values: Record<string, unknown>): unknown {
  if (typeof template === 'string')
    return template.replace(/\{\{(\w+)\}\}/g, (_, k: string) => String(values[k] ?? ''));
  if (Array.isArray(template)) return template.map((v) => fill(v, values));
  if (template && typeof template === 'object') return fillFields(template, values);
  return template;
}

const fillFields = (template: object, values: Record<string, unknown>): Record<string, unknown> =>
  Object.fromEntries(Object.entries(template).map(([k, v]) => [k, fill(v, values)]));

/** What became of the service request a webhook made; a status this server lacks failed. */
const DISPATCH = new Map<string, S['TriggerFire']['dispatch_status']>([
  ['executed', 'dispatched'],
  ['running', 'dispatched'],
  ['approval_required', 'approval_required'],
  ['blocked', 'rejected'],
  ['failed', 'failed'],
] satisfies [Known<S['ServiceRequestStatus']>, S['TriggerFire']['dispatch_status']][]);

export const triggers = {
  createTrigger: ({ body, principal, requestId }, { state }) => {
    const b = body;
    agentOr404(state, b.agent_id);
    const trigger = {
      id: newId('trg'),
      agent_id: b.agent_id,
      name: b.name,
      service: b.service,
      operation: b.operation,
      payload_template: b.payload_template,
      tolerance_seconds: b.tolerance_seconds ?? 300,
      created_at: state.nowIso(),
      last_fired_at: null,
      seq: state.nextSeq(),
    };
    // Kept as it is, not hashed: the server checks each webhook's HMAC with it.
    const { value } = mintSecret('whsec_');
    state.triggers.set(trigger.id, { trigger, secret: value, seenSignatures: new Map() });
    state.record(principal, 'trigger.created', requestId, { type: 'trigger', id: trigger.id });
    return reply(201, { trigger: view(trigger), secret: value });
  },
  listTriggers: ({ query }, { state }) =>
    ok(
      cursorPage(
        [...state.triggers.values()].map((t) => t.trigger),
        query,
        'newest',
        view,
      ),
    ),
  getTrigger: ({ path }, { state }) => {
    const record = state.triggers.get(path.trigger_id);
    if (!record) throw notFound(`trigger ${path.trigger_id}`);
    return ok(view(record.trigger));
  },
  deleteTrigger: ({ path, principal, requestId }, { state }) => {
    if (!state.triggers.delete(path.trigger_id)) throw notFound(`trigger ${path.trigger_id}`);
    const target = { type: 'trigger', id: path.trigger_id };
    state.record(principal, 'trigger.deleted', requestId, target);
    return noContent();
  },
  fireTrigger: async (ctx, deps) => {
    const { state } = deps;
    const record = state.triggers.get(ctx.path.trigger_id);
    if (!record) throw notFound(`trigger ${ctx.path.trigger_id}`);
    const signature = ctx.headers['X-Tollgate-Signature'];
    verifyTriggerSignature(record, signature, ctx.rawBody, unixSeconds(state.clock));
    const t = record.trigger;
    t.last_fired_at = state.nowIso();
    const fire = { fire_id: newId('fire'), trigger_id: t.id };
    let dispatch: S['TriggerFire'];
    try {
      const payload = fillFields(t.payload_template, ctx.body ?? {});
      const request = await governServiceRequest(deps, t.agent_id, t.service, t.operation, payload);
      dispatch = {
        ...fire,
        dispatch_status: DISPATCH.get(request.status) ?? 'failed',
        service_request_id: request.id,
        reason: request.reason_code,
      };
    } catch (error) {
      // The webhook was genuine; what it asked for could not be made (agent gone, bad payload).
      // The shared state being unreachable is the server's failure, not the webhook's: 503.
      if (!(error instanceof HttpProblem) || error.status === 503) throw error;
      dispatch = {
        ...fire,
        dispatch_status: error.code === 'validation_failed' ? 'failed' : 'rejected',
        service_request_id: null,
        reason: error.message,
      };
    }
    state.record(
      { ...SYSTEM, id: `trigger:${t.id}` },
      'trigger.fired',
      ctx.requestId,
      { type: 'trigger', id: t.id },
      { fire_id: dispatch.fire_id, dispatch_status: dispatch.dispatch_status },
    );
    return reply(202, dispatch);
  },
} satisfies Handlers;
