import { afterAll, describe, expect, it } from 'vitest';
import {
  type APIError,
  AuthenticationError,
  CONTROL_PLANE_VERSION,
  ConflictError,
  MissingCredentialError,
  NotFoundError,
  PermissionDeniedError,
  Tollgate,
  TollgateError,
  ValidationError,
  verifyWebhook,
} from '../src/index';
import { devServer } from './setup-server';

// A small output cap keeps the LLM calls' reservations within the tests' tiny budgets.
const { server, tg } = await devServer({ defaultMaxOutputTokens: 16 });
afterAll(() => server.close());

describe('operator resources against the dev server', () => {
  it('agents: create, get, update, list, suspend, resume, budget, delete', async () => {
    const agent = await tg.agents.create({
      id: 'int-1',
      name: 'Integration',
      budget: { limit_micros: 1_000_000, alert_threshold_pct: 80 },
    });
    expect(agent).toMatchObject({ id: 'int-1', status: 'active' });
    expect((await tg.agents.get('int-1')).name).toBe('Integration');
    expect((await tg.agents.update('int-1', { name: 'Renamed' })).name).toBe('Renamed');
    const ids: string[] = [];
    for await (const a of tg.agents.list({ limit: 1 })) ids.push(a.id);
    expect(ids).toContain('int-1');
    expect((await tg.agents.suspend('int-1', { reason: 'test' })).status).toBe('suspended');
    expect((await tg.agents.resume('int-1')).status).toBe('active');
    expect((await tg.agents.setBudget('int-1', { limit_micros: 5_000_000 })).remaining_micros).toBe(
      5_000_000,
    );
    expect((await tg.agents.getBudget('int-1')).limit_micros).toBe(5_000_000);
    expect((await tg.agents.checkBudget('int-1', { estimated_cost_micros: 10 })).allowed).toBe(
      true,
    );
    await tg.agents.delete('int-1');
    await expect(tg.agents.get('int-1')).rejects.toBeInstanceOf(NotFoundError);
  });

  it('maps errors to typed classes with status, code and request id', async () => {
    const error = (await tg.agents
      .create({ name: 42 as unknown as string })
      .catch((e) => e)) as APIError;
    expect(error).toBeInstanceOf(ValidationError);
    expect(error).toMatchObject({ status: 422, code: 'validation_failed' });
    expect(error.requestId).toMatch(/^req_/);
    expect(error.message).toContain('body.name');
    const key = await tg.apiKeys.create({ name: 'ro', scopes: ['runs:read'] });
    const ro = new Tollgate({ baseUrl: server.url, apiKey: key.secret, logLevel: 'off' });
    const denied = (await ro.agents.create({ name: 'x' }).catch((e) => e)) as APIError;
    expect(denied).toBeInstanceOf(PermissionDeniedError);
    expect(denied.problem?.missing_scope).toBe('agents:write');
    expect(denied.message).not.toContain(key.secret);
    await tg.apiKeys.revoke(key.api_key.id);
    await expect(ro.runs.list()).rejects.toBeInstanceOf(AuthenticationError);
    const bare = new Tollgate({ baseUrl: server.url, logLevel: 'off' });
    await expect(bare.agents.list()).rejects.toThrow(MissingCredentialError);
    await expect(bare.agents.list()).rejects.toThrow(/API key .* or OAuth2 client credentials/);
  });

  it('OAuth2 client credentials: one token for 200 concurrent calls (refresh: oauth-token.test.ts)', async () => {
    // Single flight, on a server whose tokens outlive the burst however slow the machine is.
    const long = await devServer({ tokenTtlSeconds: 600 });
    try {
      const created = await long.tg.oauthClients.create({ name: 'cc', scopes: ['agents:read'] });
      let burstRequests = 0;
      const burst = new Tollgate({
        baseUrl: long.server.url,
        clientCredentials: { clientId: created.client.id, clientSecret: created.client_secret },
        logLevel: 'off',
        fetch: (request) => {
          if (request.url.endsWith('/v1/oauth/token')) burstRequests++;
          return fetch(request);
        },
      });
      await Promise.all(Array.from({ length: 200 }, () => burst.agents.list({ limit: 1 })));
      expect(burstRequests).toBe(1);
    } finally {
      await long.server.close();
    }
  });

  it('tools, services, runs, approvals, events and evidence', async () => {
    await tg.agents.create({ id: 'gov', name: 'Governed' });
    const tool = await tg.tools.register({
      name: 'payments',
      base_url: 'https://pay.example.test',
      auth_type: 'api_key',
      policy: 'approval_required',
    });
    expect((await tg.tools.get(tool.id)).policy).toBe('approval_required');
    expect((await tg.services.list()).data.map((s) => s.id)).toContain('email');
    const created = await tg.runs.create({
      agent_id: 'gov',
      tool_id: tool.id,
      action: 'charge',
      input: { amount: 5 },
    });
    expect(created.decision).toBe('requires_approval');
    const pending = (await tg.approvals.list({ status: 'pending' })).data.find(
      (a) => a.subject_id === created.run.id,
    )!;
    const events: string[] = [];
    const streaming = (async () => {
      for await (const e of tg.runs.stream(created.run.id)) events.push(e.type);
    })();
    await tg.approvals.approve(pending.id, { comment: 'fine' });
    await streaming;
    expect(events).toEqual(
      expect.arrayContaining([
        'run.created',
        'approval.requested',
        'approval.approved',
        'run.succeeded',
      ]),
    );
    const run = await tg.runs.wait(created.run.id, { pollInterval: 20 });
    expect(run.status).toBe('succeeded');
    const listed: number[] = [];
    for await (const e of tg.runs.events(run.id, { limit: 2 })) listed.push(e.sequence);
    expect(listed).toEqual(listed.map((_, i) => i + 1));
    const exported = await tg.runs.exportEvidence(run.id, { expires_in: 120 });
    const pack = await tg.runs.downloadEvidence(exported.download_url);
    expect(pack.head_hash).toBe(exported.head_hash);
    await expect(tg.runs.cancel(run.id)).rejects.toBeInstanceOf(ConflictError);
    await tg.tools.delete(tool.id);
  });

  it('a run stream ends cleanly when its signal aborts', async () => {
    await tg.agents.create({ id: 'waiter', name: 'Waiter' });
    const tool = await tg.tools.register({
      name: 'slow-tool',
      base_url: 'https://slow.example.test',
      auth_type: 'none',
      policy: 'approval_required',
    });
    const created = await tg.runs.create({ agent_id: 'waiter', tool_id: tool.id, action: 'wait' });
    const controller = new AbortController();
    const seen: string[] = [];
    // Aborted once the run waits for its approval: the stream is open, nothing more will come.
    for await (const event of tg.runs.stream(created.run.id, { signal: controller.signal })) {
      seen.push(event.type);
      if (event.type === 'approval.requested') controller.abort();
    }
    expect(seen).toContain('approval.requested');
    expect(seen).not.toContain('run.succeeded');
  });

  it('service requests: executed, approval_required as a result, and createAndWait', async () => {
    await tg.agents.create({ id: 'svc', name: 'Services', budget: { limit_micros: 1_000_000 } });
    const sent = await tg.serviceRequests.create({
      agent_id: 'svc',
      service: 'email',
      operation: 'send',
      payload: { to: 'a@example.com' },
    });
    expect(sent.status).toBe('executed');
    const held = await tg.serviceRequests.create({
      agent_id: 'svc',
      service: 'payments',
      operation: 'charge',
      payload: { amount: 1 },
    });
    expect(held.status).toBe('approval_required');
    await tg.approvals.reject(held.approval_id!, { reason: 'no' });
    expect((await tg.serviceRequests.get(held.id)).status).toBe('blocked');
    const slow = await tg.serviceRequests.createAndWait(
      { agent_id: 'svc', service: 'research', operation: 'report', payload: {} },
      { pollInterval: 20 },
    );
    expect(slow.status).toBe('executed');
  });

  it('audit log pages by offset; usage, balance, triggers, health', async () => {
    let n = 0;
    for await (const _ of tg.auditLog.list({ limit: 3 })) n++;
    const first = await tg.auditLog.list({ limit: 3 });
    expect(n).toBe(first.body.total);
    expect((await tg.usage.get()).request_count).toBeGreaterThanOrEqual(0);
    expect((await tg.usage.balance()).currency).toBe('USD');
    const health = await tg.health().withResponse();
    expect(health.data.version).toBe(CONTROL_PLANE_VERSION);
    expect(health.requestId).toMatch(/^req_/);
    await tg.agents.create({ id: 'hook', name: 'Hooked' });
    const trigger = await tg.triggers.create({
      agent_id: 'hook',
      name: 'alert',
      service: 'email',
      operation: 'send',
      payload_template: { to: '{{to}}' },
    });
    const fired = await tg.triggers.fire(
      trigger.trigger.id,
      { to: 'ops@example.com' },
      { secret: trigger.secret },
    );
    expect(fired.dispatch_status).toBe('dispatched');
    expect((await tg.triggers.get(trigger.trigger.id)).last_fired_at).not.toBeNull();
    await tg.triggers.delete(trigger.trigger.id);
    expect(verifyWebhook).toBeTypeOf('function');
  });

  it('the escape hatch and the generic paginator use the same pipeline', async () => {
    const raw = await tg.request<{ status: string }>('GET', '/v1/health');
    expect(raw.status).toBe('ok');
    const agents = await tg.paginate('/v1/agents', { limit: 1 });
    expect(agents.data).toHaveLength(1);
    await expect(tg.request('GET', '/v1/agents/nope')).rejects.toBeInstanceOf(NotFoundError);
  });

  it('the generic paginator refuses an operationId the contract does not have, naming it', () => {
    expect(() => tg.paginate('listAgentz')).toThrow(
      new TollgateError('listAgentz is not an operation of the contract'),
    );
    expect(() => tg.paginate('getHealth')).toThrow(TollgateError);
  });
});
