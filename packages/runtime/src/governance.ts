/**
 * Governed tool calls, on what contract 2.19 offers: each call is a run of the agent's
 * (`agent.runs.create` with the catalog tool and the input), and the control plane's policy
 * decides. allowed → the tool runs here; denied → `blocked`; requires_approval → `held`, and
 * after an operator approves, the run leaves `awaiting_approval` on the control plane: that
 * state, read back with `agent.runs.get`, is what makes the held call executable, with the
 * input the control plane recorded, never one a caller sends.
 */
import { type AgentIdentity, type Run, toolResultOfError } from '@tollgate/sdk';
import type { HeldCall, HeldCalls } from './held-calls';
import { type ToolResult, toolResult } from './status';
import { invalidInput, type Tool } from './tool';

/** A tool and the id of its entry in the Tollgate catalog. */
export interface GovernedTool {
  tool: Tool;
  toolId: string;
}

export interface CallScope {
  agent: AgentIdentity;
  held: HeldCalls;
  /** The verified agent that invoked the runtime, or null. */
  callerId: string | null;
  signal: AbortSignal;
}

/** Run states that mean an operator approved (2.19: the approved run starts on the control plane). */
const APPROVED = new Set<string>(['running', 'succeeded']);
const PENDING = new Set<string>(['queued', 'awaiting_approval']);

/** Asks the control plane, then runs, refuses or holds the call. */
export async function governedCall(
  scope: CallScope,
  entry: GovernedTool | undefined,
  name: string,
  raw: unknown,
): Promise<ToolResult> {
  if (!entry)
    return toolResult({
      tool: name,
      status: 'error',
      code: 'unknown_tool',
      message: `no tool ${name}`,
    });
  const { tool, toolId } = entry;
  const parsed = tool.input.safeParse(raw);
  if (!parsed.success) return invalidInput(name, parsed.error);
  let created: Awaited<ReturnType<AgentIdentity['runs']['create']>>;
  try {
    // The raw input (it passed the schema) is what the control plane records and shows the
    // operator, and what a resume parses again.
    const input = raw as Record<string, unknown>;
    created = await scope.agent.runs.create(
      { tool_id: toolId, action: name, input },
      { signal: scope.signal },
    );
  } catch (error) {
    // A refusal is a result (402 → blocked, …); a suspended agent is thrown: the loop stops.
    return toolResultOfError(name, error);
  }
  const runId = created.run.id;
  const reason = created.reason ?? undefined;
  if (created.decision === 'allowed') return tool.execute(raw, context(scope, runId));
  if (created.decision === 'denied')
    return toolResult({
      tool: name,
      status: 'blocked',
      code: 'policy_denied',
      message: reason,
      runId,
    });
  if (created.decision === 'requires_approval' && created.approval_id) {
    const call = { approvalId: created.approval_id, runId, tool: name, callerId: scope.callerId };
    if (!scope.held.hold(call))
      return toolResult({ tool: name, status: 'error', code: 'too_many_held_calls', runId });
    return toolResult({
      tool: name,
      status: 'approval_required',
      approvalId: call.approvalId,
      runId,
      message: `${reason ?? 'held for approval'}; runs once an operator approves and the runtime is resumed`,
    });
  }
  // A decision this runtime does not know refuses (the contract's enums are open).
  return toolResult({ tool: name, status: 'blocked', code: 'unknown_decision', runId });
}

/**
 * Runs a held call if the control plane says its approval was given: undefined while it is
 * still pending (the caller puts the call back), `blocked` when rejected or expired. A
 * control-plane error is thrown: nothing ran, so the call can be resumed again.
 */
export async function resumeCall(
  scope: CallScope,
  entry: GovernedTool,
  call: HeldCall,
): Promise<ToolResult | undefined> {
  const run: Run = await scope.agent.runs.get(call.runId, { signal: scope.signal });
  const { tool } = entry;
  if (run.approval_id !== call.approvalId || run.tool_id !== entry.toolId)
    return toolResult({
      tool: tool.name,
      status: 'error',
      code: 'approval_mismatch',
      runId: run.id,
    });
  if (PENDING.has(run.status)) return undefined;
  if (APPROVED.has(run.status)) return tool.execute(run.input, context(scope, run.id));
  return toolResult({
    tool: tool.name,
    status: 'blocked',
    code: 'approval_rejected',
    message: run.error ?? `the run is ${run.status}`,
    runId: run.id,
  });
}

function context(scope: CallScope, runId: string) {
  return { agentId: scope.agent.agentId, runId, signal: scope.signal };
}
