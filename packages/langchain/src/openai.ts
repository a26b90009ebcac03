/**
 * `@tollgate/langchain/openai`: LangChain's own `ChatOpenAI`, routed through the Tollgate
 * proxy and signed per request by the agent (the official `openai` client inside it gets
 * `baseURL: agent.proxyUrl('openai')` and `fetch: proxyFetch(agent, options)`).
 *
 * Contract 2.20 proxies both OpenAI APIs: chat completions and the Responses API
 * (`/v1/responses`, JSON and streaming). ChatOpenAI picks between them as it does on its own
 * (`useResponsesApi`, built-in tools, Responses-only options, models that prefer it); either
 * way the request goes through the proxy, signed, and is charged to the agent.
 */
import { ChatOpenAI, type ChatOpenAIFields } from '@langchain/openai';
import { type ChatModelOptions, PLACEHOLDER_API_KEY, type ProxyAgent, proxyFetch } from './routing';

/** LangChain's ChatOpenAI fields, less what the agent sets (the key; the client's base URL and fetch). */
export type TollgateChatOpenAIFields = Omit<ChatOpenAIFields, 'apiKey' | 'openAIApiKey'>;

/** A ChatOpenAI whose calls go through the agent's proxy, signed by the agent. */
export function chatOpenAI(
  agent: ProxyAgent,
  fields: TollgateChatOpenAIFields = {},
  options: ChatModelOptions = {},
): ChatOpenAI {
  return new ChatOpenAI({
    ...fields,
    apiKey: PLACEHOLDER_API_KEY,
    configuration: {
      ...fields.configuration,
      apiKey: PLACEHOLDER_API_KEY,
      baseURL: agent.proxyUrl('openai'),
      fetch: proxyFetch(agent, options),
    },
  });
}

export { ChatOpenAI } from '@langchain/openai';
export type { ChatModelOptions } from './routing';
