/**
 * `governTools(agent, tools, { catalog? })`: AI SDK tools whose every call the Tollgate
 * control plane decides. Pass both halves to `generateText` / `streamText` (or a
 * `ToolLoopAgent`): `tools` and `toolApproval`.
 *
 * - Each tool is found in the catalog as the agent sees it, by its name (or `catalog`).
 * - `toolApproval` asks the control plane (`agent.tools.check`) when the model calls a tool.
 *   requires_approval → the AI SDK's own approval flow (`'user-approval'`: a
 *   `tool-approval-request` part, the tool not run); anything else lets `execute` report the
 *   decision.
 * - `execute` runs the tool when the call was allowed and reports the outcome, so the run
 *   ends succeeded or failed; otherwise it returns a `TollgateRefusal` the model reads
 *   (blocked, error) instead of throwing. Resumed after an approval response, it first claims
 *   the approval on the control plane with the input it is about to run: the claim succeeds
 *   once, only if an operator approved, and only for the input held for approval. A history
 *   that claims an approval, or changes the input, runs nothing.
 * - `approvalResponses(result.content)` turns the operators' decisions into the AI SDK's
 *   `tool-approval-response` parts for the next call.
 *
 * Which AI SDK tool call waits on which Tollgate approval is kept in this object's memory;
 * the approval, its input and whether it was used are the control plane's. A suspended
 * agent's 403 is thrown: the loop stops.
 */
import {
  type GoverningAgent,
  type HeldCall,
  type ToolCallDecision,
  toolCallGovernor,
} from '@tollgate/sdk/tool-calls';
import type { InferToolInput, InferToolOutput, Tool, ToolApprovalResponse, ToolSet } from 'ai';
import { refusal, refusalOf, type TollgateRefusal } from './refusal';

/** A call the control plane holds for an operator's approval. */
export interface HeldToolCall extends HeldCall {
  /** The AI SDK's id of the tool call. */
  toolCallId: string;
}

type Decision =
  | Exclude<ToolCallDecision, { kind: 'refused' }>
  | { kind: 'refused'; refusal: TollgateRefusal };

export interface GovernToolsOptions {
  /** Each tool's catalog entry, by its name in the tool set: a catalog id (`tool_…`) or a
   * catalog name. A tool without an entry is looked up by its own name (`agent.tools.find`:
   * the tools the agent may call; `_` matches `-`). @default {} (every tool by its name) */
  catalog?: Readonly<Record<string, string>>;
  /** Calls held for approval at once; past it a held call is refused. @default 10_000 */
  maxHeldCalls?: number;
}

/** A tool whose output may also be a TollgateRefusal. */
export type GovernedTool<T> = T extends Tool
  ? Omit<T, 'execute'> & Tool<InferToolInput<T>, InferToolOutput<T> | TollgateRefusal>
  : never;
export type GovernedToolSet<TOOLS extends ToolSet> = { [K in keyof TOOLS]: GovernedTool<TOOLS[K]> };

/** The shape of the AI SDK's generic `toolApproval` function this package needs. */
export type GovernedToolApproval = (options: {
  toolCall: { toolName: string; toolCallId: string; input: unknown };
}) => Promise<{ type: 'user-approval'; reason?: string } | undefined>;

export interface GovernedTools<TOOLS extends ToolSet> {
  /** The tools, each call governed. */
  tools: GovernedToolSet<TOOLS>;
  /** Pass as `toolApproval`: the control plane's requires_approval as the AI SDK's approval. */
  toolApproval: GovernedToolApproval;
  /** The calls held for an operator's approval now. */
  held(): HeldToolCall[];
  /**
   * The AI SDK's approval responses for the held calls among these parts or messages
   * (`result.content` or `result.responseMessages`) an operator has decided: approved →
   * `approved: true`, rejected or expired → `approved: false`; still pending → left out.
   */
  approvalResponses(parts: readonly unknown[]): Promise<ToolApprovalResponse[]>;
}

