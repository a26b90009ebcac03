/**
 * What a tool's policy and allow-list say of an agent's call, and which tools an agent may
 * see: the same rule decides a governed run (createRun), a call the agent executes itself
 * (checkToolCall) and the agent's view of the catalog (listTools, getTool).
 */
import type { components, Known } from '@tollgate/api';

type S = components['schemas'];

/** A policy this server does not know denies (the contract's types are open to new ones). */
const DECISIONS = new Map<string, Known<S['RunDecision']>>([
  ['allow', 'allowed'],
  ['deny', 'denied'],
  ['approval_required', 'requires_approval'],
] satisfies [Known<S['Policy']>, Known<S['RunDecision']>][]);

/** May this agent see (and so call) the tool? An empty allow-list lets every agent. */
export const visibleTo = (tool: S['Tool'], agentId: string) =>
  !tool.allowed_agents.length || tool.allowed_agents.includes(agentId);

/**
 * Does a framework's tool name name this tool? `_` matches `-`: catalog names have no `_`,
 * and the OpenAI Agents SDK rewrites `-` to `_` in the names it gives the model.
 */
export const namedBy = (tool: S['Tool'], name: string) => tool.name === name.replaceAll('_', '-');

/** Why a tool's policy or allow-list refuses or holds the call; reason null when it may run. */
export function verdict(tool: S['Tool'] | undefined, agentId: string) {
  if (!tool) return { decision: 'allowed' as const, reason: null };
  if (!visibleTo(tool, agentId)) {
    const reason = `${agentId} is not among the agents allowed to use ${tool.name}`;
    return { decision: 'denied' as const, reason };
  }
  const decision = DECISIONS.get(tool.policy) ?? 'denied';
  const reason =
    decision === 'allowed'
      ? null
      : `the policy of ${tool.name} ${decision === 'denied' ? 'denies it' : 'requires approval'}`;
  return { decision, reason };
}
