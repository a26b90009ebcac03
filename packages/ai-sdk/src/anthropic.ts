/**
 * `@tollgate/ai-sdk/anthropic`: the AI SDK's own Anthropic provider, routed through the
 * Tollgate proxy (`…/v1/proxy/anthropic/v1`, as the AI SDK appends `/messages`) and signed
 * per request by the agent.
 */
import {
  type AnthropicProvider,
  type AnthropicProviderSettings,
  createAnthropic,
} from '@ai-sdk/anthropic';
import { anthropicBaseUrl, PLACEHOLDER_API_KEY, type ProxyAgent } from './routing';

/** The AI SDK's Anthropic settings, less what the agent sets. */
export type TollgateAnthropicSettings = Omit<
  AnthropicProviderSettings,
  'baseURL' | 'fetch' | 'apiKey' | 'authToken'
>;

/** An Anthropic provider whose calls go through the agent's proxy, signed by the agent. */
export function createTollgateAnthropic(
  agent: ProxyAgent,
  settings: TollgateAnthropicSettings = {},
): AnthropicProvider {
  return createAnthropic({
    ...settings,
    apiKey: PLACEHOLDER_API_KEY,
    baseURL: anthropicBaseUrl(agent),
    fetch: agent.fetch,
  });
}

export type { AnthropicProvider } from '@ai-sdk/anthropic';
