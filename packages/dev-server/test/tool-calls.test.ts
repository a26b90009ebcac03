/**
 * Tool calls the agent executes itself: the catalog as an agent sees it, the decision
 * without execution (checkToolCall) and its reported outcome, and approvals the agent reads
 * and claims on the server, once, with the input held.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { harness, manualClock } from './helpers';

const clock = manualClock();
const h = await harness({ clock, timers: clock.timers, approvalTtlSeconds: 600 });
afterAll(async () => {
  expect(h.logged).toEqual([]);
  await h.server.close();
});

const SCHEMA = {
  type: 'object',
  properties: { order_id: { type: 'string' }, amount: { type: 'number' } },
  required: ['order_id', 'amount'],
};
const tool = async (name: string, policy: string, allowed_agents?: string[]) =>
  (
    await h.expectOk('registerTool', {
      body: {
        name,
        base_url: 'https://tool.example.test',
        auth_type: 'none',
        policy,
        allowed_agents,
        input_schema: SCHEMA,
      },
    })
  ).body;
const { signer: me } = await h.agent('caller');
const { signer: other } = await h.agent('other');
const lookup = await tool('lookup-order', 'allow');
const refund = await tool('refund-order', 'approval_required');
const drop = await tool('drop-table', 'deny');
const secret = await tool('secret-tool', 'allow', ['other']);
const types = async (runId: string) =>
  (await h.expectOk('listRunEvents', { path: { run_id: runId } })).body.data.map(
    (e: { type: string }) => e.type,
  );
const check = (toolId: string, input: object, agent = me) =>
  h.call('checkToolCall', { agent, path: { tool_id: toolId }, body: { input } });
const claim = (approvalId: string, input: object, agent = me) =>
  h.call('claimApproval', { agent, path: { approval_id: approvalId }, body: { input } });

describe('the catalog as an agent sees it', () => {
  it('finds a tool by its framework name (`_` for `-`), with its policy and input schema', async () => {
    for (const name of ['refund-order', 'refund_order']) {
      const found = await h.expectOk('listTools', { agent: me, query: { name } });
      expect(found.body.data).toEqual([
        expect.objectContaining({
          id: refund.id,
          policy: 'approval_required',
          input_schema: SCHEMA,
        }),
      ]);
    }
    expect(
      (await h.expectOk('listTools', { agent: me, query: { name: 'refund' } })).body.data,
    ).toEqual([]);
  });

  it('lists and reads only the tools the agent may call', async () => {
    const mine = await h.expectOk('listTools', { agent: me });
    const ids = mine.body.data.map((t: { id: string }) => t.id);
    expect(ids).toEqual(expect.arrayContaining([lookup.id, refund.id, drop.id]));
    expect(ids).not.toContain(secret.id);
    await h.expectProblem('getTool', { agent: me, path: { tool_id: secret.id } }, 404, 'not_found');
    await h.expectOk('getTool', { agent: other, path: { tool_id: secret.id } });
    // Operators see every tool.
    const all = await h.expectOk('listTools', { query: { name: 'secret_tool' } });
    expect(all.body.data.map((t: { id: string }) => t.id)).toEqual([secret.id]);
  });
});

describe('a decision without execution, and the reported outcome', () => {
  it('allowed: the run is running until the agent reports, then ends as reported', async () => {
    const allowed = await check(lookup.id, { order_id: 'o-1' });
    expect(allowed.status).toBe(201);
    expect(allowed.body).toMatchObject({
      decision: 'allowed',
      approval_id: null,
      run: {
        status: 'running',
        executor: 'agent',
        action: 'lookup-order',
        input: { order_id: 'o-1' },
      },
    });
    expect(allowed.body.run.input_sha256).toMatch(/^[0-9a-f]{64}$/);
    clock.advance(60_000); // nothing the control plane runs on its own
    const runId = allowed.body.run.id;
    expect((await h.expectOk('getRun', { agent: me, path: { run_id: runId } })).body.status).toBe(
      'running',
    );
    const reported = await h.expectOk('reportRunOutcome', {
      agent: me,
      path: { run_id: runId },
      body: { status: 'succeeded', output: { state: 'shipped' } },
    });
    expect(reported.body).toMatchObject({ status: 'succeeded', output: { state: 'shipped' } });
    expect(await types(runId)).toEqual([
      'run.created',
      'run.decision',
      'run.started',
      'tool.called',
      'run.succeeded',
    ]);
    await h.expectProblem(
      'reportRunOutcome',
      { agent: me, path: { run_id: runId }, body: { status: 'failed', error: 'x' } },
      409,
      'invalid_state',
    );

    const failing = (await check(lookup.id, { order_id: 'o-2' })).body.run.id;
    await h.expectProblem(
      'reportRunOutcome',
      { agent: other, path: { run_id: failing }, body: { status: 'failed', error: 'x' } },
      404,
      'not_found',
    );
    await h.expectProblem(
      'reportRunOutcome',
      { agent: me, path: { run_id: failing }, body: { status: 'failed' } },
      422,
      'validation_failed',
    );
    const failed = await h.expectOk('reportRunOutcome', {
      agent: me,
      path: { run_id: failing },
      body: { status: 'failed', error: 'timeout' },
    });
    expect(failed.body).toMatchObject({ status: 'failed', error: 'timeout' });
  });

  it('denied (by policy or allow-list): the run ends denied with the reason', async () => {
    const denied = await check(drop.id, { table: 'users' });
    expect(denied.body).toMatchObject({
      decision: 'denied',
      reason: 'the policy of drop-table denies it',
      run: { status: 'denied' },
    });
    const outsider = await check(secret.id, {});
    expect(outsider.body.decision).toBe('denied');
  });

  it('records each decision in the audit log', async () => {
    const checked = await check(lookup.id, { order_id: 'o-3' });
    const audit = await h.expectOk('listAuditLog', { query: { limit: 500 } });
    expect(audit.body.data).toContainEqual(
      expect.objectContaining({
        action: 'tool.checked',
        target: { type: 'run', id: checked.body.run.id },
      }),
    );
  });

  it('a run the control plane executes is not reported by the agent', async () => {
    const run = await h.expectOk('createRun', { agent: me, body: { action: 'think' } });
    await h.expectProblem(
      'reportRunOutcome',
      { agent: me, path: { run_id: run.body.run.id }, body: { status: 'succeeded' } },
      409,
      'invalid_state',
    );
  });
});

describe('approvals the agent reads and claims on the server', () => {
  const held = async (input: object) => {
    const result = await check(refund.id, input);
    expect(result.body).toMatchObject({
      decision: 'requires_approval',
      run: { status: 'awaiting_approval' },
    });
    return result.body as { approval_id: string; run: { id: string; input_sha256: string } };
  };

  it('claims an approved call exactly once, with the input held; another input is refused', async () => {
    const input = { order_id: 'o-9', amount: 25 };
    const { approval_id, run } = await held(input);
    const read = await h.expectOk('getApproval', { agent: me, path: { approval_id } });
    expect(read.body).toMatchObject({
      status: 'pending',
      input_sha256: run.input_sha256,
      claimed_at: null,
    });
    await h.expectProblem('getApproval', { agent: other, path: { approval_id } }, 404, 'not_found');
    const listed = await h.expectOk('listApprovals', { agent: other });
    expect(listed.body.data.map((a: { id: string }) => a.id)).not.toContain(approval_id);
    expect((await claim(approval_id, input)).body.code).toBe('approval_pending');

    await h.expectOk('approveApproval', { path: { approval_id }, body: {} });
    clock.advance(60_000); // approved, but nothing starts until the agent claims
    expect((await h.expectOk('getRun', { path: { run_id: run.id } })).body.status).toBe('queued');
    const tampered = await claim(approval_id, { order_id: 'o-9', amount: 2500 });
    expect([tampered.status, tampered.body.code]).toEqual([409, 'input_mismatch']);
    expect((await claim(approval_id, input, other)).status).toBe(404);
    // Key order is not part of the input: the hash is of its canonical JSON.
    const claimed = await h.expectOk('claimApproval', {
      agent: me,
      path: { approval_id },
      body: { input: { amount: 25, order_id: 'o-9' } },
    });
    expect(claimed.body).toMatchObject({
      approval: { id: approval_id, status: 'approved', claimed_at: expect.any(String) },
      run: { id: run.id, status: 'running', input },
    });
    const again = await claim(approval_id, input);
    expect([again.status, again.body.code]).toEqual([409, 'approval_claimed']);
    await h.expectOk('reportRunOutcome', {
      agent: me,
      path: { run_id: run.id },
      body: { status: 'succeeded', output: { refunded: 25 } },
    });
    expect(await types(run.id)).toEqual([
      'run.created',
      'run.decision',
      'approval.requested',
      'approval.approved',
      'approval.claimed',
      'run.started',
      'tool.called',
      'run.succeeded',
    ]);
  });

  it('a rejected or expired approval is refused with its own code, and the run ends failed', async () => {
    const rejected = await held({ order_id: 'r', amount: 1 });
    await h.expectOk('rejectApproval', {
      path: { approval_id: rejected.approval_id },
      body: { reason: 'no' },
    });
    const refused = await claim(rejected.approval_id, { order_id: 'r', amount: 1 });
    expect([refused.status, refused.body.code]).toEqual([409, 'approval_rejected']);
    expect((await h.expectOk('getRun', { path: { run_id: rejected.run.id } })).body.status).toBe(
      'failed',
    );

    const expiring = await held({ order_id: 'e', amount: 1 });
    clock.advance(601_000);
    const expired = await claim(expiring.approval_id, { order_id: 'e', amount: 1 });
    expect([expired.status, expired.body.code]).toEqual([409, 'approval_expired']);
  });

  it('an approval of a run the control plane executes is not claimed', async () => {
    const run = await h.expectOk('createRun', {
      agent: me,
      body: { tool_id: refund.id, action: 'refund' },
    });
    await h.expectOk('approveApproval', { path: { approval_id: run.body.approval_id }, body: {} });
    const refused = await claim(run.body.approval_id, {});
    expect([refused.status, refused.body.code]).toEqual([409, 'invalid_state']);
  });
});
