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
import type { RunnableConfig } from '@langchain/core/runnables';
import { DynamicStructuredTool, type StructuredToolInterface } from '@langchain/core/tools';
import {
  type AgentIdentity,
  APIError,
  type ToolResult,
  toolResult,
  toolResultOfError,
} from '@tollgate/sdk';
import { type TollgateRunContext, tollgateContextOf } from './graph-context';
import { graphIdempotencyKey } from './idempotency';

/** The parts of an agent governance uses. */
export type GoverningAgent = Pick<AgentIdentity, 'tools' | 'approvals' | 'runs'>;

export interface GovernToolsOptions {
  /** Each tool's catalog entry, by its LangChain name: a catalog id (`tool_…`) or a catalog
   * name. A tool without an entry is found by its own name (`agent.tools.find`: the tools the
   * agent may call; `_` matches `-`). @default {} */
  catalog?: Readonly<Record<string, string>>;
}

/** How often one call claims a pending approval across resumes before reporting it held. */
const MAX_APPROVAL_ROUNDS = 20;

type Input = Record<string, unknown>;
type CatalogId = (name: string, signal?: AbortSignal) => Promise<string | undefined>;

/** The tools, each call governed: same names, descriptions and schemas. */
export function governTools(
  agent: GoverningAgent,
  tools: readonly StructuredToolInterface[],
  options: GovernToolsOptions = {},
): DynamicStructuredTool[] {
  const catalog = options.catalog ?? {};
  const found = new Map<string, string>();
  const idOf: CatalogId = async (name, signal) => {
    const given = Object.hasOwn(catalog, name) ? catalog[name] : undefined;
    if (given?.startsWith('tool_')) return given;
    const known = found.get(name);
    if (known) return known;
    const tool = await agent.tools.find(given ?? name, { signal });
    if (tool) found.set(name, tool.id);
    return tool?.id;
  };
  return tools.map((tool) => governOne(agent, tool, idOf));
}

function governOne(
  agent: GoverningAgent,
  tool: StructuredToolInterface,
  idOf: CatalogId,
): DynamicStructuredTool {
  const name = tool.name;
  return new DynamicStructuredTool({
    name,
    description: tool.description,
    schema: tool.schema,
    responseFormat: 'content_and_artifact',
    func: async (input: Input, runManager, config) => {
      const graph = tollgateContextOf(config);
      const signal = config?.signal;
      const { toolCall: _call, ...rest } = (config ?? {}) as RunnableConfig & {
        toolCall?: unknown;
      };
      const execute = (runId: string) =>
        runAndReport(agent, tool, runId, input, { ...rest, callbacks: runManager?.getChild() });
      let checked: Awaited<ReturnType<GoverningAgent['tools']['check']>>;
      try {
        const toolId = await idOf(name, signal);
        if (!toolId) {
          const message = `no tool ${name} in the catalog this agent may call`;
          return asContent(
            toolResult({ tool: name, status: 'error', code: 'unknown_tool', message }),
          );
        }
        // A node LangGraph re-runs on resume checks again: the same decision replayed.
        const idempotencyKey = graph
          ? await graphIdempotencyKey(config ?? {}, `agent-tool:${name}`, input)
          : undefined;
        const body = { input: asRecord(input), action: name };
        checked = await agent.tools.check(toolId, body, { idempotencyKey, signal });
      } catch (error) {
        return asContent(toolResultOfError(name, error));
      }
      const runId = checked.run.id;
      const message = checked.reason ?? undefined;
      if (checked.decision === 'allowed') {
        // A node LangGraph re-runs replays the check: a run that ended is read back, not rerun.
        const ended = graph ? await recordedOutcome(agent, name, runId, signal) : undefined;
        return asContent(ended ?? (await execute(runId)));
      }
      if (checked.decision === 'denied')
        return asContent(
          toolResult({ tool: name, status: 'blocked', code: 'policy_denied', message, runId }),
        );
      const approvalId = checked.approval_id ?? undefined;
      if (checked.decision !== 'requires_approval' || !approvalId)
        // A decision this package does not know refuses (the contract's enums are open).
        return asContent(
          toolResult({ tool: name, status: 'blocked', code: 'unknown_decision', runId }),
        );
      const held = toolResult({
        tool: name,
        status: 'approval_required',
        approvalId,
        runId,
        message: message ?? 'held for approval',
      });
      if (!graph) return asContent(held);
      const claimed = await untilClaimed(agent, graph, held, input, signal);
      return asContent(claimed === 'claimed' ? await execute(runId) : claimed);
    },
  });
}

/**
 * In a graph: a LangGraph interrupt while no operator approved, then the claim with the input
 * about to run. A claimed approval (an earlier pass of this node ran it) is `approval_claimed`.
 */
async function untilClaimed(
  agent: GoverningAgent,
  graph: TollgateRunContext,
  held: ToolResult,
  input: Input,
  signal: AbortSignal | undefined,
): Promise<'claimed' | ToolResult> {
  const { tool, runId } = held;
  const approvalId = held.approvalId as string;
  for (let round = 0; round < MAX_APPROVAL_ROUNDS; round++) {
    graph.interrupt({
      tollgate: 'approval_required',
      approvalId,
      tool,
      ...(runId ? { runId } : {}),
      ...(held.message ? { message: held.message } : {}),
    });
    try {
      await agent.approvals.claim(approvalId, { input: asRecord(input) }, { signal });
      return 'claimed';
    } catch (error) {
      if (!(error instanceof APIError) || error.status !== 409 || !error.code)
        return toolResultOfError(tool, error);
      if (error.code === 'approval_pending') continue;
      const status =
        error.code === 'approval_rejected' || error.code === 'approval_expired'
          ? 'blocked'
          : 'error';
      return toolResult({
        tool,
        status,
        code: error.code,
        message: error.message,
        runId,
        approvalId,
      });
    }
  }
  return held;
}

/** Runs the tool and reports the outcome, so the run ends succeeded or failed. */
async function runAndReport(
  agent: GoverningAgent,
  tool: StructuredToolInterface,
  runId: string,
  input: Input,
  config: RunnableConfig,
): Promise<ToolResult> {
  let output: unknown;
  try {
    output = await tool.invoke(input, config);
  } catch (error) {
    const message = (error instanceof Error ? error.message : String(error)) || 'the tool threw';
    await report(agent, runId, { status: 'failed', error: message });
    return toolResult({ tool: tool.name, status: 'failed', code: 'tool_error', message, runId });
  }
  await report(agent, runId, { status: 'succeeded', output: asRecord(output, 'value') });
  return toolResult({ tool: tool.name, status: 'executed', output, runId });
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

/** Best effort: the tool ran whatever the report does. */
const report = (
  agent: GoverningAgent,
  runId: string,
  outcome: Parameters<GoverningAgent['runs']['reportOutcome']>[1],
) =>
  agent.runs.reportOutcome(runId, outcome).then(
    () => undefined,
    () => undefined,
  );

function asContent(result: ToolResult): [string, ToolResult] {
  return [result.text, result];
}

/** The control plane records an object; anything else is recorded as `{ [key]: value }`. */
function asRecord(value: unknown, key = 'input'): Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : { [key]: value ?? null };
}
