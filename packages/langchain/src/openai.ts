/**
 * `@tollgate/langchain/openai`: LangChain's own `ChatOpenAI`, routed through the Tollgate
 * proxy and signed per request by the agent (the official `openai` client inside it gets
 * `baseURL: agent.proxyUrl('openai')` and `fetch: agent.fetch`).
 *
 * Contract 2.19 proxies OpenAI chat completions only. ChatOpenAI switches to the Responses API
 * on its own for some requests (built-in tools, Responses-only options, models that prefer
 * it): such a request is refused here with a TypeError naming why, before anything is sent,
 * instead of a 404 from the proxy. `useResponsesApi: true` is refused when the model is made.
 */
import { ChatOpenAI, type ChatOpenAIFields } from '@langchain/openai';
import { PLACEHOLDER_API_KEY, type ProxyAgent } from './routing';

/** LangChain's ChatOpenAI fields, less what the agent sets (the key; the client's base URL and fetch). */
export type TollgateChatOpenAIFields = Omit<ChatOpenAIFields, 'apiKey' | 'openAIApiKey'>;

const RESPONSES_REFUSED =
  'the OpenAI Responses API is not proxied by Tollgate control plane 2.19 (it arrives in 2.20): use chat completions (no built-in tools, no Responses-only options)';

/** ChatOpenAI kept on chat completions: a request that would take the Responses API throws. */
class TollgateChatOpenAI extends ChatOpenAI {
  protected override _useResponsesApi(options: this['ParsedCallOptions'] | undefined): boolean {
    if (super._useResponsesApi(options)) throw new TypeError(RESPONSES_REFUSED);
    return false;
  }
}

/** A ChatOpenAI whose calls go through the agent's proxy, signed by the agent. */
export function chatOpenAI(agent: ProxyAgent, fields: TollgateChatOpenAIFields = {}): ChatOpenAI {
  if (fields.useResponsesApi) throw new TypeError(RESPONSES_REFUSED);
  return new TollgateChatOpenAI({
    ...fields,
    apiKey: PLACEHOLDER_API_KEY,
    configuration: {
      ...fields.configuration,
      apiKey: PLACEHOLDER_API_KEY,
      baseURL: agent.proxyUrl('openai'),
      fetch: agent.fetch,
    },
  });
}

export { ChatOpenAI } from '@langchain/openai';
