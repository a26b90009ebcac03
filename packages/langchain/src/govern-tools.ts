/**
 * `governTools(agent, tools)`: the agent's own LangChain tools (structured tools that run in
 * its process), each call decided by the Tollgate control plane through the 2.20 tool-call
 * operations. The tool is found in the catalog as the agent sees it (`agent.tools.find`, or
 * `catalog`), the call checked with its input (`agent.tools.check`: a run of the agent's):
 *
 * - allowed → the tool runs and its outcome is reported (`agent.runs.reportOutcome`), the
 *   result `STATUS: executed` with its output (a throwing tool: `STATUS: failed`);
 * - denied → `STATUS: blocked` (`policy_denied`), the tool not run;
 * - requires approval → inside a graph run by `withTollgate`, a LangGraph `interrupt`; on
 *   resume the call claims the approval with its input (`agent.approvals.claim`: once, only
 *   when approved, only for the input held) and runs. Outside a graph: `STATUS:
 *   approval_required` with the approval id.
 *
 * Results are the SDK's `ToolResult` (the text with its `STATUS:` line is the ToolMessage's
 * content, the object its artifact). A suspended agent's 403 is thrown: the loop stops.
 */
import type { CallbackManagerForToolRun } from '@langchain/core/callbacks/manager';
import type { RunnableConfig } from '@langchain/core/runnables';
import { DynamicStructuredTool, type StructuredToolInterface } from '@langchain/core/tools';
import { type ToolResult, toolResult, toolResultOfError } from '@tollgate/sdk';
import {
  type GoverningAgent,
  type HeldCall,
  OutcomeNotReportedError,
  type ToolCallGovernor,
  toolCallGovernor,
} from '@tollgate/sdk/tool-calls';
import {
  type ApprovalInterrupt,
  type TollgateRunContext,
  tollgateContextOf,
} from './graph-context';
import { graphIdempotencyKey } from './idempotency';
import { type TollgateTracing, tracedCall } from './tracing';

export type { GoverningAgent } from '@tollgate/sdk/tool-calls';

export interface GovernToolsOptions {
  /** Each tool's catalog entry, by its LangChain name: a catalog id (`tool_…`) or a catalog
   * name. A tool without an entry is found by its own name (`agent.tools.find`: the tools the
   * agent may call; `_` matches `-`). @default {} */
  catalog?: Readonly<Record<string, string>>;
  /** Traces each call (`langchainTracing()` from `@tollgate/langchain/otel`). @default none */
  tracing?: TollgateTracing;
}

/** How often one call claims a pending approval across resumes before reporting it held. */
const MAX_APPROVAL_ROUNDS = 20;

type Input = Record<string, unknown>;
type Held = (interrupt: ApprovalInterrupt) => void;

/** The tools, each call governed: same names, descriptions and schemas. */
export function governTools(
  agent: GoverningAgent,
  tools: readonly StructuredToolInterface[],
  options: GovernToolsOptions = {},
): DynamicStructuredTool[] {
  const governor = toolCallGovernor(agent, { catalog: options.catalog ?? {} });
  return tools.map((tool) => governOne(agent, governor, tool, options.tracing));
}

