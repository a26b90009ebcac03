/**
 * What every chat-model factory sets: the proxy's base URL and the agent's signing fetch. The
 * provider key is the control plane's business (the operator configures it there), so the
 * models get a placeholder: without one LangChain would read OPENAI_API_KEY /
 * ANTHROPIC_API_KEY from the environment and send a real key to the control plane.
 */
import type { AgentIdentity } from '@tollgate/sdk';

/** The part of an agent the chat models use: its proxy URLs and its signing fetch. */
export type ProxyAgent = Pick<AgentIdentity, 'fetch' | 'proxyUrl'>;

/** Sent as the provider key; the proxy authenticates the agent's signature, never this. */
export const PLACEHOLDER_API_KEY = 'tollgate-proxy';
