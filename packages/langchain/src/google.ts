/**
 * `@tollgate/langchain/google`: LangChain's own `ChatGoogle` (`@langchain/google`, the package
 * LangChain names as the successor of `ChatGoogleGenerativeAI`), routed through the Tollgate
 * proxy's Gemini API route (contract 2.20: `generateContent` and `streamGenerateContent`) and
 * signed per request by the agent.
 *
 * `ChatGoogle` makes every request through the `apiClient` it is given (`fetch(request)`), so
 * the agent's client sends each one through `agent.fetch`: nothing process-wide is replaced
 * (`ChatGoogleGenerativeAI` calls the global fetch through `@google/generative-ai`, which a
 * per-request proof cannot reach without replacing it for every agent and library at once).
 */
import { ChatGoogle, type ChatGoogleParams } from '@langchain/google';
import { type ChatModelOptions, PLACEHOLDER_API_KEY, type ProxyAgent, proxyFetch } from './routing';
import type { Fetch } from './tracing';

/** What ChatGoogle sends its requests through (`@langchain/google` does not export the class). */
type GoogleApiClient = NonNullable<ChatGoogleParams['apiClient']>;

/** LangChain's ChatGoogle fields, less what the agent sets (the key, the client and the route). */
export type TollgateChatGoogleFields = Omit<
  ChatGoogleParams,
  'apiKey' | 'apiClient' | 'authOptions' | 'endpoint' | 'apiVersion' | 'platformType' | 'vertexai'
>;

/** A ChatGoogle (Gemini API) whose calls go through the agent's proxy, signed by the agent. */
export function chatGoogle(
  agent: ProxyAgent,
  fields: TollgateChatGoogleFields,
  options: ChatModelOptions = {},
): ChatGoogle {
  // `…/v1/proxy/google/v1beta`: ChatGoogle appends `/{apiVersion}/models/{model}:{method}`.
  const proxy = agent.proxyUrl('google');
  const cut = proxy.lastIndexOf('/');
  return new ChatGoogle({
    ...fields,
    apiKey: PLACEHOLDER_API_KEY,
    platformType: 'gai',
    endpoint: proxy.slice(0, cut),
    apiVersion: proxy.slice(cut + 1),
    apiClient: proxyClient(proxyFetch(agent, options)),
  });
}

/** ChatGoogle's client for the agent: every request signed by `agent.fetch`, never a real key. */
function proxyClient(fetch: Fetch): GoogleApiClient {
  return {
    hasApiKey: () => true,
    // Vertex AI only (a project in the URL); the proxy serves the Gemini API.
    getProjectId: async () => 'unknown-project-id',
    fetch: (request) => {
      request.headers.set('x-goog-api-key', PLACEHOLDER_API_KEY);
      return fetch(request);
    },
  };
}

export { ChatGoogle } from '@langchain/google';
export type { ChatModelOptions } from './routing';
