/**
 * What a governed tool returns to the model when the control plane did not let it run: a
 * typed output, never a thrown error, so the model reads it and answers the user while the
 * agent loop goes on. The statuses are @tollgate/runtime's (Upivia's `STATUS:` convention).
 */
import type { ToolResult } from '@tollgate/sdk';

/** A governed tool call the control plane refused, held, or could not be asked about. */
export interface TollgateRefusal {
  /** blocked: policy or budget said no; approval_required: held for a human; error: the
   * control plane could not decide (unknown tool, unreachable, another refusal). */
  tollgate: 'blocked' | 'approval_required' | 'error';
  /** A machine code: `policy_denied`, `budget_exceeded`, `approval_rejected`, … */
  code: string;
  /** A sentence for the model and the user. */
  message?: string;
  /** The control plane's governed run of this call. */
  runId?: string;
  /** The approval an operator must give (approval_required). */
  approvalId?: string;
}

const STATUSES = new Set(['blocked', 'approval_required', 'error']);

/** Is this tool output a Tollgate refusal (rather than the tool's own output)? */
export function isTollgateRefusal(output: unknown): output is TollgateRefusal {
  if (typeof output !== 'object' || output === null) return false;
  const { tollgate, code } = output as Record<string, unknown>;
  return typeof tollgate === 'string' && STATUSES.has(tollgate) && typeof code === 'string';
}

/** Builds a refusal without undefined fields (they would reach the model as `null`s). */
export function refusal(fields: TollgateRefusal): TollgateRefusal {
  return Object.fromEntries(
    Object.entries(fields).filter(([, value]) => value !== undefined),
  ) as unknown as TollgateRefusal;
}

/** A refusal of `@tollgate/sdk/tool-calls` (a tool result) as this package's typed output. */
export function refusalOf(result: ToolResult): TollgateRefusal {
  const { status, code, message, runId, approvalId } = result;
  const tollgate = status === 'blocked' || status === 'approval_required' ? status : 'error';
  return refusal({ tollgate, code: code ?? 'control_plane_error', message, runId, approvalId });
}
