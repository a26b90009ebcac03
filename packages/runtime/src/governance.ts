/**
 * Governed tool calls through the 2.20 operations: the control plane decides each call
 * (`agent.tools.check` with the catalog tool and the input) and records it as a run the
 * runtime executes. allowed → the tool runs here and its outcome is reported
 * (`agent.runs.reportOutcome`); denied → `blocked`; requires_approval → `held`, and resumed
 * from the control plane's approval state (resume.ts), never from what a caller sends.
 */
import { type AgentIdentity, toolResultOfError } from '@tollgate/sdk';
import type { HeldCalls } from './held-calls';
import { type ToolResult, toolResult } from './status';
import { invalidInput, type Tool, type ToolCallContext } from './tool';

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

/**
 * The run's action: the tool, and for whom the runtime called it. Recorded by the control
 * plane at decision time, it binds a held call to its caller across restarts (resume.ts).
 */
export const actionFor = (tool: string, callerId: string | null) =>
  callerId === null ? tool : `${tool} for ${callerId}`;

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
  let created: Awaited<ReturnType<AgentIdentity['tools']['check']>>;
  try {
    // The raw input (it passed the schema) is what the control plane records and shows the
    // operator, and what a claim must match.
    const input = raw as Record<string, unknown>;
    const action = actionFor(name, scope.callerId);
    created = await scope.agent.tools.check(toolId, { input, action }, { signal: scope.signal });
  } catch (error) {
    // A refusal is a result (402 → blocked, …); a suspended agent is thrown: the loop stops.
    return toolResultOfError(name, error);
  }
  const runId = created.run.id;
  const reason = created.reason ?? undefined;
  if (created.decision === 'allowed') return executeAndReport(scope, tool, raw, runId);
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
 * Runs the tool of a running run and reports its outcome, so the run ends succeeded or
 * failed on the control plane. A report that does not arrive leaves the run `running` there;
 * the result is the tool's all the same (it ran).
 */
export async function executeAndReport(
  scope: Pick<CallScope, 'agent' | 'signal'>,
  tool: Tool,
  input: unknown,
  runId: string,
): Promise<ToolResult> {
  const ctx: ToolCallContext = { agentId: scope.agent.agentId, runId, signal: scope.signal };
  const result = await tool.execute(input, ctx);
  const outcome =
    result.status === 'executed'
      ? { status: 'succeeded' as const, output: asRecord(result.output) }
      : {
          status: 'failed' as const,
          error: `${result.code ?? result.status}: ${result.message ?? ''}`,
        };
  await scope.agent.runs.reportOutcome(runId, outcome).catch(() => undefined);
  return result;
}

/** The run records an object; other outputs are recorded as `{ value }`. */
function asRecord(output: unknown): Record<string, unknown> {
  return typeof output === 'object' && output !== null && !Array.isArray(output)
    ? (output as Record<string, unknown>)
    : { value: output ?? null };
}
