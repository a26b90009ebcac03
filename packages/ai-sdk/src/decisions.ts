/**
 * The control plane's part in one tool call, through the 2.20 operations: the decision
 * (`agent.tools.check`: recorded as a run the caller executes), the approval state
 * (`agent.approvals.get`), the claim that starts an approved call exactly once with the input
 * held (`agent.approvals.claim`), and the reported outcome (`agent.runs.reportOutcome`).
 * Nothing here trusts what a message history says: the approval and its input are the server's.
 */
import { type AgentIdentity, APIError, toolResultOfError } from '@tollgate/sdk';
import { refusal, type TollgateRefusal } from './refusal';

/** The parts of an agent governance uses. */
export type GoverningAgent = Pick<AgentIdentity, 'runs' | 'tools' | 'approvals'>;

/** A call the control plane holds for an operator's approval. */
export interface HeldToolCall {
  /** The AI SDK's id of the tool call. */
  toolCallId: string;
  /** The tool's name in the tool set. */
  toolName: string;
  /** The Tollgate approval an operator gives (`tg.approvals.approve(approvalId)`). */
  approvalId: string;
  /** The governed run the control plane holds. */
  runId: string;
}

export type Decision =
  | { kind: 'allowed'; runId: string }
  | { kind: 'held'; call: HeldToolCall }
  | { kind: 'refused'; refusal: TollgateRefusal };

export interface CallToGovern {
  toolCallId: string;
  toolName: string;
  toolId: string;
  input: unknown;
  signal?: AbortSignal | undefined;
}

/** Asks the control plane about a call. Throws only AgentSuspendedError (the loop must stop). */
export async function decide(agent: GoverningAgent, call: CallToGovern): Promise<Decision> {
  let created: Awaited<ReturnType<GoverningAgent['tools']['check']>>;
  try {
    created = await agent.tools.check(
      call.toolId,
      { input: asRecord(call.input), action: call.toolName },
      { signal: call.signal },
    );
  } catch (error) {
    return { kind: 'refused', refusal: controlPlaneRefusal(error) };
  }
  const runId = created.run.id;
  const message = created.reason ?? undefined;
  if (created.decision === 'allowed') return { kind: 'allowed', runId };
  if (created.decision === 'denied')
    return {
      kind: 'refused',
      refusal: refusal({ tollgate: 'blocked', code: 'policy_denied', message, runId }),
    };
  if (created.decision === 'requires_approval' && created.approval_id) {
    const { toolCallId, toolName } = call;
    return { kind: 'held', call: { toolCallId, toolName, approvalId: created.approval_id, runId } };
  }
  // A decision this package does not know refuses (the contract's enums are open).
  return {
    kind: 'refused',
    refusal: refusal({ tollgate: 'blocked', code: 'unknown_decision', runId }),
  };
}

export type Verdict =
  | { kind: 'approved' }
  | { kind: 'pending' }
  | { kind: 'refused'; refusal: TollgateRefusal };

/** What the control plane says of a held call's approval now. Throws what `approvals.get` throws. */
export async function approvalState(
  agent: GoverningAgent,
  call: HeldToolCall,
  signal?: AbortSignal,
): Promise<Verdict> {
  const approval = await agent.approvals.get(call.approvalId, { signal });
  if (approval.status === 'pending') return { kind: 'pending' };
  if (approval.status === 'approved') return { kind: 'approved' };
  const code = approval.status === 'expired' ? 'approval_expired' : 'approval_rejected';
  const message = approval.reason ?? `the approval is ${approval.status}`;
  const { runId, approvalId } = call;
  return {
    kind: 'refused',
    refusal: refusal({ tollgate: 'blocked', code, message, runId, approvalId }),
  };
}

/**
 * Claims an approved call with the input about to run: the control plane starts the run once,
 * and only for the input held for approval. A refusal says why (`approval_pending`,
 * `approval_rejected`, `approval_expired`, `approval_claimed`, `input_mismatch`).
 */
export async function claim(
  agent: GoverningAgent,
  call: HeldToolCall,
  input: unknown,
  signal?: AbortSignal,
): Promise<{ kind: 'claimed' } | { kind: 'refused'; refusal: TollgateRefusal }> {
  try {
    await agent.approvals.claim(call.approvalId, { input: asRecord(input) }, { signal });
    return { kind: 'claimed' };
  } catch (error) {
    const { runId, approvalId } = call;
    if (!(error instanceof APIError) || error.status !== 409 || !error.code)
      return { kind: 'refused', refusal: controlPlaneRefusal(error) };
    const tollgate =
      error.code === 'approval_pending'
        ? 'approval_required'
        : error.code === 'approval_rejected' || error.code === 'approval_expired'
          ? 'blocked'
          : 'error';
    const message = error.message;
    return {
      kind: 'refused',
      refusal: refusal({ tollgate, code: error.code, message, runId, approvalId }),
    };
  }
}

/**
 * Runs the tool and reports its outcome, so the run ends succeeded or failed on the control
 * plane (best effort: the tool ran whatever the report does). A throwing tool is reported
 * failed and rethrown, as the AI SDK expects (its tool-error).
 */
export async function executeAndReport(
  agent: GoverningAgent,
  runId: string,
  run: () => Promise<unknown>,
): Promise<unknown> {
  let output: unknown;
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

/**
 * The control plane's refusal as a tool output, mapped as every Tollgate tool result is
 * (`toolResultOfError` of @tollgate/sdk); a suspended agent stops the loop (rethrown).
 */
export function controlPlaneRefusal(error: unknown): TollgateRefusal {
  const { status, code, message } = toolResultOfError('', error);
  return refusal({
    tollgate: status === 'blocked' ? 'blocked' : 'error',
    code: code ?? 'control_plane_error',
    message,
  });
}

/** The control plane records an object; anything else is recorded as `{ [key]: value }`. */
function asRecord(value: unknown, key = 'input'): Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : { [key]: value ?? null };
}
