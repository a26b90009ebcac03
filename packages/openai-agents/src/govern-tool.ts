/**
 * `governTool(agent, tool)`: an Agents SDK function tool whose every call the Tollgate control
 * plane decides (`agent.tools.check`), mapped onto the SDK's own approval flow:
 *
 * - `needsApproval` asks the control plane when the model calls the tool: requires_approval →
 *   `true` (the run stops with an interruption); allowed or refused → `false`.
 * - `invoke` runs an allowed call and reports its outcome; a refused one returns a tool result
 *   the model reads (`STATUS: blocked`, `code: policy_denied`, …) instead of running. Resumed
 *   after `state.approve(item)`, it first claims the approval on the control plane with the
 *   input about to run: once, only if an operator approved, only for the input held.
 * - `settleApprovals(result)` approves or rejects each interruption of governed tools in the
 *   run state as the operators decided on Tollgate.
 *
 * Which call waits on which approval is kept in this tool's memory; the approval, its input and
 * whether it was used are the control plane's.
 */
import type { FunctionTool, RunContext, RunToolApprovalItem } from '@openai/agents';
import { toolResult } from '@tollgate/sdk';
import {
  type ApprovalVerdict,
  type GoverningAgent,
  type HeldCall,
  type ToolCallDecision,
  toolCallGovernor,
} from '@tollgate/sdk/tool-calls';
import { invokeWatched } from './tool-errors';

/** A call the control plane holds for an operator's approval. */
export interface HeldToolCall extends HeldCall {
  /** The Agents SDK's id of the tool call. */
  callId: string;
}

export interface GovernToolOptions {
  /** The tool's catalog entry: an id (`tool_…`) or a catalog name. @default the tool's name
   * (`agent.tools.find`: the tools the agent may call; `_` matches `-`, the SDK's rewrite) */
  catalog?: string;
  /** Calls held for approval at once; past it a held call is refused. @default 10_000 */
  maxHeldCalls?: number;
}

const GOVERNED = Symbol.for('@tollgate/openai-agents.governed');

interface Governance {
  held(callId: string): HeldToolCall | undefined;
  verdict(callId: string): Promise<ApprovalVerdict | undefined>;
}

/** A governed function tool: the Agents SDK's, its output also a Tollgate tool result's text. */
export type GovernedFunctionTool<T> = T & { readonly [GOVERNED]: Governance };

// biome-ignore lint/suspicious/noExplicitAny: the SDK's own FunctionTool defaults
type AnyFunctionTool = FunctionTool<any, any, any>;

export function governTool<T extends AnyFunctionTool>(
  agent: GoverningAgent,
  tool: T,
  options: GovernToolOptions = {},
): GovernedFunctionTool<T> {
  if (tool.type !== 'function') throw new TypeError('governTool takes a function tool');
  const { catalog, maxHeldCalls = 10_000 } = options;
  const name = tool.name;
  const governor = toolCallGovernor(agent, catalog ? { catalog: { [name]: catalog } } : {});
  const held = new Map<string, HeldToolCall>();
  const decided = new Map<string, ToolCallDecision>();

  const ask = async (callId: string, input: unknown): Promise<ToolCallDecision> => {
    const decision = await governor.decide({ toolName: name, input });
    if (decision.kind !== 'held') return decision;
    if (held.size >= maxHeldCalls) {
      const { runId } = decision.call;
      const code = 'too_many_held_calls';
      return { kind: 'refused', result: toolResult({ tool: name, status: 'error', code, runId }) };
    }
    held.set(callId, { ...decision.call, callId });
    return decision;
  };

  const needsApproval = async (_context: RunContext, input: unknown, callId?: string) => {
    if (!callId) return false; // invoke asks
    if (held.has(callId)) return true; // re-evaluated on resume: the approval decides
    const decision = await ask(callId, input);
    if (decision.kind === 'held') return true;
    decided.set(callId, decision);
    return false;
  };

  /** Runs the tool, its outcome reported; a throw its errorFunction answered is a failure. */
  const execute = (runId: string, ...args: Parameters<AnyFunctionTool['invoke']>) => {
    let threw = false;
    const run = async () => {
      const watched = await invokeWatched(() => tool.invoke(...args));
      threw = watched.threw;
      return watched.output;
    };
    return governor.run(runId, run, (output) => (threw ? printable(output) : undefined));
  };

  const invoke: AnyFunctionTool['invoke'] = async (context, raw, details) => {
    const callId = details?.toolCall?.callId ?? '';
    const call = held.get(callId);
    if (call) {
      held.delete(callId);
      const refused = await governor.claim(call, parsed(raw));
      if (refused) return refused.text;
      return execute(call.runId, context, raw, details);
    }
    const decision = decided.get(callId) ?? (await ask(callId, parsed(raw)));
    decided.delete(callId);
    if (decision.kind === 'allowed') return execute(decision.runId, context, raw, details);
    if (decision.kind === 'refused') return decision.result.text;
    held.delete(callId);
    const { runId, approvalId } = decision.call;
    return toolResult({
      tool: name,
      status: 'approval_required',
      runId,
      approvalId,
      message: 'held for approval; resume the run after an operator approves',
    }).text;
  };

  const governance: Governance = {
    held: (callId) => held.get(callId),
    async verdict(callId) {
      const call = held.get(callId);
      if (!call) return undefined;
      const now = await governor.approval(call);
      if (now.kind === 'refused') held.delete(callId);
      return now;
    },
  };
  return Object.assign(Object.create(Object.getPrototypeOf(tool)), tool, {
    needsApproval,
    invoke,
    [GOVERNED]: governance,
  }) as GovernedFunctionTool<T>;
}

