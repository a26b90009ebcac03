/**
 * @tollgate/ai-sdk: the Vercel AI SDK on Tollgate. This entry: `governTools` (every tool
 * call decided by the control plane) and the errors (`tollgateErrorOf`, `isBudgetExceeded`).
 * The providers are on their own entries, so each provider package stays an optional peer:
 * `@tollgate/ai-sdk/openai` (`createTollgateOpenAI`), `@tollgate/ai-sdk/anthropic`
 * (`createTollgateAnthropic`).
 */
export { type GoverningAgent, OutcomeNotReportedError } from '@tollgate/sdk/tool-calls';
export { isAgentSuspended, isBudgetExceeded, tollgateErrorOf } from './errors';
export {
  type GovernedTool,
  type GovernedToolApproval,
  type GovernedToolSet,
  type GovernedTools,
  type GovernToolsOptions,
  governTools,
  type HeldToolCall,
} from './govern-tools';
export { isTollgateRefusal, type TollgateRefusal } from './refusal';
