import { createHmac } from 'node:crypto';
import { CERTIFICATE_HEADER, PROOF_HEADER } from '@tollgate/identity';
import { afterAll, describe, expect, it } from 'vitest';
import { canonicalJson, GENESIS } from '../src/index';
import { harness, sleep } from './helpers';

const h = await harness({ tokenTtlSeconds: 2 });
afterAll(() => h.server.close());
const chat = {
  model: 'gpt-4o-mini',
  messages: [{ role: 'user', content: 'Summarise the quarterly report please' }],
};

describe('auth and scopes', () => {
  it('answers 403 naming the missing scope, and 401 for revoked keys', async () => {
    const key = await h.expectOk('createApiKey', { body: { name: 'ro', scopes: ['runs:read'] } });
    const denied = await h.call('createAgent', { token: key.body.secret, body: { name: 'x' } });
    expect(denied.status).toBe(403);
    expect(denied.body).toMatchObject({
      code: 'insufficient_scope',
      missing_scope: 'agents:write',
    });
    await h.expectOk('listRuns', { token: key.body.secret });
    await h.expectOk('revokeApiKey', { path: { key_id: key.body.api_key.id } });
    expect((await h.call('listRuns', { token: key.body.secret })).body.code).toBe(
      'invalid_api_key',
    );
    expect((await h.call('listRuns', { token: null })).status).toBe(401);
  });

  it('expires OAuth tokens after the configured lifetime', async () => {
    const client = await h.expectOk('createOAuthClient', {
      body: { name: 'c', scopes: ['agents:read'] },
    });
    const body = {
      grant_type: 'client_credentials',
      client_id: client.body.client.id,
      client_secret: client.body.client_secret,
    };
    const token = await h.expectOk('createOAuthToken', { token: null, form: true, body });
    expect(token.body.expires_in).toBe(2);
    await h.expectOk('listAgents', { token: token.body.access_token });
    await sleep(2100);
    expect((await h.call('listAgents', { token: token.body.access_token })).body.code).toBe(
      'token_expired',
    );
    const wrong = await h.call('createOAuthToken', {
      token: null,
      form: true,
      body: { ...body, client_secret: 'nope' },
    });
    expect(wrong.body.code).toBe('invalid_client');
  });
});

describe('agent identity', () => {
  it('refuses replayed proofs, revoked certificates and suspended agents', async () => {
    const a = await h.agent('ident', { limit_micros: null });
    const url = `${h.server.url}/v1/services`;
    const headers = await a.signer.headers({ method: 'GET', url });
    expect((await fetch(url, { headers })).status).toBe(200);
    const replay = await fetch(url, { headers });
    expect((await replay.json()).code).toBe('proof_replayed');
    await h.expectOk('suspendAgent', { path: { agent_id: 'ident' } });
    expect((await h.call('listServices', { agent: a.signer, token: null })).body.code).toBe(
      'agent_suspended',
    );
    await h.expectOk('resumeAgent', { path: { agent_id: 'ident' } });
    await h.expectOk('revokeAgentCredentials', { path: { agent_id: 'ident' } });
    const revoked = await h.call('listServices', { agent: a.signer, token: null });
    expect(revoked.status).toBe(401);
    expect(revoked.body.code).toBe('certificate_revoked');
    const renewed = await h.expectOk('refreshAgentCredentials', {
      path: { agent_id: 'ident' },
      body: { public_key: a.keys.publicJwk },
    });
    a.signer.setCertificate(renewed.body.certificate);
    await h.expectOk('listServices', { agent: a.signer, token: null });
  });

  it('binds proofs to method, URL and body', async () => {
    const a = await h.agent('binder');
    const url = `${h.server.url}/v1/service-requests`;
    const body = JSON.stringify({
      service: 'email',
      operation: 'send',
      payload: { to: 'x@example.com' },
    });
    const headers: Record<string, string> = {
      ...(await a.signer.headers({ method: 'POST', url, body })),
      'content-type': 'application/json',
    };
    const tampered = await fetch(url, { method: 'POST', headers, body: body.replace('x@', 'y@') });
    expect((await tampered.json()).code).toBe('binding_mismatch');
    const missing = await fetch(url, {
      method: 'POST',
      headers: {
        [CERTIFICATE_HEADER]: headers[CERTIFICATE_HEADER]!,
        'content-type': 'application/json',
      },
      body,
    });
    expect((await missing.json()).code).toBe('proof_missing');
    void PROOF_HEADER;
  });
});

