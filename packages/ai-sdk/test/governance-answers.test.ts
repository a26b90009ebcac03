/**
 * What the control plane answers besides a decision, and the edges of governTools, with stub
 * agents (the dev server's checkToolCall neither charges nor invents decisions): a budget refusal
 * is `blocked`, an unreachable control plane `error`, an unknown decision `blocked`.
 */
import {
  BudgetExceededError,
  ConnectionError,
  InternalServerError,
  NotFoundError,
} from '@tollgate/sdk';
import { tool } from 'ai';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { type GoverningAgent, governTools, OutcomeNotReportedError } from '../src/index';

const agentAnswering = (
  check: () => Promise<unknown>,
  reportOutcome: () => Promise<unknown> = async () => ({}),
) => ({ tools: { check }, runs: { reportOutcome } }) as unknown as GoverningAgent;
const lookup = tool({
  inputSchema: z.object({ orderId: z.string() }),
  execute: async ({ orderId }) => ({ orderId }),
});
const call = async (create: () => Promise<unknown>, options = {}) => {
  const governed = governTools(
    agentAnswering(create),
    { lookup },
    {
      catalog: { lookup: 'tool_1' },
      ...options,
    },
  );
  const execute = governed.tools.lookup.execute!;
  return execute({ orderId: 'o-1' }, { toolCallId: 'c1', messages: [], context: {} });
};

describe('control-plane answers other than a decision', () => {
  it('402 budget_exceeded → blocked, budget_exceeded', async () => {
    const problem = { code: 'budget_exceeded', detail: 'no budget left' };
    const result = await call(() =>
      Promise.reject(new BudgetExceededError(402, problem, new Headers())),
    );
    expect(result).toMatchObject({ tollgate: 'blocked', code: 'budget_exceeded' });
  });

  it('another refusal → error with its code; no answer → control_plane_unreachable', async () => {
    const missing = new NotFoundError(404, { code: 'not_found' }, new Headers());
    expect(await call(() => Promise.reject(missing))).toMatchObject({
      tollgate: 'error',
      code: 'not_found',
    });
    const down = await call(() => Promise.reject(new ConnectionError('connect ECONNREFUSED')));
    expect(down).toMatchObject({ tollgate: 'error', code: 'control_plane_unreachable' });
  });

  it('a decision this package does not know → blocked (fails closed)', async () => {
    const result = await call(async () => ({
      run: { id: 'run_1' },
      decision: 'escalated',
      approval_id: null,
      reason: null,
    }));
    expect(result).toMatchObject({ tollgate: 'blocked', code: 'unknown_decision', runId: 'run_1' });
  });

  it('past maxHeldCalls a held call is refused (fails closed)', async () => {
    const held = async () => ({
      run: { id: 'run_2' },
      decision: 'requires_approval',
      approval_id: 'apr_1',
      reason: null,
    });
    const governed = governTools(
      agentAnswering(held),
      { lookup },
      {
        catalog: { lookup: 'tool_1' },
        maxHeldCalls: 0,
      },
    );
    const toolCall = { toolName: 'lookup', toolCallId: 'c1', input: { orderId: 'o-1' } };
    expect(await governed.toolApproval({ toolCall })).toBeUndefined();
    const execute = governed.tools.lookup.execute!;
    const result = await execute(
      { orderId: 'o-1' },
      { toolCallId: 'c1', messages: [], context: {} },
    );
    expect(result).toMatchObject({ tollgate: 'error', code: 'too_many_held_calls' });
  });

  it('a streaming tool gives its last value; a tool without execute is a TypeError', async () => {
    const allowed = async () => ({ run: { id: 'r' }, decision: 'allowed', approval_id: null });
    const counting = tool({
      inputSchema: z.object({}),
      async *execute() {
        yield 1;
        yield 2;
      },
    });
    const governed = governTools(
      agentAnswering(allowed),
      { counting },
      {
        catalog: { counting: 'tool_2' },
      },
    );
    const execute = governed.tools.counting.execute!;
    expect(await execute({}, { toolCallId: 'c', messages: [], context: {} })).toBe(2);
    const bare = tool({ inputSchema: z.object({}) });
    expect(() =>
      governTools(agentAnswering(allowed), { bare }, { catalog: { bare: 't' } }),
    ).toThrow(/has no execute/);
  });

  it('an outcome the control plane never takes: execute throws OutcomeNotReportedError', async () => {
    const allowed = async () => ({ run: { id: 'run_3' }, decision: 'allowed', approval_id: null });
    const down = () => Promise.reject(new InternalServerError(503, undefined, new Headers()));
    const governed = governTools(
      agentAnswering(allowed, down),
      { lookup },
      { catalog: { lookup: 'tool_1' } },
    );
    const execute = governed.tools.lookup.execute!;
    const thrown = await Promise.resolve(
      execute({ orderId: 'o-1' }, { toolCallId: 'c1', messages: [], context: {} }),
    ).catch((e: unknown) => e);
    expect(thrown).toBeInstanceOf(OutcomeNotReportedError);
    expect(thrown).toMatchObject({
      runId: 'run_3',
      outcome: 'succeeded',
      output: { orderId: 'o-1' },
    });
  });
});
