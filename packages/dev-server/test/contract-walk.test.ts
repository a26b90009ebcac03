import { createHmac } from 'node:crypto';
import { type OperationId, operations } from '@tollgate/api';
import { generateKeyPair } from '@tollgate/identity';
import { afterAll, describe, expect, it } from 'vitest';
import { type Call, harness, manualClock } from './helpers';

const clock = manualClock();
const WORK_DELAY_MS = 50;
const h = await harness({ clock, timers: clock.timers, workDelayMs: WORK_DELAY_MS });
afterAll(() => h.server.close());

/**
 * Calls an operation and checks the answer; an idempotent one is sent with a key and then
 * repeated, and the repeat must replay the same answer with Idempotent-Replayed: true.
 */
async function expectOk(id: OperationId, c: Call = {}) {
  if (!operations[id].idempotent) return h.expectOk(id, c);
  const call = { ...c, headers: { ...c.headers, 'Idempotency-Key': `walk-${id}-${++keys}` } };
  const first = await h.expectOk(id, call);
  expect(first.headers.get('idempotent-replayed'), id).toBeNull();
  const again = await h.expectOk(id, call);
  expect(again.headers.get('idempotent-replayed'), id).toBe('true');
  expect(again.status, id).toBe(first.status);
  expect(again.body, id).toEqual(first.body);
  return first;
}
let keys = 0;

