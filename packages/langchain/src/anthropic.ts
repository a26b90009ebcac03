/**
 * `@tollgate/langchain/anthropic`: LangChain's own `ChatAnthropic`, routed through the Tollgate
 * proxy (`agent.proxyUrl('anthropic')`: the official `@anthropic-ai/sdk` client inside it
 * appends `/v1/messages`) and signed per request by the agent.
 */
import { ChatAnthropic, type ChatAnthropicInput } from '@langchain/anthropic';
import { type ChatModelOptions, PLACEHOLDER_API_KEY, type ProxyAgent, proxyFetch } from './routing';

/** LangChain's ChatAnthropic fields, less what the agent sets (the key and the URL). */
export type TollgateChatAnthropicFields = Omit<
  ChatAnthropicInput,
  'apiKey' | 'anthropicApiKey' | 'anthropicApiUrl' | 'createClient'
>;

/** A ChatAnthropic whose calls go through the agent's proxy, signed by the agent. */
export function chatAnthropic(
  agent: ProxyAgent,
  fields: TollgateChatAnthropicFields = {},
  options: ChatModelOptions = {},
): ChatAnthropic {
  const baseURL = agent.proxyUrl('anthropic');
  return new ChatAnthropic({
    ...fields,
    apiKey: PLACEHOLDER_API_KEY,
    anthropicApiUrl: baseURL,
    clientOptions: { ...fields.clientOptions, baseURL, fetch: proxyFetch(agent, options) },
  });
}

export { ChatAnthropic } from '@langchain/anthropic';
export type { ChatModelOptions } from './routing';
