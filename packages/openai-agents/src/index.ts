export type { GoverningAgent, HeldToolCall } from './decisions';
export { isAgentSuspended, isBudgetExceeded, tollgateErrorOf } from './errors';
export {
  type GovernedFunctionTool,
  type GovernToolOptions,
  governTool,
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