describe('every operation of the contract answers as the contract says', () => {
  it('walks the whole operation table', async () => {
    await expectOk('getHealth', { token: null });
    await expectOk('getJwks', { token: null });
    await expectOk('getOpenApi', { token: null });
    await expectOk('getWhoami');

    const client = await expectOk('createOAuthClient', {
      body: { name: 'ci', scopes: ['agents:read'] },
    });
    await expectOk('listOAuthClients');
    const token = await expectOk('createOAuthToken', {
      token: null,
      form: true,
      body: {
        grant_type: 'client_credentials',
        client_id: client.body.client.id,
        client_secret: client.body.client_secret,
      },
    });
    await expectOk('listAgents', { token: token.body.access_token });
    await expectOk('deleteOAuthClient', { path: { client_id: client.body.client.id } });

    const key = await expectOk('createApiKey', { body: { name: 'ro', scopes: ['runs:read'] } });
    await expectOk('listApiKeys');
    await expectOk('revokeApiKey', { path: { key_id: key.body.api_key.id } });

    await expectOk('createAgent', {
      body: { id: 'plain', name: 'Plain', budget: { limit_micros: 1000, alert_threshold_pct: 50 } },
    });
    await expectOk('getAgent', { path: { agent_id: 'plain' } });
    await expectOk('updateAgent', { path: { agent_id: 'plain' }, body: { name: 'Plain 2' } });
    await expectOk('createBudgetGroup', {
      body: {
        id: 'team',
        name: 'Team',
        limit_micros: 9000,
        period: 'weekly',
        time_zone: 'Asia/Tokyo',
      },
    });
    await expectOk('listBudgetGroups');
    await expectOk('getBudgetGroup', { path: { group_id: 'team' } });
    await expectOk('updateBudgetGroup', {
      path: { group_id: 'team' },
      body: { limit_micros: 8000 },
    });
    await expectOk('updateAgent', {
      path: { agent_id: 'plain' },
      body: { budget_group_id: 'team', rate_limits: { requests_per_minute: 60 } },
    });
    await expectOk('listAgents');
    await expectOk('suspendAgent', { path: { agent_id: 'plain' }, body: { reason: 'test' } });
    await expectOk('resumeAgent', { path: { agent_id: 'plain' } });
    await expectOk('getAgentBudget', { path: { agent_id: 'plain' } });
    await expectOk('setAgentBudget', {
      path: { agent_id: 'plain' },
      body: { limit_micros: 5_000_000, alert_threshold_pct: 80 },
    });
    await expectOk('checkAgentBudget', {
      path: { agent_id: 'plain' },
      body: { estimated_cost_micros: 10 },
    });

    const a = await h.agent('walker', { limit_micros: 10_000_000 });
    await expectOk('checkAgentBudget', {
      path: { agent_id: 'walker' },
      body: { estimated_cost_micros: 10 },
      agent: a.signer,
    });
    await expectOk('refreshAgentCredentials', {
      path: { agent_id: 'walker' },
      body: { public_key: a.keys.publicJwk },
    });
    // Another key for an existing agent: an operator's rotation first (key continuity).
    const nextKeys = await generateKeyPair();
    await expectOk('rotateAgentKey', {
      path: { agent_id: 'walker' },
      body: { public_key: nextKeys.publicJwk, reason: 'walk' },
    });
    const again = await h.agent('walker', undefined, nextKeys);
    await expectOk('createChatCompletion', {
      agent: again.signer,
      body: { model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'hi' }] },
    });
    await expectOk('createMessage', {
      agent: again.signer,
      body: {
        model: 'claude-3-5-haiku-latest',
        max_tokens: 64,
        messages: [{ role: 'user', content: 'hi' }],
      },
    });
    await expectOk('createResponse', {
      agent: again.signer,
      body: { model: 'gpt-4o-mini', input: 'hi', max_output_tokens: 64 },
    });
    const gemini = { contents: [{ role: 'user', parts: [{ text: 'hi' }] }] };
    await expectOk('generateContent', {
      agent: again.signer,
      path: { model: 'gemini-2.5-flash' },
      body: gemini,
    });
    await expectOk('streamGenerateContent', {
      agent: again.signer,
      path: { model: 'gemini-2.5-flash' },
      query: { alt: 'sse' },
      body: gemini,
    });

    const tool = await expectOk('registerTool', {
      body: {
        name: 'stripe-api',
        base_url: 'https://api.stripe.test',
        auth_type: 'api_key',
        policy: 'approval_required',
      },
    });
    await expectOk('listTools');
    await expectOk('getTool', { path: { tool_id: tool.body.id } });
    const input = { amount: 2 };
    const checked = await expectOk('checkToolCall', {
      agent: again.signer,
      path: { tool_id: tool.body.id },
      body: { input },
    });
    const approval_id = checked.body.approval_id;
    await h.expectOk('approveApproval', { path: { approval_id }, body: {} });
    await expectOk('claimApproval', {
      agent: again.signer,
      path: { approval_id },
      body: { input },
    });
    await expectOk('reportRunOutcome', {
      agent: again.signer,
      path: { run_id: checked.body.run.id },
      body: { status: 'succeeded', output: { charged: 2 } },
    });

    await expectOk('listServices');
    const srq = await expectOk('createServiceRequest', {
      agent: again.signer,
      body: { service: 'email', operation: 'send', payload: { to: 'a@example.com' } },
    });
    expect(srq.body.status).toBe('executed');
    await expectOk('getServiceRequest', { path: { request_id: srq.body.id } });

    const held = await expectOk('createRun', {
      body: {
        agent_id: 'walker',
        tool_id: tool.body.id,
        action: 'POST /v1/charges',
        input: { amount: 1 },
      },
    });
    expect(held.body.decision).toBe('requires_approval');
    await expectOk('listRuns');
    await expectOk('getRun', { path: { run_id: held.body.run.id } });
    await expectOk('listApprovals', { query: { status: 'pending' } });
    await expectOk('getApproval', { path: { approval_id: held.body.approval_id } });
    await expectOk('approveApproval', {
      path: { approval_id: held.body.approval_id },
      body: { comment: 'ok' },
    });
    clock.advance(WORK_DELAY_MS);
    const run = await h.call('getRun', { path: { run_id: held.body.run.id } });
    expect(run.body.status).toBe('succeeded');
    await expectOk('listRunEvents', { path: { run_id: held.body.run.id } });
    const stream = await expectOk('streamRunEvents', { path: { run_id: held.body.run.id } });
    expect(stream.body).toContain('event: run.succeeded');
    const exported = await expectOk('exportRunEvidence', {
      path: { run_id: held.body.run.id },
      body: { expires_in: 120 },
    });
    const link = new URL(exported.body.download_url);
    await expectOk('downloadEvidence', {
      token: null,
      path: { pack_id: exported.body.evidence_pack_id },
      query: {
        expires: link.searchParams.get('expires')!,
        signature: link.searchParams.get('signature')!,
      },
    });

    const other = await expectOk('createRun', {
      body: { agent_id: 'walker', tool_id: tool.body.id, action: 'refund' },
    });
    await expectOk('rejectApproval', {
      path: { approval_id: other.body.approval_id },
      body: { reason: 'no' },
    });
    const fourth = await expectOk('createRun', {
      body: { agent_id: 'walker', tool_id: tool.body.id, action: 'x' },
    });
    await expectOk('cancelRun', { path: { run_id: fourth.body.run.id } });

    const trigger = await expectOk('createTrigger', {
      body: {
        agent_id: 'walker',
        name: 't',
        service: 'email',
        operation: 'send',
        payload_template: { to: '{{to}}' },
      },
    });
    await expectOk('listTriggers');
    await expectOk('getTrigger', { path: { trigger_id: trigger.body.trigger.id } });
    const payload = JSON.stringify({ to: 'ops@example.com' });
    const t = Math.floor(clock() / 1000);
    const sig = createHmac('sha256', trigger.body.secret).update(`${t}.${payload}`).digest('hex');
    const fired = await expectOk('fireTrigger', {
      token: null,
      path: { trigger_id: trigger.body.trigger.id },
      body: JSON.parse(payload),
      headers: { 'X-Tollgate-Signature': `t=${t},v1=${sig}` },
    });
    expect(fired.body.dispatch_status).toBe('dispatched');

    await expectOk('listAuditLog', { query: { limit: 5 } });
    await expectOk('getUsage');
    await expectOk('getBalance');

    const revoked = await expectOk('revokeAgentCredentials', {
      path: { agent_id: 'walker' },
      body: { reason: 'done' },
    });
    const serial = revoked.body.revoked_serials[0];
    const status = await expectOk('getCertificateStatus', { token: null, path: { serial } });
    expect(status.body.status).toBe('revoked');
    // The revocation stream never ends on its own: read up to its `sync` event, then hang up.
    h.called.add('streamRevocations');
    const feed = new AbortController();
    const streamed = await fetch(h.urlOf('streamRevocations'), { signal: feed.signal });
    expect(streamed.status).toBe(200);
    expect(streamed.headers.get('content-type')).toContain('text/event-stream');
    let text = '';
    const decoder = new TextDecoder();
    const reader = streamed.body!.getReader();
    while (!text.includes('event: sync')) {
      const { done, value } = await reader.read();
      if (done) break;
      text += decoder.decode(value, { stream: true });
    }
    feed.abort();
    expect(text).toContain(`"serial":"${serial}"`);
    await expectOk('deleteTrigger', { path: { trigger_id: trigger.body.trigger.id } });
    await expectOk('deleteTool', { path: { tool_id: tool.body.id } });
    await expectOk('deleteAgent', { path: { agent_id: 'plain' } });

    expect(Object.keys(operations).filter((id) => !h.called.has(id))).toEqual([]);
  });

  it('answers unknown routes and bad input with problem details naming the field', async () => {
    const bad = await h.call('createAgent', { body: { name: 42 } });
    expect(bad.status).toBe(422);
    expect(bad.headers.get('content-type')).toContain('application/problem+json');
    expect(bad.body).toMatchObject({ code: 'validation_failed', errors: [{ path: 'body.name' }] });
    // additionalProperties: false and minProperties, carried by the generated schemas.
    const extra = await h.call('createAgent', { body: { name: 'x', nmae: 'typo' } });
    expect(extra.status).toBe(422);
    expect(extra.body.errors).toEqual([
      { path: 'body.nmae', message: 'Not a field of the contract' },
    ]);
    const empty = await h.call('updateAgent', { path: { agent_id: 'nobody' }, body: {} });
    expect(empty.status).toBe(422);
    expect(empty.body.errors[0].message).toContain('at least 1 property');
    const none = await fetch(`${h.server.url}/v1/nope`);
    expect(none.status).toBe(404);
    expect((await none.json()).code).toBe('not_found');
    // Strict mode turns any response that breaks the contract into a logged 500: none did.
    expect(h.logged).toEqual([]);
  });
});
