import { createHash, createHmac } from 'node:crypto';
import { afterAll, describe, expect, it } from 'vitest';
import { canonicalJson, GENESIS } from '../src/index';
import { harness, manualClock } from './helpers';

const clock = manualClock();
const h = await harness({ clock, timers: clock.timers, workDelayMs: 5 });
afterAll(async () => {
  expect(h.logged).toEqual([]);
  await h.server.close();
});

await h.expectOk('createAgent', {
  body: { id: 'ev', name: 'Ev', budget: { limit_micros: 1_000_000 } },
});
const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');

describe('evidence packs', () => {
  it('chains every event of the run by hash, behind a signed link', async () => {
    const run = await h.expectOk('createRun', {
      body: { agent_id: 'ev', action: 'think', input: { q: 1 } },
    });
    clock.advance(5);
    const r = await h.expectOk('getRun', { path: { run_id: run.body.run.id } });
    expect(r.body.status).toBe('succeeded');
    const exported = await h.expectOk('exportRunEvidence', {
      path: { run_id: run.body.run.id },
      body: { expires_in: 60 },
    });
    expect(exported.body.event_count).toBe(4);
    const response = await fetch(exported.body.download_url);
    const bytes = await response.text();
    expect(sha256(bytes)).toBe(exported.body.sha256);
    const pack = JSON.parse(bytes);
    expect(pack).toMatchObject({ run_id: run.body.run.id, agent_id: 'ev', algorithm: 'sha256' });
    let prev = GENESIS;
    for (const e of pack.events) {
      expect(e.prev_hash).toBe(prev);
      const { sequence, type, data, created_at } = e;
      prev = sha256(prev + canonicalJson({ sequence, type, data, created_at }));
      expect(e.hash).toBe(prev);
    }
    expect(pack.head_hash).toBe(prev);
    expect(exported.body.head_hash).toBe(prev);
  });

  it('refuses forged links (403 signature_invalid) and expired ones (403 link_expired)', async () => {
    const run = await h.expectOk('createRun', { body: { agent_id: 'ev', action: 'x' } });
    const exported = await h.expectOk('exportRunEvidence', {
      path: { run_id: run.body.run.id },
      body: { expires_in: 60 },
    });
    const link = new URL(exported.body.download_url);
    const signature = link.searchParams.get('signature')!;
    const forged = new URL(link);
    forged.searchParams.set(
      'signature',
      `${signature[0] === '0' ? '1' : '0'}${signature.slice(1)}`,
    );
    const r1 = await fetch(forged);
    expect(r1.status).toBe(403);
    expect((await r1.json()).code).toBe('signature_invalid');
    const extended = new URL(link);
    extended.searchParams.set('expires', String(Number(link.searchParams.get('expires')) + 3600));
    expect((await (await fetch(extended)).json()).code).toBe('signature_invalid');
    clock.advance(61_000);
    const r2 = await fetch(link);
    expect(r2.status).toBe(403);
    expect((await r2.json()).code).toBe('link_expired');
    const r3 = await fetch(`${h.server.url}/v1/evidence/${exported.body.evidence_pack_id}`);
    expect(r3.status).toBe(422);
  });
});

describe('triggers', () => {
  async function trigger(overrides: object = {}) {
    const created = await h.expectOk('createTrigger', {
      body: {
        agent_id: 'ev',
        name: 'alert',
        service: 'email',
        operation: 'send',
        payload_template: { to: '{{to}}', subject: 'Alert: {{message}}' },
        tolerance_seconds: 60,
        ...overrides,
      },
    });
    expect(created.body.secret).toMatch(/^whsec_/);
    const id = created.body.trigger.id;
    const sign = (body: string, t = Math.floor(clock() / 1000)) =>
      `t=${t},v1=${createHmac('sha256', created.body.secret).update(`${t}.${body}`).digest('hex')}`;
    const fire = async (signature: string | undefined, body: string) => {
      const r = await fetch(`${h.server.url}/v1/triggers/${id}/fire`, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          ...(signature && { 'x-tollgate-signature': signature }),
        },
        body,
      });
      return { status: r.status, body: await r.json() };
    };
    return { id, sign, fire };
  }
  const body = '{"to":"ops@example.com","message":"disk full"}';

  it('dispatches a freshly signed webhook once as a governed service request', async () => {
    const t = await trigger();
    const signature = t.sign(body);
    const fired = await t.fire(signature, body);
    expect(fired).toMatchObject({
      status: 202,
      body: { dispatch_status: 'dispatched', trigger_id: t.id },
    });
    const request = await h.expectOk('getServiceRequest', {
      path: { request_id: fired.body.service_request_id },
    });
    expect(request.body).toMatchObject({ status: 'executed', agent_id: 'ev' });
    const got = await h.expectOk('getTrigger', { path: { trigger_id: t.id } });
    expect(got.body.last_fired_at).not.toBeNull();
    // The very same signature again is a replay, even within the tolerance.
    expect((await t.fire(signature, body)).body.code).toBe('signature_invalid');
  });

  it('refuses tampered bodies, stale and future timestamps, malformed and missing headers', async () => {
    const t = await trigger();
    const now = Math.floor(clock() / 1000);
    expect((await t.fire(t.sign(body), body.replace('ops', 'evil'))).body.code).toBe(
      'signature_invalid',
    );
    expect((await t.fire(t.sign(body, now - 61), body)).body.code).toBe('signature_expired');
    expect((await t.fire(t.sign(body, now + 61), body)).body.code).toBe('signature_expired');
    expect((await t.fire(t.sign(body, now - 59), body)).status).toBe(202);
    expect((await t.fire('v1=abc', body)).body.code).toBe('signature_invalid');
    expect((await t.fire(`t=${now},v1=${'0'.repeat(64)}`, body)).body.code).toBe(
      'signature_invalid',
    );
    const missing = await t.fire(undefined, body);
    expect(missing.status).toBe(422);
    expect(missing.body.errors[0].path).toBe('header.X-Tollgate-Signature');
  });

  it('reports approval_required, rejected and failed dispatches', async () => {
    const pay = await trigger({
      service: 'payments',
      operation: 'charge',
      payload_template: { amount: 1 },
    });
    expect((await pay.fire(pay.sign(body), body)).body.dispatch_status).toBe('approval_required');
    const del = await trigger({ service: 'data', operation: 'delete', payload_template: {} });
    expect((await del.fire(del.sign(body), body)).body).toMatchObject({
      dispatch_status: 'rejected',
      reason: 'policy_denied',
    });
    const bad = await trigger({ payload_template: { subject: '{{message}}' } });
    expect((await bad.fire(bad.sign(body), body)).body).toMatchObject({
      dispatch_status: 'failed',
      service_request_id: null,
    });
  });

  it('lists and deletes triggers; a deleted trigger is 404', async () => {
    const t = await trigger();
    const list = await h.expectOk('listTriggers', { query: { limit: 200 } });
    expect(list.body.data.some((x: { id: string }) => x.id === t.id)).toBe(true);
    await h.expectOk('deleteTrigger', { path: { trigger_id: t.id } });
    expect((await t.fire(t.sign(body), body)).status).toBe(404);
  });
});
