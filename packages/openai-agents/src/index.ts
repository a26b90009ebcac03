export { type GoverningAgent, OutcomeNotReportedError } from '@tollgate/sdk/tool-calls';
export { isAgentSuspended, isBudgetExceeded, tollgateErrorOf } from './errors';
export {
  type GovernedFunctionTool,
  type GovernToolOptions,
  governTool,
  type HeldToolCall,
  heldCalls,
  type SettledApprovals,
  settleApprovals,
} from './govern-tool';
export {
  type RoutingAgent,
  setTollgateDefault,
  type TollgateAgents,
  type UseTollgateOptions,
  useTollgate,
} from './provider';
