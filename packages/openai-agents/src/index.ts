export { isAgentSuspended, isBudgetExceeded, tollgateErrorOf } from './errors';
export {
  type RoutingAgent,
  setTollgateDefault,
  type TollgateAgents,
  type UseTollgateOptions,
  useTollgate,
} from './provider';
