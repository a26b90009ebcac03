/**
 * What the control plane answers besides a decision, as results: a budget refusal is
 * `blocked`, an unreachable control plane `error`, a decision this runtime does not know
 * `blocked` (fails closed). Stub agents: the dev server's checkToolCall neither charges nor
 * invents decisions.
 */
import {
  type AgentIdentity,
  BudgetExceededError,
  ConnectionError,
  NotFoundError,
} from '@tollgate/sdk';
import { describe, expect, it } from 'vitest';
import { governedCall } from '../src/governance';
import { HeldCalls } from '../src/held-calls';
import { testTools } from './setup';

const { ran, tools } = testTools();
const lookup = { tool: tools[0]!, toolId: 'tool_1' };
const agentAnswering = (check: () => Promise<unknown>) =>
  ({
    agentId: 'a',
    tools: { check },
    runs: { reportOutcome: async () => ({}) },
  }) as unknown as AgentIdentity;
const scope = (agent: AgentIdentity) => ({
  agent,
  held: new HeldCalls(1),
  callerId: null,
  signal: new AbortController().signal,
});
const call = (create: () => Promise<unknown>) =>
  governedCall(scope(agentAnswering(create)), lookup, 'lookup-order', { orderId: 'o-1' });

describe('control-plane answers other than a decision', () => {
  it('402 budget_exceeded → STATUS: blocked, code budget_exceeded', async () => {
    const problem = { code: 'budget_exceeded', detail: 'no budget left' };
    const result = await call(() =>
      Promise.reject(new BudgetExceededError(402, problem, new Headers())),
    );
    expect(result).toMatchObject({ status: 'blocked', code: 'budget_exceeded' });
    expect(result.text).toMatch(/^STATUS: blocked\ncode: budget_exceeded\n/);
  });

  it('another refusal → STATUS: error with its code; no answer → control_plane_unreachable', async () => {
    const missing = new NotFoundError(404, { code: 'not_found' }, new Headers());
    expect(await call(() => Promise.reject(missing))).toMatchObject({
      status: 'error',
      code: 'not_found',
    });
    const down = await call(() => Promise.reject(new ConnectionError('connect ECONNREFUSED')));
    expect(down).toMatchObject({ status: 'error', code: 'control_plane_unreachable' });
  });

  it('a decision this runtime does not know → STATUS: blocked (fails closed)', async () => {
    const run = { id: 'run_1' };
    const result = await call(async () => ({
      run,
      decision: 'escalated',
      approval_id: null,
      reason: null,
    }));
    expect(result).toMatchObject({ status: 'blocked', code: 'unknown_decision' });
  });

  it('a held call past the runtime’s limit → STATUS: error, too_many_held_calls', async () => {
    const held = (id: string) => async () => ({
      run: { id },
      decision: 'requires_approval',
      approval_id: `apr_${id}`,
      reason: null,
    });
    const s = scope(agentAnswering(held('1')));
    expect((await governedCall(s, lookup, 'lookup-order', { orderId: 'o' })).status).toBe(
      'approval_required',
    );
    const s2 = { ...s, agent: agentAnswering(held('2')) };
    expect(await governedCall(s2, lookup, 'lookup-order', { orderId: 'o' })).toMatchObject({
      status: 'error',
      code: 'too_many_held_calls',
    });
    expect(ran).toEqual([]);
  });
});
