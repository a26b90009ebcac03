/**
 * `@tollgate/sdk/tool-calls` against the dev server over loopback: the decision, the claim
 * and the outcome report the framework integrations are thin adapters over. Failures of the
 * report are made by the client's own `fetch` (each attempt passes through it); the client's
 * backoff is zero, so retries wait for nothing.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { statusOf, Tollgate } from '../src/index';
import { OutcomeNotReportedError, toolCallGovernor } from '../src/tool-calls';
import { devServer } from './setup-server';

const { server, tg } = await devServer();
afterAll(() => server.close());

let agents = 0;
/** An agent whose reportRunOutcome attempts go through `report` (the others straight on). */
async function setup(
  report?: (request: Request, attempt: number) => Promise<Response> | undefined,
  maxRetries = 2,
) {
  let attempts = 0;
  const fetch = (request: Request) => {
    const reporting = request.method === 'POST' && request.url.endsWith('/outcome');
    const answered = reporting ? report?.(request, ++attempts) : undefined;
    return answered ?? globalThis.fetch(request);
  };
  const client = new Tollgate({
    ...server.admin,
    fetch,
    maxRetries,
    backoff: { initialDelay: 0, maxDelay: 0 },
  });
  const agentId = `tc${++agents}`;
  const agent = await client.agents.register({ agentId });
  const register = async (name: string, policy: 'allow' | 'approval_required' | 'deny') =>
    tg.tools.register({
      name: `${agentId}-${name}`,
      base_url: 'https://tool.example',
      auth_type: 'none',
      policy,
    });
  await register('lookup', 'allow');
  await register('refund', 'approval_required');
  await register('drop', 'deny');
  const governor = toolCallGovernor(agent);
  return { agentId, agent, governor, attempts: () => attempts };
}

const unavailable = () =>
  Promise.resolve(
    new Response(JSON.stringify({ code: 'unavailable', status: 503 }), {
      status: 503,
      headers: { 'content-type': 'application/problem+json' },
    }),
  );

describe('toolCallGovernor: one tool call the agent executes, governed on the server', () => {
  it('allowed → run → the run ends succeeded; denied and unknown tools are results', async () => {
    const { agentId, governor } = await setup();
    const decision = await governor.decide({ toolName: `${agentId}_lookup`, input: { id: 1 } });
    if (decision.kind !== 'allowed') throw new Error(`not allowed: ${decision.kind}`);
    expect(await governor.run(decision.runId, async () => 'found')).toBe('found');
    expect(await tg.runs.get(decision.runId)).toMatchObject({
      status: 'succeeded',
      output: { value: 'found' },
    });
    const denied = await governor.decide({ toolName: `${agentId}-drop`, input: {} });
    expect(denied).toMatchObject({ kind: 'refused', result: { code: 'policy_denied' } });
    const ghost = await governor.decide({ toolName: 'ghost', input: {} });
    expect(ghost.kind === 'refused' && statusOf(ghost.result.text)).toBe('error');
  });

  it('held → claimed once, only with the approved input; a throwing tool ends failed', async () => {
    const { agentId, governor } = await setup();
    const decision = await governor.decide({ toolName: `${agentId}-refund`, input: { a: 5 } });
    if (decision.kind !== 'held') throw new Error(`not held: ${decision.kind}`);
    const { call } = decision;
    expect(await governor.approval(call)).toEqual({ kind: 'pending' });
    await tg.approvals.approve(call.approvalId);
    expect(await governor.approval(call)).toEqual({ kind: 'approved' });
    expect((await governor.claim(call, { a: 500 }))?.code).toBe('input_mismatch');
    expect(await governor.claim(call, { a: 5 })).toBeUndefined();
    expect((await governor.claim(call, { a: 5 }))?.code).toBe('approval_claimed');
    const thrown = await governor
      .run(call.runId, () => Promise.reject(new Error('boom')))
      .catch((e: unknown) => e);
    expect(String(thrown)).toContain('boom');
    expect(await tg.runs.get(call.runId)).toMatchObject({ status: 'failed', error: 'boom' });
  });

  it('`failed` names an output that stands for a failure: the run ends failed', async () => {
    const { agentId, governor } = await setup();
    const decision = await governor.decide({ toolName: `${agentId}-lookup`, input: {} });
    if (decision.kind !== 'allowed') throw new Error('not allowed');
    const failed = (output: string) => (output.startsWith('oops') ? output : undefined);
    expect(await governor.run(decision.runId, async () => 'oops: broke', failed)).toBe(
      'oops: broke',
    );
    expect(await tg.runs.get(decision.runId)).toMatchObject({
      status: 'failed',
      error: 'oops: broke',
    });
  });
});

describe('the outcome report: retried with the client’s policy, never silently lost', () => {
  it('a report refused with 503 is retried, and the run ends as reported', async () => {
    const { agentId, governor, attempts } = await setup((_, attempt) =>
      attempt === 1 ? unavailable() : undefined,
    );
    const decision = await governor.decide({ toolName: `${agentId}-lookup`, input: {} });
    if (decision.kind !== 'allowed') throw new Error('not allowed');
    await governor.run(decision.runId, async () => ({ ok: true }));
    expect(attempts()).toBe(2);
    expect(await tg.runs.get(decision.runId)).toMatchObject({
      status: 'succeeded',
      output: { ok: true },
    });
  });

  it('a report that landed but whose answer was lost: the retry finds the run ended, no error', async () => {
    const { agentId, governor, attempts } = await setup((request, attempt) =>
      attempt === 1
        ? globalThis.fetch(request).then(() => Promise.reject(new TypeError('fetch failed')))
        : undefined,
    );
    const decision = await governor.decide({ toolName: `${agentId}-lookup`, input: {} });
    if (decision.kind !== 'allowed') throw new Error('not allowed');
    expect(await governor.run(decision.runId, async () => 'done')).toBe('done');
    expect(attempts()).toBe(2);
    expect((await tg.runs.get(decision.runId)).status).toBe('succeeded');
  });

  it('a report that keeps failing throws OutcomeNotReportedError; the run is still running', async () => {
    const { agentId, governor, attempts } = await setup(unavailable, 3);
    const decision = await governor.decide({ toolName: `${agentId}-lookup`, input: {} });
    if (decision.kind !== 'allowed') throw new Error('not allowed');
    const thrown = await governor
      .run(decision.runId, async () => ({ refunded: 5 }))
      .catch((e: unknown) => e);
    expect(thrown).toBeInstanceOf(OutcomeNotReportedError);
    expect(thrown).toMatchObject({
      runId: decision.runId,
      outcome: 'succeeded',
      output: { refunded: 5 },
    });
    expect(String(thrown)).toContain('stays running');
    expect(attempts()).toBe(4);
    expect((await tg.runs.get(decision.runId)).status).toBe('running');
  });
});
