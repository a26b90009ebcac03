/**
 * Tollgate's refusals as the Agents SDK reports them. The client `useTollgate` builds throws
 * the Tollgate SDK's typed errors (`BudgetExceededError`, `AgentSuspendedError`, … with
 * status, code and request id); the Agents SDK passes them on, sometimes as a `cause`.
 */
import { APIError } from '@tollgate/sdk';

/** How deep to look under wrappers (`cause`). */
const MAX_DEPTH = 4;

/** The Tollgate refusal in an error a run threw, or undefined when the control plane did not refuse. */
export function tollgateErrorOf(error: unknown, depth = 0): APIError | undefined {
  if (error instanceof APIError) return error;
  if (typeof error !== 'object' || error === null || depth >= MAX_DEPTH) return undefined;
  return tollgateErrorOf((error as { cause?: unknown }).cause, depth + 1);
}

/** Did the agent's budget refuse this call (402 `budget_exceeded`)? */
export function isBudgetExceeded(error: unknown): boolean {
  return tollgateErrorOf(error)?.code === 'budget_exceeded';
}

/** Is the agent suspended (403 `agent_suspended`)? */
export function isAgentSuspended(error: unknown): boolean {
  return tollgateErrorOf(error)?.code === 'agent_suspended';
}
