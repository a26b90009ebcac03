import { describe, expect, it } from 'vitest';
import {
  AgentSuspendedError,
  APIError,
  BudgetExceededError,
  statusOf,
  toolResult,
  toolResultOfError,
} from '../src/index';

const problem = (status: number, code: string) =>
  APIError.from(status, { status, code, detail: code } as never, new Headers());

describe('tool results with a STATUS: line (shared by the runtime and the integrations)', () => {
  it('the STATUS line first, then the ids, the code, the message and the output', () => {
    const held = toolResult({
      tool: 'payments_charge',
      status: 'approval_required',
      approvalId: 'apr_1',
      requestId: 'srq_1',
      message: 'a human approves',
    });
    expect(held.text).toBe(
      'STATUS: approval_required\napproval_id: apr_1\nrequest_id: srq_1\nmessage: a human approves',
    );
    expect(statusOf(held.text)).toBe('approval_required');
    const done = toolResult({ tool: 't', status: 'executed', output: { ok: true } });
    expect(done.text).toBe('STATUS: executed\n{"ok":true}');
    expect(statusOf('no status')).toBeUndefined();
  });

  it('toolResultOfError: the control plane refusal as a result; a suspended agent is thrown', () => {
    const budget = toolResultOfError('t', problem(402, 'budget_exceeded'));
    expect(budget).toBeInstanceOf(Object);
    expect(problem(402, 'budget_exceeded')).toBeInstanceOf(BudgetExceededError);
    expect(budget).toMatchObject({ status: 'blocked', code: 'budget_exceeded' });
    expect(toolResultOfError('t', problem(404, 'not_found'))).toMatchObject({
      status: 'error',
      code: 'not_found',
    });
    expect(toolResultOfError('t', new TypeError('fetch failed'))).toMatchObject({
      status: 'error',
      code: 'control_plane_unreachable',
      message: 'fetch failed',
    });
    const suspended = problem(403, 'agent_suspended');
    expect(suspended).toBeInstanceOf(AgentSuspendedError);
    expect(() => toolResultOfError('t', suspended)).toThrow(suspended);
  });
});
