/**
 * Shared by @tollgate/runtime and the framework integrations (@tollgate/langchain, …).
 *
 * What a tool call gives back to the agent loop: never a thrown governance decision, always a
 * result whose text starts with a `STATUS: <status>` line (Upivia's convention), so a model
 * reads "approval_required" or "blocked" and answers the user instead of the loop crashing.
 */
import { AgentSuspendedError, APIError, BudgetExceededError } from './core/errors';

/** Every outcome of a tool call. */
export const TOOL_STATUSES = [
  'executed',
  'approval_required',
  'blocked',
  'failed',
  'running',
  'error',
] as const;
export type ToolStatus = (typeof TOOL_STATUSES)[number];

export interface ToolResult {
  /** The tool's name. */
  tool: string;
  /** executed: it ran; approval_required: held for a human; blocked: policy or budget said no;
   * failed: the tool ran and threw; running: still going; error: the call itself was wrong
   * (bad input, unknown tool) or the control plane could not be asked. */
  status: ToolStatus;
  /** What the model reads: the `STATUS:` line, then the details, one per line. */
  text: string;
  /** The tool's output (executed). */
  output?: unknown;
  /** The approval an operator must give (approval_required). */
  approvalId?: string;
  /** The control plane's governed run for this call. */
  runId?: string;
  /** The control plane's service request for this call (a service operation as a tool). */
  requestId?: string;
  /** A machine code (blocked, failed, error): `policy_denied`, `invalid_input`, … */
  code?: string;
  /** A human sentence (blocked, failed, error, approval_required). */
  message?: string;
}

type Fields = Omit<ToolResult, 'text'>;

/**
 * Builds a result and its text: `STATUS: …`, then `approval_id`, `request_id`, `code`,
 * `message`, and the output when executed.
 */
export function toolResult(fields: Fields): ToolResult {
  const lines = [`STATUS: ${fields.status}`];
  if (fields.approvalId) lines.push(`approval_id: ${fields.approvalId}`);
  if (fields.requestId) lines.push(`request_id: ${fields.requestId}`);
  if (fields.code) lines.push(`code: ${fields.code}`);
  if (fields.message) lines.push(`message: ${fields.message}`);
  if (fields.status === 'executed') lines.push(printable(fields.output));
  return { ...fields, text: lines.join('\n') };
}

/**
 * The control plane's refusal of a tool call as a result, never a throw: 402 → `blocked`
 * `budget_exceeded`; another refusal → `error` with its code; no answer → `error`
 * `control_plane_unreachable`. A suspended agent (403 `agent_suspended`) is rethrown: the
 * agent loop must stop, not read a result.
 */
export function toolResultOfError(tool: string, error: unknown): ToolResult {
  if (error instanceof AgentSuspendedError) throw error;
  if (error instanceof BudgetExceededError)
    return toolResult({ tool, status: 'blocked', code: 'budget_exceeded', message: error.message });
  if (error instanceof APIError)
    return toolResult({
      tool,
      status: 'error',
      code: error.code ?? `http_${error.status}`,
      message: error.message,
    });
  const message = error instanceof Error ? error.message : String(error);
  return toolResult({ tool, status: 'error', code: 'control_plane_unreachable', message });
}

function printable(output: unknown): string {
  if (typeof output === 'string') return output;
  return JSON.stringify(output ?? null);
}

/** The status a result text starts with, or undefined when it has no `STATUS:` line. */
export function statusOf(text: string): ToolStatus | undefined {
  const match = /^STATUS: ([a-z_]+)(?:\n|$)/.exec(text);
  const status = match?.[1];
  return TOOL_STATUSES.find((known) => known === status);
}
