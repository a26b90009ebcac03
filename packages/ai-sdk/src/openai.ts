/**
 * `@tollgate/ai-sdk/openai`: the AI SDK's own OpenAI provider, routed through the Tollgate
 * proxy and signed per request by the agent.
 *
 * Contract 2.19 proxies OpenAI chat completions only, so the provider's default model
 * function (`openai(model)`, `languageModel(model)`), which is the Responses API in
 * @ai-sdk/openai 4, makes chat-completions models here. `openai.responses(model)` is left as
 * the AI SDK has it and answers 404 until contract 2.20 proxies `/v1/responses`.
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
  const base = createOpenAI({
    ...settings,
    apiKey: PLACEHOLDER_API_KEY,
    baseURL: agent.proxyUrl('openai'),
    fetch: agent.fetch,
  });
  const chat = (modelId: Parameters<OpenAIProvider['chat']>[0]) => base.chat(modelId);
  // The provider is a function with methods: copy them, then point the defaults at chat.
  return Object.assign(chat, base, { languageModel: chat }) as OpenAIProvider;
}

export type { OpenAIProvider } from '@ai-sdk/openai';
