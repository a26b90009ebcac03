/**
 * `@tollgate/sdk/tool-calls`: the control plane's part in one tool call an agent executes
 * itself (a framework's tool), shared by the framework integrations (@tollgate/ai-sdk,
 * @tollgate/langchain, @tollgate/openai-agents), each a thin adapter over it. Through the
 * 2.20 operations: the decision (`agent.tools.check`: a run the agent executes), the approval
 * (`agent.approvals.get`), the claim that starts an approved call once with the input held
 * (`agent.approvals.claim`), and the reported outcome (`agent.runs.reportOutcome`). Refusals
 * are the SDK's tool results (`STATUS:` line first), never throws; a suspended agent's
 * AgentSuspendedError is thrown (the loop must stop). Nothing here trusts a message history:
 * the approval and its input are the server's. On its own entry so the root entry carries none
 * of it (it loads with the integrations, after the operator's first call).
 */
import {
  type AgentIdentity,
  AgentSuspendedError,
  APIError,
  TollgateError,
  type ToolResult,
  toolResult,
  toolResultOfError,
} from './index';
import { isRecord } from './internal/is-record';

/** The parts of an agent governance uses. */
export type GoverningAgent = Pick<AgentIdentity, 'runs' | 'tools' | 'approvals'>;

/** A call the control plane holds for an operator's approval. */
export interface HeldCall {
  /** The tool's name in the framework. */
  toolName: string;
  /** The Tollgate approval an operator gives (`tg.approvals.approve(approvalId)`). */
  approvalId: string;
  /** The governed run the control plane holds. */
  runId: string;
  /** The control plane's reason, when it gave one. */
  message?: string;
}

/** What the control plane decided of one call. */
export type ToolCallDecision =
  | { kind: 'allowed'; runId: string }
  | { kind: 'held'; call: HeldCall }
  | { kind: 'refused'; result: ToolResult };

/** What the control plane says of a held call's approval now. */
export type ApprovalVerdict =
  | { kind: 'approved' }
  | { kind: 'pending' }
  | { kind: 'refused'; result: ToolResult };

export interface CallToDecide {
  /** The tool's name in the framework (found in the catalog by it, or through `catalog`). */
  toolName: string;
  input: unknown;
  signal?: AbortSignal | undefined;
  /** Pins the check's idempotency key: a replayed check (a re-run graph node) is one run. */
  idempotencyKey?: string | undefined;
}

export interface ToolCallGovernorOptions {
  /** Each tool's catalog entry, by its framework name: a catalog id (`tool_…`) or a catalog
   * name. A tool without an entry is found by its own name (`agent.tools.find`: the tools the
   * agent may call; `_` matches `-`). @default {} */
  catalog?: Readonly<Record<string, string>>;
}

export interface ToolCallGovernor {
  /** The control plane's decision on a call; a refusal is a tool result, never a throw. */
  decide(call: CallToDecide): Promise<ToolCallDecision>;
  /** What the control plane says of a held call's approval now (rejected, expired: refused). */
  approval(call: HeldCall, signal?: AbortSignal): Promise<ApprovalVerdict>;
  /**
   * Claims an approved call with the input about to run: undefined when claimed (the run
   * started), else a result saying why not (`approval_pending`, `approval_rejected`,
   * `approval_expired`, `approval_claimed`, `input_mismatch`).
   */
  claim(call: HeldCall, input: unknown, signal?: AbortSignal): Promise<ToolResult | undefined>;
  /**
   * Runs the tool of an allowed or claimed call and reports its outcome, so the run ends
   * succeeded or failed. A throwing tool is reported failed and its error rethrown; `failed`
   * names an output that stands for a failure (a framework that turned the throw into text).
   * A report the control plane never took, after the client's retries, throws
   * OutcomeNotReportedError (the tool ran; its run is still `running`).
   */
  run<T>(
    runId: string,
    execute: () => Promise<T>,
    failed?: (output: T) => string | undefined,
  ): Promise<T>;
}

/**
 * The tool ran, but the control plane never took its outcome (after the client's retries):
 * the run stays `running` there. `output` is what the tool returned (succeeded), `toolError`
 * what it threw (failed); `cause` is why the report failed.
 */
export class OutcomeNotReportedError extends TollgateError {
  override name = 'OutcomeNotReportedError';
  readonly runId: string;
  readonly outcome: 'succeeded' | 'failed';
  readonly output: unknown;
  readonly toolError: unknown;
  constructor(
    runId: string,
    outcome: 'succeeded' | 'failed',
    ran: { output?: unknown; toolError?: unknown },
    cause: unknown,
  ) {
    const why = cause instanceof Error ? cause.message : String(cause);
    super(
      `the tool ran (${outcome}), but its outcome could not be reported: run ${runId} stays running on the control plane (${why})`,
      { cause },
    );
    this.runId = runId;
    this.outcome = outcome;
    this.output = ran.output;
    this.toolError = ran.toolError;
  }
}