describe('budgets and the LLM proxy', () => {
  it('charges each call, records the alert crossing, then answers 402 budget_exceeded', async () => {
    const a = await h.agent('spender', { limit_micros: 40, alert_threshold_pct: 50 });
    let spent = 0;
    let status = 200;
    for (let i = 0; i < 50 && status === 200; i++) {
      const r = await h.call('createChatCompletion', { agent: a.signer, token: null, body: chat });
      status = r.status;
      if (status === 200) {
        spent += Number(r.headers.get('x-tollgate-cost-micros'));
        expect(r.body.choices[0].message.content).toBe(
          'Echo: Summarise the quarterly report please',
        );
      } else expect(r.body.code).toBe('budget_exceeded');
    }
    expect(status).toBe(402);
    const budget = await h.expectOk('getAgentBudget', { path: { agent_id: 'spender' } });
    expect(budget.body.spent_micros).toBe(spent);
    expect(budget.body.alerts).toEqual([expect.objectContaining({ threshold_pct: 50 })]);
    const usage = await h.expectOk('getUsage', { query: { agent_id: 'spender' } });
    expect(usage.body.total_cost_micros).toBe(spent);
  });

  it('streams OpenAI chunks and Anthropic events', async () => {
    const a = await h.agent('streamer');
    const r = await h.call('createChatCompletion', {
      agent: a.signer,
      token: null,
      body: { ...chat, stream: true },
    });
    expect(r.headers.get('content-type')).toContain('text/event-stream');
    expect(r.body).toContain('"object":"chat.completion.chunk"');
    expect(r.body.trim().endsWith('data: [DONE]')).toBe(true);
    const m = await h.call('createMessage', {
      agent: a.signer,
      token: null,
      body: {
        model: 'claude-3-5-haiku-latest',
        max_tokens: 50,
        stream: true,
        messages: [{ role: 'user', content: 'hi' }],
      },
    });
    expect(m.body).toContain('event: message_stop');
  });
});

describe('governance', () => {
  it('holds a payment for approval and executes it when approved', async () => {
    await h.agent('payer', { limit_micros: 1_000_000 });
    const held = await h.expectOk('createServiceRequest', {
      body: { agent_id: 'payer', service: 'payments', operation: 'charge', payload: { amount: 5 } },
    });
    expect(held.body).toMatchObject({
      status: 'approval_required',
      approval_id: expect.stringMatching(/^apr_/),
    });
    await h.expectOk('approveApproval', { path: { approval_id: held.body.approval_id } });
    const done = await h.expectOk('getServiceRequest', { path: { request_id: held.body.id } });
    expect(done.body).toMatchObject({ status: 'executed', cost_micros: 5000 });
    expect(
      (await h.call('approveApproval', { path: { approval_id: held.body.approval_id } })).body.code,
    ).toBe('invalid_state');
    const denied = await h.expectOk('createServiceRequest', {
      body: { agent_id: 'payer', service: 'data', operation: 'delete', payload: {} },
    });
    expect(denied.body).toMatchObject({ status: 'blocked', reason_code: 'policy_denied' });
    const slow = await h.expectOk('createServiceRequest', {
      body: { agent_id: 'payer', service: 'research', operation: 'report', payload: {} },
    });
    expect(slow.status).toBe(202);
    await sleep(100);
    expect(
      (await h.expectOk('getServiceRequest', { path: { request_id: slow.body.id } })).body.status,
    ).toBe('executed');
  });

  it('streams run events over SSE and resumes after Last-Event-ID', async () => {
    await h.agent('runner');
    const tool = await h.expectOk('registerTool', {
      body: {
        name: 'crm',
        base_url: 'https://crm.example.test',
        auth_type: 'none',
        policy: 'approval_required',
      },
    });
    const run = await h.expectOk('createRun', {
      body: { agent_id: 'runner', tool_id: tool.body.id, action: 'update' },
    });
    const controller = new AbortController();
    const response = await fetch(`${h.server.url}/v1/runs/${run.body.run.id}/events/stream`, {
      headers: { authorization: `Bearer ${h.server.adminApiKey}`, 'last-event-id': '1' },
      signal: controller.signal,
    });
    setTimeout(
      () => void h.expectOk('approveApproval', { path: { approval_id: run.body.approval_id } }),
      30,
    );
    const text = await response.text();
    const ids = [...text.matchAll(/^id: (\d+)$/gm)].map((m) => Number(m[1]));
    expect(ids[0]).toBe(2);
    expect(ids).toEqual(ids.map((_, i) => i + 2));
    expect(text).toContain('event: run.succeeded');
  });

  it('exports a hash-chained evidence pack behind a link that expires', async () => {
    await h.agent('evi');
    const run = await h.expectOk('createRun', { body: { agent_id: 'evi', action: 'think' } });
    await sleep(100);
    const exported = await h.expectOk('exportRunEvidence', {
      path: { run_id: run.body.run.id },
      body: { expires_in: 60 },
    });
    const pack = await (await fetch(exported.body.download_url)).json();
    let prev = GENESIS;
    for (const e of pack.events) {
      expect(e.prev_hash).toBe(prev);
      const { createHash } = await import('node:crypto');
      prev = createHash('sha256')
        .update(
          prev +
            canonicalJson({
              sequence: e.sequence,
              type: e.type,
              data: e.data,
              created_at: e.created_at,
            }),
        )
        .digest('hex');
      expect(e.hash).toBe(prev);
    }
    expect(pack.head_hash).toBe(exported.body.head_hash);
    const forged = exported.body.download_url.replace(
      /signature=(.)/,
      (_: string, c: string) => `signature=${c === '0' ? '1' : '0'}`,
    );
    expect((await (await fetch(forged)).json()).code).toBe('signature_invalid');
    const expired = new URL(exported.body.download_url);
    expired.searchParams.set('expires', '1000');
    expect((await fetch(expired)).status).toBe(403);
  });
});

