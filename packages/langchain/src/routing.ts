/**
 * What every chat-model factory sets: the proxy's base URL and the agent's signing fetch. The
 * provider key is the control plane's business (the operator configures it there), so the
 * models get a placeholder: without one LangChain would read OPENAI_API_KEY /
 * ANTHROPIC_API_KEY from the environment and send a real key to the control plane.
 */
import type { AgentIdentity } from '@tollgate/sdk';
import type { Fetch, TollgateTracing } from './tracing';

/** The part of an agent the chat models use: its proxy URLs and its signing fetch (and the
 * certificate serial tracing records, when there is one). */
export type ProxyAgent = Pick<AgentIdentity, 'fetch' | 'proxyUrl'> &
  Partial<Pick<AgentIdentity, 'serial'>>;

/** What the chat-model factories take beside LangChain's fields. */
export interface ChatModelOptions {
  /** Traces each call (`langchainTracing()` from `@tollgate/langchain/otel`). @default none */
  tracing?: TollgateTracing;
}

/** The fetch the model's client gets: the agent's, traced when asked. */
export function proxyFetch(agent: ProxyAgent, options: ChatModelOptions): Fetch {
  return options.tracing ? options.tracing.chatFetch(agent.fetch, agent.serial) : agent.fetch;
}

/** Sent as the provider key; the proxy authenticates the agent's signature, never this. */
export const PLACEHOLDER_API_KEY = 'tollgate-proxy';
