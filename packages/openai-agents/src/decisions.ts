/**
 * The control plane's part in one tool call, through the 2.20 operations: the decision
 * (`agent.tools.check`: recorded as a run the caller executes), the approval state
 * (`agent.approvals.get`), the claim that starts an approved call once with the input held
 * (`agent.approvals.claim`), and the reported outcome (`agent.runs.reportOutcome`). Refusals
 * are the Tollgate SDK's tool results (`STATUS:` line first), which the model reads.
 */
import {
  type AgentIdentity,
  APIError,
  type ToolResult,
  toolResult,
  toolResultOfError,
} from '@tollgate/sdk';

/** The parts of an agent governance uses. */
export type GoverningAgent = Pick<AgentIdentity, 'runs' | 'tools' | 'approvals'>;

/** A call the control plane holds for an operator's approval. */
export interface HeldToolCall {
  /** The Agents SDK's id of the tool call. */
  callId: string;
  /** The tool's name. */
  toolName: string;
  /** The Tollgate approval an operator gives (`tg.approvals.approve(approvalId)`). */
  approvalId: string;
  /** The governed run the control plane holds. */
  runId: string;
}

export type Decision =
  | { kind: 'allowed'; runId: string }
  | { kind: 'held'; call: HeldToolCall }
  | { kind: 'refused'; result: ToolResult };

/** Asks the control plane about a call. Throws only AgentSuspendedError (the run must stop). */
export async function decide(
  agent: GoverningAgent,
  call: { callId: string; toolName: string; toolId: string; input: unknown },
): Promise<Decision> {
  const tool = call.toolName;
  let checked: Awaited<ReturnType<GoverningAgent['tools']['check']>>;
  try {
    checked = await agent.tools.check(call.toolId, { input: asRecord(call.input), action: tool });
  } catch (error) {
    return { kind: 'refused', result: toolResultOfError(tool, error) };
  }
  const runId = checked.run.id;
  const message = checked.reason ?? undefined;
  if (checked.decision === 'allowed') return { kind: 'allowed', runId };
  if (checked.decision === 'requires_approval' && checked.approval_id)
    return {
      kind: 'held',
      call: { callId: call.callId, toolName: tool, approvalId: checked.approval_id, runId },
    };
  // denied, or a decision this package does not know (the contract's enums are open).
  const code = checked.decision === 'denied' ? 'policy_denied' : 'unknown_decision';
  return { kind: 'refused', result: toolResult({ tool, status: 'blocked', code, message, runId }) };
}

export type Verdict =
  | { kind: 'approved' }
  | { kind: 'pending' }
  | { kind: 'rejected'; reason: string };

/** What the control plane says of a held call's approval now. */
export async function approvalState(agent: GoverningAgent, call: HeldToolCall): Promise<Verdict> {
  const approval = await agent.approvals.get(call.approvalId);
  if (approval.status === 'pending') return { kind: 'pending' };
  if (approval.status === 'approved') return { kind: 'approved' };
  return { kind: 'rejected', reason: approval.reason ?? `the approval is ${approval.status}` };
}

/**
 * Claims an approved call with the input about to run: the control plane starts the run once,
 * only for the input held for approval; a refusal is a tool result saying why
 * (`approval_pending`, `approval_rejected`, `approval_expired`, `approval_claimed`,
 * `input_mismatch`).
 */
export async function claim(
  agent: GoverningAgent,
  call: HeldToolCall,
  input: unknown,
): Promise<ToolResult | undefined> {
  try {
    await agent.approvals.claim(call.approvalId, { input: asRecord(input) });
    return undefined;
  } catch (error) {
    const tool = call.toolName;
    if (!(error instanceof APIError) || error.status !== 409 || !error.code)
      return toolResultOfError(tool, error);
    const { code, message } = error;
    const status =
      code === 'approval_pending'
        ? 'approval_required'
        : code === 'approval_rejected' || code === 'approval_expired'
          ? 'blocked'
          : 'error';
    const { runId, approvalId } = call;
    return toolResult({ tool, status, code, message, runId, approvalId });
  }
}

/**
 * Runs the tool and reports its outcome (best effort: the tool ran whatever the report does).
 * A throwing tool is reported failed and rethrown, for the Agents SDK to handle.
 */
export async function executeAndReport<T>(
  agent: GoverningAgent,
  runId: string,
  run: () => Promise<T>,
): Promise<T> {
  let output: T;
  try {
    output = await run();
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    await report(agent, runId, { status: 'failed', error: message || 'the tool threw' });
    throw error;
  }
  await report(agent, runId, { status: 'succeeded', output: asRecord(output, 'value') });
  return output;
}

const report = (
  agent: GoverningAgent,
  runId: string,
  outcome: Parameters<GoverningAgent['runs']['reportOutcome']>[1],
) =>
  agent.runs.reportOutcome(runId, outcome).then(
    () => undefined,
    () => undefined,
  );

/** The control plane records an object; anything else is recorded as `{ [key]: value }`. */
export function asRecord(value: unknown, key = 'input'): Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : { [key]: value ?? null };
}