function governOne(
  agent: GoverningAgent,
  governor: ToolCallGovernor,
  tool: StructuredToolInterface,
  tracing: TollgateTracing | undefined,
): DynamicStructuredTool {
  const name = tool.name;
  return new DynamicStructuredTool({
    name,
    description: tool.description,
    schema: tool.schema,
    responseFormat: 'content_and_artifact',
    func: async (input: Input, runManager, config) => {
      const callId = (config as { toolCall?: { id?: string } } | undefined)?.toolCall?.id;
      const traced = { name, description: tool.description, callId };
      const result = await tracedCall(tracing, traced, (onHeld) =>
        governed(input, runManager, config, onHeld),
      );
      return asContent(result);
    },
  });

  async function governed(
    input: Input,
    runManager: CallbackManagerForToolRun | undefined,
    config: RunnableConfig | undefined,
    onHeld: Held,
  ): Promise<ToolResult> {
    const graph = tollgateContextOf(config);
    const signal = config?.signal;
    const { toolCall: _call, ...rest } = (config ?? {}) as RunnableConfig & {
      toolCall?: unknown;
    };
    const execute = (runId: string) =>
      runAndReport(governor, tool, runId, input, { ...rest, callbacks: runManager?.getChild() });
    // A node LangGraph re-runs on resume checks again: the same decision replayed.
    const idempotencyKey = graph
      ? await graphIdempotencyKey(config ?? {}, `agent-tool:${name}`, input)
      : undefined;
    const decision = await governor.decide({ toolName: name, input, signal, idempotencyKey });
    if (decision.kind === 'refused') return decision.result;
    if (decision.kind === 'allowed') {
      // A node LangGraph re-runs replays the check: a run that ended is read back, not rerun.
      const { runId } = decision;
      const ended = graph ? await recordedOutcome(agent, name, runId, signal) : undefined;
      return ended ?? (await execute(runId));
    }
    const { call } = decision;
    const held = toolResult({
      tool: name,
      status: 'approval_required',
      approvalId: call.approvalId,
      runId: call.runId,
      message: call.message ?? 'held for approval',
    });
    if (!graph) return held;
    const claimed = await untilClaimed(governor, graph, call, held, input, signal, onHeld);
    return claimed === 'claimed' ? await execute(call.runId) : claimed;
  }
}

/**
 * In a graph: a LangGraph interrupt while no operator approved, then the claim with the input
 * about to run. A claimed approval (an earlier pass of this node ran it) is `approval_claimed`.
 */
async function untilClaimed(
  governor: ToolCallGovernor,
  graph: TollgateRunContext,
  call: HeldCall,
  held: ToolResult,
  input: Input,
  signal: AbortSignal | undefined,
  onHeld: Held,
): Promise<'claimed' | ToolResult> {
  const { toolName: tool, runId, approvalId } = call;
  const interrupt: ApprovalInterrupt = {
    tollgate: 'approval_required',
    approvalId,
    tool,
    runId,
    ...(held.message ? { message: held.message } : {}),
  };
  for (let round = 0; round < MAX_APPROVAL_ROUNDS; round++) {
    onHeld(interrupt);
    graph.interrupt(interrupt);
    const refused = await governor.claim(call, input, signal);
    if (!refused) return 'claimed';
    if (refused.code !== 'approval_pending') return refused;
  }
  return held;
}

/**
 * Runs the tool and reports the outcome, so the run ends succeeded or failed; a throwing tool
 * is `STATUS: failed`. An outcome the control plane never took throws OutcomeNotReportedError.
 */
async function runAndReport(
  governor: ToolCallGovernor,
  tool: StructuredToolInterface,
  runId: string,
  input: Input,
  config: RunnableConfig,
): Promise<ToolResult> {
  try {
    const output: unknown = await governor.run(runId, () => tool.invoke(input, config));
    return toolResult({ tool: tool.name, status: 'executed', output, runId });
  } catch (error) {
    if (error instanceof OutcomeNotReportedError) throw error;
    const message = (error instanceof Error ? error.message : String(error)) || 'the tool threw';
    return toolResult({ tool: tool.name, status: 'failed', code: 'tool_error', message, runId });
  }
}

/** The outcome reported for a run that already ended (undefined while it is running). */
async function recordedOutcome(
  agent: GoverningAgent,
  tool: string,
  runId: string,
  signal: AbortSignal | undefined,
): Promise<ToolResult | undefined> {
  let run: Awaited<ReturnType<GoverningAgent['runs']['get']>>;
  try {
    run = await agent.runs.get(runId, { signal });
  } catch (error) {
    return toolResultOfError(tool, error);
  }
  if (run.status === 'succeeded') {
    const recorded = run.output;
    const keys = recorded ? Object.keys(recorded) : [];
    // Recorded as `{ value }` when it was not an object (runAndReport): read back as it was.
    const output = keys.length === 1 && keys[0] === 'value' ? recorded?.value : recorded;
    return toolResult({ tool, status: 'executed', output, runId });
  }
  if (run.status === 'failed')
    return toolResult({
      tool,
      status: 'failed',
      code: 'tool_error',
      message: run.error ?? undefined,
      runId,
    });
  return undefined;
}

function asContent(result: ToolResult): [string, ToolResult] {
  return [result.text, result];
}
