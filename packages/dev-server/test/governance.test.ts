import { afterAll, describe, expect, it } from 'vitest';
import { harness, manualClock } from './helpers';

const clock = manualClock();
const WORK_DELAY_MS = 10;
const h = await harness({
  clock,
  timers: clock.timers,
  approvalTtlSeconds: 600,
  workDelayMs: WORK_DELAY_MS,
});
afterAll(async () => {
  expect(h.logged).toEqual([]);
  await h.server.close();
});

await h.expectOk('createAgent', {
  body: { id: 'gov', name: 'Gov', budget: { limit_micros: 1_000_000 } },
});
const tool = async (name: string, policy: string, allowed_agents?: string[]) =>
  (
    await h.expectOk('registerTool', {
      body: {
        name,
        base_url: 'https://tool.example.test',
        auth_type: 'none',
        policy,
        allowed_agents,
      },
    })
  ).body;
const gated = await tool('gated', 'approval_required');
const types = async (runId: string) =>
  (await h.expectOk('listRunEvents', { path: { run_id: runId } })).body.data.map(
    (e: { type: string }) => e.type,
  );
const runStatus = async (runId: string) =>
  (await h.expectOk('getRun', { path: { run_id: runId } })).body.status;
/** Lets the server's work delay pass on its clock, then expects the run in `status`. */
async function settled(runId: string, status: string) {
  clock.advance(WORK_DELAY_MS);
  expect(await runStatus(runId)).toBe(status);
}

describe('runs under tool policies', () => {
  it('allows, denies (by policy and by allowed_agents) and holds for approval', async () => {
    const free = await h.expectOk('createRun', { body: { agent_id: 'gov', action: 'think' } });
    expect(free.body).toMatchObject({ decision: 'allowed', approval_id: null });
    await settled(free.body.run.id, 'succeeded');
    expect(await types(free.body.run.id)).toEqual([
      'run.created',
      'run.decision',
      'run.started',
      'run.succeeded',
    ]);
    const banned = await tool('banned', 'deny');
    const denied = await h.expectOk('createRun', {
      body: { agent_id: 'gov', tool_id: banned.id, action: 'x' },
    });
    expect(denied.body).toMatchObject({ decision: 'denied', run: { status: 'denied' } });
    // Open to every agent: the policy, not an allow-list, is what denies.
    expect(denied.body.reason).toBe('the policy of banned denies it');
    const closed = await tool('closed', 'allow', ['someone-else']);
    const outsider = await h.expectOk('createRun', {
      body: { agent_id: 'gov', tool_id: closed.id, action: 'x' },
    });
    expect(outsider.body.decision).toBe('denied');
    expect(outsider.body.reason).toContain('not among the agents allowed');
    const held = await h.expectOk('createRun', {
      body: { agent_id: 'gov', tool_id: gated.id, action: 'charge' },
    });
    expect(held.body).toMatchObject({
      decision: 'requires_approval',
      run: { status: 'awaiting_approval', approval_id: held.body.approval_id },
    });
  });

  it('resumes the run when its approval is approved', async () => {
    const held = await h.expectOk('createRun', {
      body: { agent_id: 'gov', tool_id: gated.id, action: 'charge', input: { amount: 3 } },
    });
    const pending = await h.expectOk('listApprovals', {
      query: { status: 'pending', agent_id: 'gov' },
    });
    expect(pending.body.data.map((a: { id: string }) => a.id)).toContain(held.body.approval_id);
    const approved = await h.expectOk('approveApproval', {
      path: { approval_id: held.body.approval_id },
      body: { comment: 'fine' },
    });
    expect(approved.body).toMatchObject({ status: 'approved', comment: 'fine', kind: 'run' });
    await settled(held.body.run.id, 'succeeded');
    expect(await types(held.body.run.id)).toEqual([
      'run.created',
      'run.decision',
      'approval.requested',
      'approval.approved',
      'run.started',
      'tool.called',
      'run.succeeded',
    ]);
    const run = await h.expectOk('getRun', { path: { run_id: held.body.run.id } });
    expect(run.body.output).toEqual({ result: 'ok', echo: { amount: 3 } });
    await h.expectProblem(
      'rejectApproval',
      { path: { approval_id: held.body.approval_id }, body: { reason: 'late' } },
      409,
      'invalid_state',
    );
  });

  it('ends the run when its approval is rejected, expires, or the run is cancelled', async () => {
    const rejected = await h.expectOk('createRun', {
      body: { agent_id: 'gov', tool_id: gated.id, action: 'a' },
    });
    await h.expectOk('rejectApproval', {
      path: { approval_id: rejected.body.approval_id },
      body: { reason: 'too risky' },
    });
    const failed = await h.expectOk('getRun', { path: { run_id: rejected.body.run.id } });
    expect(failed.body).toMatchObject({ status: 'failed', error: 'approval rejected: too risky' });
    expect((await types(rejected.body.run.id)).slice(-2)).toEqual([
      'approval.rejected',
      'run.failed',
    ]);

    const cancelled = await h.expectOk('createRun', {
      body: { agent_id: 'gov', tool_id: gated.id, action: 'b' },
    });
    await h.expectOk('cancelRun', { path: { run_id: cancelled.body.run.id } });
    const approval = await h.expectOk('getApproval', {
      path: { approval_id: cancelled.body.approval_id },
    });
    expect(approval.body.status).toBe('expired');
    await h.expectProblem(
      'cancelRun',
      { path: { run_id: cancelled.body.run.id } },
      409,
      'invalid_state',
    );

    const ignored = await h.expectOk('createRun', {
      body: { agent_id: 'gov', tool_id: gated.id, action: 'c' },
    });
    clock.advance(601_000);
    const expired = await h.expectOk('getApproval', {
      path: { approval_id: ignored.body.approval_id },
    });
    expect(expired.body.status).toBe('expired');
    expect(await runStatus(ignored.body.run.id)).toBe('failed');
    await h.expectProblem(
      'approveApproval',
      { path: { approval_id: ignored.body.approval_id } },
      409,
      'invalid_state',
    );
  });
});