/** The control plane's governance of an agent's own tools, each call one run of the agent's. */
export function toolCallGovernor(
  agent: GoverningAgent,
  options: ToolCallGovernorOptions = {},
): ToolCallGovernor {
  const toolIdOf = catalogIds(agent, options.catalog ?? {});
  return {
    async decide({ toolName: tool, input, signal, idempotencyKey }) {
      let checked: Awaited<ReturnType<GoverningAgent['tools']['check']>>;
      try {
        const toolId = await toolIdOf(tool, signal);
        if (!toolId) {
          const message = `no tool ${tool} in the catalog this agent may call`;
          const result = toolResult({ tool, status: 'error', code: 'unknown_tool', message });
          return { kind: 'refused', result };
        }
        const body = { input: asRecord(input), action: tool };
        checked = await agent.tools.check(toolId, body, { signal, idempotencyKey });
      } catch (error) {
        return { kind: 'refused', result: toolResultOfError(tool, error) };
      }
      const runId = checked.run.id;
      const message = checked.reason ?? undefined;
      if (checked.decision === 'allowed') return { kind: 'allowed', runId };
      if (checked.decision === 'requires_approval' && checked.approval_id) {
        const call = { toolName: tool, approvalId: checked.approval_id, runId };
        return { kind: 'held', call: message ? { ...call, message } : call };
      }
      // denied, or a decision this SDK does not know (the contract's enums are open).
      const code = checked.decision === 'denied' ? 'policy_denied' : 'unknown_decision';
      const result = toolResult({ tool, status: 'blocked', code, message, runId });
      return { kind: 'refused', result };
    },

    async approval(call, signal) {
      const approval = await agent.approvals.get(call.approvalId, { signal });
      if (approval.status === 'pending') return { kind: 'pending' };
      if (approval.status === 'approved') return { kind: 'approved' };
      const code = approval.status === 'expired' ? 'approval_expired' : 'approval_rejected';
      const message = approval.reason ?? `the approval is ${approval.status}`;
      const { toolName: tool, runId, approvalId } = call;
      const result = toolResult({ tool, status: 'blocked', code, message, runId, approvalId });
      return { kind: 'refused', result };
    },

    async claim(call, input, signal) {
      const { toolName: tool, runId, approvalId } = call;
      try {
        await agent.approvals.claim(approvalId, { input: asRecord(input) }, { signal });
        return undefined;
      } catch (error) {
        if (!(error instanceof APIError) || error.status !== 409 || !error.code)
          return toolResultOfError(tool, error);
        const { code, message } = error;
        const status =
          code === 'approval_pending'
            ? 'approval_required'
            : code === 'approval_rejected' || code === 'approval_expired'
              ? 'blocked'
              : 'error';
        return toolResult({ tool, status, code, message, runId, approvalId });
      }
    },

    async run(runId, execute, failed) {
      let output: Awaited<ReturnType<typeof execute>>;
      try {
        output = await execute();
      } catch (toolError) {
        const message = toolError instanceof Error ? toolError.message : String(toolError);
        const outcome = { status: 'failed', error: message || 'the tool threw' } as const;
        await reportOutcome(agent, runId, outcome, { toolError });
        throw toolError;
      }
      const failure = failed?.(output);
      const outcome = failure
        ? ({ status: 'failed', error: failure } as const)
        : ({ status: 'succeeded', output: asRecord(output, 'value') } as const);
      await reportOutcome(agent, runId, outcome, { output });
      return output;
    },
  };
}

type Outcome = Parameters<GoverningAgent['runs']['reportOutcome']>[1];

/**
 * Reports with the client's retry policy (backoff, Retry-After, retry budget, maxRetries). A
 * report cannot end a run twice (a run no longer running refuses it, 409), so it is safe to
 * repeat: the key tells the client so. A repeat refused because an earlier attempt landed
 * (its answer lost) finds the run ended as reported: done.
 */
async function reportOutcome(
  agent: GoverningAgent,
  runId: string,
  outcome: Outcome,
  ran: { output?: unknown; toolError?: unknown },
): Promise<void> {
  try {
    await agent.runs.reportOutcome(runId, outcome, { idempotencyKey: `outcome-${runId}` });
  } catch (error) {
    if (error instanceof AgentSuspendedError) throw error;
    const landed =
      error instanceof APIError &&
      error.status === 409 &&
      (await agent.runs.get(runId).then(
        (run) => run.status === outcome.status,
        () => false,
      ));
    if (!landed) throw new OutcomeNotReportedError(runId, outcome.status, ran, error);
  }
}

/**
 * Each tool's id in the catalog: given (`catalog`: an id `tool_…`, or a catalog name), or
 * found by the tool's own name as this agent sees the catalog. A found id is kept; a miss is
 * asked again next time (an operator may register the tool meanwhile).
 */
function catalogIds(agent: GoverningAgent, catalog: Readonly<Record<string, string>>) {
  const found = new Map<string, string>();
  return async (toolName: string, signal?: AbortSignal): Promise<string | undefined> => {
    const given = Object.hasOwn(catalog, toolName) ? catalog[toolName] : undefined;
    if (given?.startsWith('tool_')) return given;
    const known = found.get(toolName);
    if (known) return known;
    const tool = await agent.tools.find(given ?? toolName, { signal });
    if (tool) found.set(toolName, tool.id);
    return tool?.id;
  };
}

/** The control plane records an object; anything else is recorded as `{ [key]: value }`. */
export function asRecord(value: unknown, key = 'input'): Record<string, unknown> {
  return isRecord(value) ? value : { [key]: value ?? null };
}
