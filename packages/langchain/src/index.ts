/**
 * @tollgate/langchain: LangChain.js and LangGraph.js on Tollgate. This entry: the toolkit (the
 * service catalog as governed tools, results with a `STATUS:` line), `governTools` (the agent's
 * own tools, each call decided by the control plane) and the errors
 * (`tollgateErrorOf`, `isBudgetExceeded`, `isAgentSuspended`). The chat models and the graph
 * wrapper are on their own entries, so each LangChain package stays an optional peer:
 * `@tollgate/langchain/openai` (`chatOpenAI`), `@tollgate/langchain/anthropic`
 * (`chatAnthropic`), `@tollgate/langchain/google` (`chatGoogle`), `@tollgate/langchain/langgraph`
 * (`withTollgate`).
 */

export { statusOf, TOOL_STATUSES, type ToolResult, type ToolStatus } from '@tollgate/sdk';
export { OutcomeNotReportedError } from '@tollgate/sdk/tool-calls';
export { isAgentSuspended, isBudgetExceeded, tollgateErrorOf } from './errors';
export { type GoverningAgent, type GovernToolsOptions, governTools } from './govern-tools';
export {
  type ApprovalInterrupt,
  isApprovalInterrupt,
  type TollgateRunContext,
  tollgateContextOf,
} from './graph-context';
export {
  resultOf,
  TollgateToolkit,
  type TollgateToolkitOptions,
  type ToolkitAgent,
} from './toolkit';
export type { TollgateTracing, TracedToolCall } from './tracing';
