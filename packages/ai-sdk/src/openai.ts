/**
 * `@tollgate/ai-sdk/openai`: the AI SDK's own OpenAI provider, routed through the Tollgate
 * proxy and signed per request by the agent. Its default model function (`openai(model)`,
 * `languageModel(model)`) is the AI SDK's: the Responses API, which the proxy serves since
 * contract 2.20; `openai.chat(model)` is chat completions.
 */
import { createOpenAI, type OpenAIProvider, type OpenAIProviderSettings } from '@ai-sdk/openai';
import { PLACEHOLDER_API_KEY, type ProxyAgent } from './routing';

/** The AI SDK's OpenAI settings, less what the agent sets (`baseURL`, `fetch`, `apiKey`). */
export type TollgateOpenAISettings = Omit<OpenAIProviderSettings, 'baseURL' | 'fetch' | 'apiKey'>;

/** An OpenAI provider whose calls go through the agent's proxy, signed by the agent. */
export function createTollgateOpenAI(
  agent: ProxyAgent,
  settings: TollgateOpenAISettings = {},
): OpenAIProvider {
  return createOpenAI({
    ...settings,
    apiKey: PLACEHOLDER_API_KEY,
    baseURL: agent.proxyUrl('openai'),
    fetch: agent.fetch,
  });
}

export type { OpenAIProvider } from '@ai-sdk/openai';
