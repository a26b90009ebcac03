import { createHmac, timingSafeEqual } from 'node:crypto';
import type { components } from '@tollgate/api';
import { HttpProblem, noContent, notFound, ok } from '../http';
import { newId, nowIso, secret } from '../ids';
import { cursorPage } from '../pagination';
import type { Handler } from '../router';
import { view } from '../state';
import { agentOr404 } from './agents';
import { governServiceRequest } from './services';

type S = components['schemas'];

/** Fills {{field}} placeholders in string values of the template from the fired body. */
function fill(template: unknown, values: Record<string, unknown>): unknown {
  if (typeof template === 'string')
    return template.replace(/\{\{(\w+)\}\}/g, (_, k: string) => String(values[k] ?? ''));
  if (Array.isArray(template)) return template.map((v) => fill(v, values));
  if (template && typeof template === 'object') {
    return Object.fromEntries(Object.entries(template).map(([k, v]) => [k, fill(v, values)]));
  }
  return template;
}

/** Checks `t=<unix>,v1=<hex>` against HMAC-SHA256(secret, "<t>.<raw body>") in constant time. */
function checkSignature(header: unknown, body: Buffer, key: string, tolerance: number) {
  const parts = Object.fromEntries(
    String(header ?? '')
      .split(',')
      .map((p) => p.trim().split('=', 2) as [string, string]),
  );
  const t = Number(parts.t);
  if (!Number.isInteger(t) || !parts.v1)
    throw new HttpProblem(401, 'signature_invalid', 'The signature header is malformed.');
  const expected = createHmac('sha256', key).update(`${t}.`).update(body).digest();
  const given = Buffer.from(parts.v1, 'hex');
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
    throw new HttpProblem(401, 'signature_invalid', 'The signature does not match.');
  }
  if (Math.abs(Math.floor(Date.now() / 1000) - t) > tolerance) {
    throw new HttpProblem(401, 'signature_expired', 'The signature is outside the tolerance.');
  }
  return `${t}.${parts.v1}`;
}

export const triggers: Record<string, Handler> = {
  createTrigger: ({ body, principal, requestId }, { state }) => {
    const b = body as S['TriggerCreate'];
    agentOr404(state, b.agent_id);
    const trigger = {
      id: newId('trg'),
      agent_id: b.agent_id,
      name: b.name,
      service: b.service,
      operation: b.operation,
      payload_template: b.payload_template,
      tolerance_seconds: b.tolerance_seconds ?? 300,
      created_at: nowIso(),
      last_fired_at: null as string | null,
      seq: state.nextSeq(),
    };
    const signing = secret('whsec_');
    state.triggers.set(trigger.id, { trigger, secret: signing, seenSignatures: new Map() });
    state.record(principal, 'trigger.created', requestId, { type: 'trigger', id: trigger.id });
    return ok({ trigger: view(trigger), secret: signing }, 201);
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
    const record = state.triggers.get(path.trigger_id!);
    if (!record) throw notFound(`trigger ${path.trigger_id}`);
    return ok(view(record.trigger));
  },
  deleteTrigger: ({ path, principal, requestId }, { state }) => {
    if (!state.triggers.delete(path.trigger_id!)) throw notFound(`trigger ${path.trigger_id}`);
    state.record(principal, 'trigger.deleted', requestId, {
      type: 'trigger',
      id: path.trigger_id!,
    });
    return noContent();
  },
  fireTrigger: (ctx, deps) => {
    const record = deps.state.triggers.get(ctx.path.trigger_id!);
    if (!record) throw notFound(`trigger ${ctx.path.trigger_id}`);
    const t = record.trigger;
    const signature = checkSignature(
      ctx.headers['x-tollgate-signature'],
      ctx.rawBody,
      record.secret,
      t.tolerance_seconds,
    );
    const now = Math.floor(Date.now() / 1000);
    for (const [sig, at] of record.seenSignatures)
      if (at < now - t.tolerance_seconds) record.seenSignatures.delete(sig);
    if (record.seenSignatures.has(signature))
      throw new HttpProblem(401, 'signature_invalid', 'This signature was already used.');
    record.seenSignatures.set(signature, now);
    t.last_fired_at = nowIso();
    const fireId = newId('fire');
    let dispatch: S['TriggerFire'];
    try {
      const payload = fill(t.payload_template, ctx.body as Record<string, unknown>) as object;
      const request = governServiceRequest(deps, t.agent_id, t.service, t.operation, payload);
      const status =
        request.status === 'blocked'
          ? 'rejected'
          : request.status === 'approval_required'
            ? 'approval_required'
            : request.status === 'failed'
              ? 'failed'
              : 'dispatched';
      dispatch = {
        fire_id: fireId,
        trigger_id: t.id,
        dispatch_status: status,
        service_request_id: request.id,
        reason: request.reason_code,
      };
    } catch (error) {
      dispatch = {
        fire_id: fireId,
        trigger_id: t.id,
        dispatch_status: 'rejected',
        service_request_id: null,
        reason: (error as Error).message,
      };
    }
    deps.state.record(
      { type: 'public', id: 'webhook', name: 'webhook', scopes: [] },
      'trigger.fired',
      ctx.requestId,
      { type: 'trigger', id: t.id },
      { dispatch_status: dispatch.dispatch_status },
    );
    return ok(dispatch, 202);
  },
};