export function governTools<TOOLS extends ToolSet>(
  agent: GoverningAgent,
  tools: TOOLS,
  options: GovernToolsOptions = {},
): GovernedTools<TOOLS> {
  const { catalog = {}, maxHeldCalls = 10_000 } = options;
  const governor = toolCallGovernor(agent, { catalog });
  const held = new Map<string, HeldToolCall>();
  // Claimed calls, remembered (as many as held ones) so a replayed approval response meets
  // the control plane's approval_claimed instead of asking again.
  const claimed = new Map<string, HeldToolCall>();
  const decided = new Map<string, Decision>();

  const ask = async (
    toolName: string,
    toolCallId: string,
    input: unknown,
    signal?: AbortSignal,
  ): Promise<Decision> => {
    const decision = await governor.decide({ toolName, input, signal });
    if (decision.kind === 'refused')
      return { kind: 'refused', refusal: refusalOf(decision.result) };
    if (decision.kind !== 'held') return decision;
    if (held.size >= maxHeldCalls)
      return {
        kind: 'refused',
        refusal: refusal({
          tollgate: 'error',
          code: 'too_many_held_calls',
          runId: decision.call.runId,
        }),
      };
    held.set(toolCallId, { ...decision.call, toolCallId });
    return decision;
  };

  const toolApproval: GovernedToolApproval = async ({ toolCall }) => {
    const { toolName, toolCallId, input } = toolCall;
    if (!Object.hasOwn(tools, toolName)) return undefined; // not a governed tool
    // Called again for an approval response: execute claims it on the control plane.
    if (held.has(toolCallId) || claimed.has(toolCallId)) return { type: 'user-approval' };
    const decision = await ask(toolName, toolCallId, input);
    if (decision.kind === 'held')
      return {
        type: 'user-approval',
        reason: `held by Tollgate for approval ${decision.call.approvalId}`,
      };
    decided.set(toolCallId, decision);
    return undefined;
  };

  const governed = Object.fromEntries(
    Object.entries(tools).map(([name, tool]) => [name, governOne(name, tool)]),
  );

  function governOne(name: string, tool: Tool): Tool {
    const { execute } = tool;
    if (!execute) throw new TypeError(`the tool ${name} has no execute to govern`);
    return {
      ...tool,
      execute: async (
        input: unknown,
        execution: { toolCallId: string; abortSignal?: AbortSignal },
      ) => {
        const { toolCallId, abortSignal } = execution;
        const call = held.get(toolCallId) ?? claimed.get(toolCallId);
        if (call) {
          held.delete(toolCallId);
          // The input the AI SDK passes is the history's: the claim holds it to the approved one.
          const refused = await governor.claim(call, input, abortSignal);
          if (refused) return refusalOf(refused);
          claimed.set(toolCallId, call);
          if (claimed.size > maxHeldCalls) claimed.delete(claimed.keys().next().value as string);
          return governor.run(call.runId, () =>
            finalOutput(execute(input as never, execution as never)),
          );
        }
        const decision =
          decided.get(toolCallId) ?? (await ask(name, toolCallId, input, abortSignal));
        decided.delete(toolCallId);
        if (decision.kind === 'allowed')
          return governor.run(decision.runId, () =>
            finalOutput(execute(input as never, execution as never)),
          );
        if (decision.kind === 'refused') return decision.refusal;
        // Held without toolApproval: no approval flow to resume it through.
        held.delete(toolCallId);
        return refusal({
          tollgate: 'approval_required',
          code: 'approval_required',
          message: 'held for approval; pass toolApproval to resume it after an operator approves',
          runId: decision.call.runId,
          approvalId: decision.call.approvalId,
        });
      },
    } as Tool;
  }

  return {
    tools: governed as GovernedToolSet<TOOLS>,
    toolApproval,
    held: () => [...held.values()],
    async approvalResponses(parts) {
      const responses: ToolApprovalResponse[] = [];
      for (const request of approvalRequests(parts)) {
        const call = held.get(request.toolCallId);
        if (!call) continue;
        const now = await governor.approval(call);
        if (now.kind === 'pending') continue;
        const approved = now.kind === 'approved';
        // A refused call ends here; an approved one stays held for execute to claim.
        if (!approved) held.delete(request.toolCallId);
        responses.push({
          type: 'tool-approval-response',
          approvalId: request.approvalId,
          approved,
          reason: approved
            ? `approved on Tollgate (${call.approvalId})`
            : `${now.result.code}: ${now.result.message ?? ''}`.trim(),
        });
      }
      return responses;
    },
  };
}

/** The tool's output; a streaming tool (an async iterable) gives its last value. */
async function finalOutput(result: unknown): Promise<unknown> {
  if (typeof result === 'object' && result !== null && Symbol.asyncIterator in result) {
    let last: unknown;
    for await (const value of result as AsyncIterable<unknown>) last = value;
    return last;
  }
  return result;
}

/** `tool-approval-request` parts in generate results' content or in model messages. */
function* approvalRequests(
  parts: readonly unknown[],
): Generator<{ approvalId: string; toolCallId: string }> {
  for (const part of parts) {
    if (typeof part !== 'object' || part === null) continue;
    const p = part as {
      type?: string;
      content?: unknown;
      approvalId?: string;
      toolCallId?: string;
      toolCall?: { toolCallId?: string };
    };
    if (Array.isArray(p.content)) yield* approvalRequests(p.content);
    const toolCallId = p.toolCallId ?? p.toolCall?.toolCallId;
    if (p.type === 'tool-approval-request' && p.approvalId && toolCallId)
      yield { approvalId: p.approvalId, toolCallId };
  }
}