describe('service requests', () => {
  const request = (service: string, operation: string, payload: object = {}) =>
    h.expectOk('createServiceRequest', { body: { agent_id: 'gov', service, operation, payload } });

  it('executes allowed operations and charges their price', async () => {
    const before = (await h.expectOk('getAgentBudget', { path: { agent_id: 'gov' } })).body;
    const sent = await request('email', 'send', { to: 'a@example.com' });
    expect(sent.body).toMatchObject({ status: 'executed', cost_micros: 1000 });
    const after = (await h.expectOk('getAgentBudget', { path: { agent_id: 'gov' } })).body;
    expect(after.spent_micros - before.spent_micros).toBe(1000);
  });

  it('holds payments for approval: approving executes, rejecting or expiry blocks', async () => {
    const held = await request('payments', 'charge', { amount: 5 });
    expect(held.body).toMatchObject({
      status: 'approval_required',
      reason_code: 'policy_approval_required',
    });
    await h.expectOk('approveApproval', { path: { approval_id: held.body.approval_id } });
    const done = await h.expectOk('getServiceRequest', { path: { request_id: held.body.id } });
    expect(done.body).toMatchObject({ status: 'executed', cost_micros: 5000 });

    const refused = await request('payments', 'charge', { amount: 6 });
    await h.expectOk('rejectApproval', {
      path: { approval_id: refused.body.approval_id },
      body: { reason: 'no' },
    });
    const blocked = await h.expectOk('getServiceRequest', {
      path: { request_id: refused.body.id },
    });
    expect(blocked.body).toMatchObject({ status: 'blocked', reason_code: 'approval_rejected' });

    const late = await request('payments', 'charge', { amount: 7 });
    clock.advance(601_000);
    const lapsed = await h.expectOk('getServiceRequest', { path: { request_id: late.body.id } });
    expect(lapsed.body).toMatchObject({ status: 'blocked', reason_code: 'approval_expired' });
  });

  it('blocks denied operations, unaffordable ones and suspended agents', async () => {
    const denied = await request('data', 'delete');
    expect(denied.body).toMatchObject({ status: 'blocked', reason_code: 'policy_denied' });
    await h.expectOk('createAgent', {
      body: { id: 'poor', name: 'Poor', budget: { limit_micros: 10 } },
    });
    const poor = await h.expectOk('createServiceRequest', {
      body: { agent_id: 'poor', service: 'email', operation: 'send', payload: { to: 'x' } },
    });
    expect(poor.body).toMatchObject({ status: 'blocked', reason_code: 'budget_exceeded' });
  });

  it('answers 202 running for asynchronous operations, executed later', async () => {
    const slow = await request('research', 'report');
    expect(slow.status).toBe(202);
    expect(slow.body.status).toBe('running');
    const still = await h.expectOk('getServiceRequest', { path: { request_id: slow.body.id } });
    expect(still.body.status).toBe('running');
    clock.advance(WORK_DELAY_MS);
    const done = await h.expectOk('getServiceRequest', { path: { request_id: slow.body.id } });
    expect(done.body.status).toBe('executed');
  });

  it('refuses unknown operations, missing payload fields and a missing agent_id', async () => {
    await h.expectProblem(
      'createServiceRequest',
      { body: { agent_id: 'gov', service: 'email', operation: 'fax', payload: {} } },
      404,
      'not_found',
    );
    const missing = await h.expectProblem(
      'createServiceRequest',
      { body: { agent_id: 'gov', service: 'email', operation: 'send', payload: {} } },
      422,
      'validation_failed',
    );
    expect(missing.body.errors).toEqual([{ path: 'body.payload.to', message: 'Required' }]);
    const anonymous = await h.expectProblem(
      'createServiceRequest',
      { body: { service: 'email', operation: 'send', payload: { to: 'x' } } },
      422,
      'validation_failed',
    );
    expect(anonymous.body.errors[0].path).toBe('body.agent_id');
  });
});
