/**
 * `@tollgate/ai-sdk/google`: the AI SDK's own Google (Gemini) provider, routed through the
 * Tollgate proxy (contract 2.20: `generateContent` and `streamGenerateContent`) and signed
 * per request by the agent.
 */
import {
  createGoogleGenerativeAI,
  type GoogleGenerativeAIProvider,
  type GoogleGenerativeAIProviderSettings,
} from '@ai-sdk/google';
import { PLACEHOLDER_API_KEY, type ProxyAgent } from './routing';

/** The AI SDK's Google settings, less what the agent sets (`baseURL`, `fetch`, `apiKey`). */
export type TollgateGoogleSettings = Omit<
  GoogleGenerativeAIProviderSettings,
  'baseURL' | 'fetch' | 'apiKey'
>;

/** A Google provider whose calls go through the agent's proxy, signed by the agent. */
export function createTollgateGoogle(
  agent: ProxyAgent,
  settings: TollgateGoogleSettings = {},
): GoogleGenerativeAIProvider {
  return createGoogleGenerativeAI({
    ...settings,
    apiKey: PLACEHOLDER_API_KEY,
    // `…/v1/proxy/google/v1beta`: the AI SDK appends `/models/{model}:generateContent`.
    baseURL: agent.proxyUrl('google'),
    fetch: agent.fetch,
  });
}

export type { GoogleGenerativeAIProvider } from '@ai-sdk/google';
