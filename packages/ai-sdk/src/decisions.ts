/**
 * The control plane's decision on one tool call, on what contract 2.19 offers (the approach
 * of @tollgate/runtime's governance): a call is a run of the agent with the tool's catalog id
 * and the input (`agent.runs.create`), and the tool's policy decides. allowed → the tool runs
 * here; denied → a refusal; requires_approval → held until an operator approves, which the
 * run leaving `awaiting_approval` on the control plane shows (read back with `agent.runs.get`).
 */
import { type AgentIdentity, type Run, toolResultOfError } from '@tollgate/sdk';
import { refusal, type TollgateRefusal } from './refusal';

/** The part of an agent governance uses: its runs. */
export type GoverningAgent = Pick<AgentIdentity, 'runs'>;

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
  let created: Awaited<ReturnType<GoverningAgent['runs']['create']>>;
  try {
    created = await agent.runs.create(
      { tool_id: call.toolId, action: call.toolName, input: asRecord(call.input) },
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

/** Run states that mean an operator approved (2.19: the approved run starts on the control plane). */
const APPROVED = new Set<string>(['running', 'succeeded']);
const PENDING = new Set<string>(['queued', 'awaiting_approval']);

export type Verdict =
  | { kind: 'approved'; input: unknown }
  | { kind: 'pending' }
  | { kind: 'refused'; refusal: TollgateRefusal };

/** What the control plane says of a held call now. Throws what `runs.get` throws. */
export async function verdict(
  agent: GoverningAgent,
  call: HeldToolCall,
  toolId: string,
  signal?: AbortSignal,
): Promise<Verdict> {
  const run: Run = await agent.runs.get(call.runId, { signal });
  const { runId, approvalId } = call;
  if (run.approval_id !== approvalId || run.tool_id !== toolId)
    return {
      kind: 'refused',
      refusal: refusal({ tollgate: 'error', code: 'approval_mismatch', runId }),
    };
  if (PENDING.has(run.status)) return { kind: 'pending' };
  // The input the control plane recorded (and the operator saw), whatever a history says.
  if (APPROVED.has(run.status)) return { kind: 'approved', input: run.input };
  const message = run.error ?? `the run is ${run.status}`;
  return {
    kind: 'refused',
    refusal: refusal({
      tollgate: 'blocked',
      code: 'approval_rejected',
      message,
      runId,
      approvalId,
    }),
  };
}

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

/** The control plane records an object; a tool whose input is not one is recorded as `{ input }`. */
function asRecord(input: unknown): Record<string, unknown> {
  return typeof input === 'object' && input !== null && !Array.isArray(input)
    ? (input as Record<string, unknown>)
    : { input };
}
