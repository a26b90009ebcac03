/**
 * The run context `withTollgate` puts on every node of a LangGraph graph (in
 * `config.configurable.tollgate`), read by the toolkit's tools and by nodes. It carries the
 * LangGraph `interrupt` function, so this entry never imports @langchain/langgraph itself.
 */
import type { AgentIdentity } from '@tollgate/sdk';

/** What a node (and every tool it calls) sees of the Tollgate run: the agent and LangGraph's interrupt. */
export interface TollgateRunContext {
  /** The agent the graph runs as: its LLM calls and service requests are signed by it. */
  agent: Pick<AgentIdentity, 'agentId' | 'runId'>;
  /** LangGraph's `interrupt` (throws the first time, returns the resume value after a resume). */
  interrupt: (value: ApprovalInterrupt) => unknown;
}

/**
 * What a held call interrupts the graph with (`result.__interrupt__[i].value`): a toolkit
 * call (a service request, `requestId`) or a call of a tool `governTools` governs (a run of
 * the agent's, `runId`).
 */
export interface ApprovalInterrupt {
  tollgate: 'approval_required';
  /** The approval an operator gives (`tg.approvals.approve(approvalId)`, the CLI or MCP). */
  approvalId: string;
  /** The held service request (a toolkit call). */
  requestId?: string;
  /** The held run (a call of a tool `governTools` governs). */
  runId?: string;
  /** The tool (`service_operation`, or the governed tool's name) whose call is held. */
  tool: string;
  message?: string;
}

interface ConfigLike {
  configurable?: Record<string, unknown> | undefined;
}

/** The Tollgate run context of a node's or a tool's config, or undefined outside withTollgate. */
export function tollgateContextOf(config: ConfigLike | undefined): TollgateRunContext | undefined {
  const context = config?.configurable?.tollgate as TollgateRunContext | undefined;
  return typeof context?.interrupt === 'function' ? context : undefined;
}

/** Is this value an approval interrupt of a governed tool? */
export function isApprovalInterrupt(value: unknown): value is ApprovalInterrupt {
  if (typeof value !== 'object' || value === null) return false;
  const { tollgate, approvalId } = value as Record<string, unknown>;
  return tollgate === 'approval_required' && typeof approvalId === 'string';
}