/** What `settleApprovals` did with a run's interruptions. */
export interface SettledApprovals {
  approved: RunToolApprovalItem[];
  rejected: RunToolApprovalItem[];
  pending: RunToolApprovalItem[];
}

interface InterruptedRun {
  interruptions: RunToolApprovalItem[];
  state: {
    approve(item: RunToolApprovalItem): void;
    reject(item: RunToolApprovalItem, options?: { message?: string }): void;
  };
}

/**
 * Reads the operators' decisions on Tollgate for each interruption of a governed tool and
 * applies them to the run state: approved → `state.approve(item)`, rejected or expired →
 * `state.reject(item)` (the model reads why), still pending → left. Then resume with
 * `runner.run(agent, result.state)`; the approved call runs once the control plane lets the
 * agent claim it.
 */
export async function settleApprovals(result: InterruptedRun): Promise<SettledApprovals> {
  const settled: SettledApprovals = { approved: [], rejected: [], pending: [] };
  for (const item of result.interruptions) {
    const raw = item.rawItem as { callId?: string };
    const governance = governanceOf(item);
    const verdict = raw.callId ? await governance?.verdict(raw.callId) : undefined;
    if (!verdict) continue;
    if (verdict.kind === 'approved') {
      result.state.approve(item);
      settled.approved.push(item);
    } else if (verdict.kind === 'refused') {
      const why = verdict.result.message ?? verdict.result.code;
      result.state.reject(item, { message: `rejected on Tollgate: ${why}` });
      settled.rejected.push(item);
    } else settled.pending.push(item);
  }
  return settled;
}

/**
 * The Tollgate approvals a run waits on: for each interruption of a governed tool, the held
 * call (its `approvalId` is what an operator approves: `tg.approvals.approve(approvalId)`).
 */
export function heldCalls(result: Pick<InterruptedRun, 'interruptions'>): HeldToolCall[] {
  return result.interruptions.flatMap((item) => {
    const { callId } = item.rawItem as { callId?: string };
    const call = callId ? governanceOf(item)?.held(callId) : undefined;
    return call ? [call] : [];
  });
}

function governanceOf(item: RunToolApprovalItem): Governance | undefined {
  const tools = (item.agent as { tools?: unknown[] }).tools ?? [];
  for (const tool of tools) {
    if (typeof tool !== 'object' || tool === null || !(GOVERNED in tool)) continue;
    if ((tool as { name?: string }).name === item.name)
      return (tool as { [GOVERNED]: Governance })[GOVERNED];
  }
  return undefined;
}

function printable(output: unknown): string {
  return typeof output === 'string' ? output : JSON.stringify(output ?? null);
}

function parsed(raw: string): unknown {
  try {
    return JSON.parse(raw);
  } catch {
    return raw;
  }
}
