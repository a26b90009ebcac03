/**
 * POST /resume/{approval_id}, from the control plane's state: the approval (the agent reads
 * its own), the run it holds (tool, input, and for whom the runtime called it), and the claim
 * that starts the run exactly once with the input held. Any runtime of the agent resumes a
 * call, whether or not its process held it; what runs is what the operator approved.
 */
import { type AgentIdentity, APIError, NotFoundError } from '@tollgate/sdk';
import { actionFor, executeAndReport, type GovernedTool } from './governance';
import { type ToolResult, toolResult } from './status';
import { type RuntimeTracing, tracedToolCall } from './tracing';

export type Resumed =
  | { kind: 'result'; result: ToolResult }
  | { kind: 'problem'; status: 403 | 404 | 409; code: string; message: string };

const unknown = (): Resumed => ({
  kind: 'problem',
  status: 404,
  code: 'unknown_approval',
  message: 'no call of this runtime waits on it',
});

/** Claim refusals that end the call (a result for the agent loop), not the request. */
const ENDED: Record<string, string> = {
  approval_rejected: 'approval_rejected',
  approval_expired: 'approval_expired',
};

/**
 * Resumes the held call of `approvalId` for `callerId` (the verified caller, or null). A
 * control-plane error other than a refusal is thrown: nothing ran, it can be resumed again.
 */
export async function resumeCall(
  scope: { agent: AgentIdentity; signal: AbortSignal; tracing?: RuntimeTracing | undefined },
  governed: ReadonlyMap<string, GovernedTool>,
  approvalId: string,
  callerId: string | null,
): Promise<Resumed> {
  const { agent, signal } = scope;
  const approval = await agent.approvals.get(approvalId, { signal }).catch(notFound);
  if (approval?.kind !== 'run') return unknown();
  const run = await agent.runs.get(approval.subject_id, { signal });
  const entry = [...governed.values()].find((g) => g.toolId === run.tool_id);
  if (!entry) return unknown();
  const tool = entry.tool.name;
  // The control plane recorded for whom the call was made: only that caller resumes it.
  if (run.action !== actionFor(tool, callerId))
    return {
      kind: 'problem',
      status: 403,
      code: 'not_your_approval',
      message: 'only the agent whose call was held resumes it',
    };
  let claimed: Awaited<ReturnType<AgentIdentity['approvals']['claim']>>;
  try {
    claimed = await agent.approvals.claim(approvalId, { input: run.input }, { signal });
  } catch (error) {
    if (!(error instanceof APIError) || error.status !== 409 || !error.code) throw error;
    const { code } = error;
    const ended = ENDED[code];
    if (ended) {
      const message = approval.reason ?? run.error ?? error.message;
      return {
        kind: 'result',
        result: toolResult({ tool, status: 'blocked', code: ended, message, runId: run.id }),
      };
    }
    const message =
      code === 'approval_pending' ? `approval ${approvalId} has not been given yet` : error.message;
    return { kind: 'problem', status: 409, code, message };
  }
  // The input the control plane held and the claim returned, whatever the request said.
  const traced = { name: tool, description: entry.tool.description, approvalId };
  const result = await tracedToolCall(scope.tracing, traced, () =>
    executeAndReport(scope, entry.tool, claimed.run.input, claimed.run.id),
  );
  return { kind: 'result', result };
}

function notFound(error: unknown): undefined {
  if (error instanceof NotFoundError) return undefined;
  throw error;
}