describe('idempotency and pagination', () => {
  it('replays, refuses reuse with another body, and refuses a key in flight', async () => {
    const headers = { 'Idempotency-Key': 'k-1' };
    const first = await h.expectOk('createAgent', { headers, body: { name: 'Idem' } });
    const again = await h.expectOk('createAgent', { headers, body: { name: 'Idem' } });
    expect(again.headers.get('idempotent-replayed')).toBe('true');
    expect(again.body.id).toBe(first.body.id);
    const other = await h.call('createAgent', { headers, body: { name: 'Other' } });
    expect(other.body.code).toBe('idempotency_key_reused');
    const inFlight = await Promise.all(
      [1, 2].map(() =>
        h.call('registerAgentRun', {
          headers: { 'Idempotency-Key': 'k-2' },
          path: { agent_id: 'race' },
          body: { public_key: { kty: 'OKP', crv: 'Ed25519', x: 'A'.repeat(43) } },
        }),
      ),
    );
    const codes = inFlight.map((r) => r.status).sort();
    expect(codes[0]).toBeLessThan(300);
    if (codes[1] === 409)
      expect(inFlight.find((r) => r.status === 409)!.headers.get('retry-after')).toBe('1');
  });

  it('keeps cursors stable while rows are inserted, and pages offsets with a total', async () => {
    for (let i = 0; i < 5; i++)
      await h.expectOk('createAgent', { body: { id: `page-${i}`, name: `p${i}` } });
    const first = await h.expectOk('listAgents', { query: { limit: 2 } });
    await h.expectOk('createAgent', { body: { id: 'page-new', name: 'new' } });
    const second = await h.expectOk('listAgents', {
      query: { limit: 2, cursor: first.body.next_cursor },
    });
    const ids = [...first.body.data, ...second.body.data].map((a: { id: string }) => a.id);
    expect(new Set(ids).size).toBe(4);
    expect(ids).not.toContain('page-new');
    const audit = await h.expectOk('listAuditLog', { query: { limit: 3, offset: 2 } });
    expect(audit.body).toMatchObject({ offset: 2, limit: 3 });
    expect(audit.body.total).toBeGreaterThan(5);
  });
});

describe('triggers', () => {
  it('accepts a fresh signature once, and refuses tampering, staleness and replays', async () => {
    await h.agent('hooked');
    const created = await h.expectOk('createTrigger', {
      body: {
        agent_id: 'hooked',
        name: 'alert',
        service: 'email',
        operation: 'send',
        payload_template: { to: '{{to}}' },
        tolerance_seconds: 60,
      },
    });
    const id = created.body.trigger.id;
    const sign = (body: string, t = Math.floor(Date.now() / 1000)) =>
      `t=${t},v1=${createHmac('sha256', created.body.secret).update(`${t}.${body}`).digest('hex')}`;
    const body = '{"to":"ops@example.com"}';
    const fire = (signature: string, b = body) =>
      fetch(`${h.server.url}/v1/triggers/${id}/fire`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-tollgate-signature': signature },
        body: b,
      });
    const signature = sign(body);
    expect((await fire(signature)).status).toBe(202);
    expect((await (await fire(signature)).json()).code).toBe('signature_invalid');
    expect((await (await fire(sign(body), '{"to":"evil@example.com"}')).json()).code).toBe(
      'signature_invalid',
    );
    expect((await (await fire(sign(body, Math.floor(Date.now() / 1000) - 120))).json()).code).toBe(
      'signature_expired',
    );
  });
});
