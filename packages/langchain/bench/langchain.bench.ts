/**
 * The cost of @tollgate/langchain per call: LangChain's own chat models used bare through
 * `fetch: agent.fetch` beside `chatOpenAI` / `chatAnthropic` / `chatGoogle`, and a one-node
 * LangGraph graph beside `withTollgate(graph, agent)`, the same model and the same answer from
 * the dev server's provider, interleaved in one process (packages/sdk/bench/side-by-side.ts).
 * Needs Node 22 (`@langchain/openai` 1.6):
 *   npx -y -p node@22 node --import tsx bench/langchain.bench.ts
 */
import { ChatAnthropic } from '@langchain/anthropic';
import type { BaseChatModel } from '@langchain/core/language_models/chat_models';
import { ChatGoogle } from '@langchain/google';
import { MessagesAnnotation, StateGraph } from '@langchain/langgraph';
import { ChatOpenAI } from '@langchain/openai';
import { benchAgent, sideBySide } from '../../sdk/bench/side-by-side';
// The built package, as users run it (turbo builds it before `bench`).
import { chatAnthropic } from '../dist/anthropic.js';
import { chatGoogle } from '../dist/google.js';
import { withTollgate } from '../dist/langgraph.js';
import { chatOpenAI } from '../dist/openai.js';

const { server, agent } = await benchAgent();
const gpt = { model: 'gpt-4o-mini', maxTokens: 16, maxRetries: 0 };
const claude = { model: 'claude-3-5-haiku-latest', maxTokens: 16, maxRetries: 0 };
const openai = new ChatOpenAI({
  ...gpt,
  apiKey: 'x',
  configuration: { baseURL: agent.proxyUrl('openai'), fetch: agent.fetch },
});
const anthropic = new ChatAnthropic({
  ...claude,
  apiKey: 'x',
  anthropicApiUrl: agent.proxyUrl('anthropic'),
  clientOptions: { fetch: agent.fetch },
});
// ChatGoogle takes no `fetch`: bare, it sends through an `apiClient` whose fetch is the agent's.
const gemini = { model: 'gemini-2.5-flash', maxOutputTokens: 16, maxRetries: 0 };
const google = new ChatGoogle({
  ...gemini,
  platformType: 'gai',
  endpoint: agent.proxyUrl('google').replace(/\/v1beta$/, ''),
  apiVersion: 'v1beta',
  apiClient: {
    hasApiKey: () => true,
    getProjectId: async () => 'none',
    fetch: (request: Request) => agent.fetch(request),
  },
});
const tgOpenai = chatOpenAI(agent, gpt);
const tgAnthropic = chatAnthropic(agent, claude);
const tgGoogle = chatGoogle(agent, gemini);

const invoke = (model: BaseChatModel) => async () =>
  String((await model.invoke('Hi there')).content);
const stream = (model: BaseChatModel) => async () => {
  let text = '';
  for await (const chunk of await model.stream('Stream me')) text += chunk.content;
  return text;
};
/** A graph of one node that asks the model. */
const graphOf = (model: BaseChatModel) =>
  new StateGraph(MessagesAnnotation)
    .addNode('model', async (state) => ({ messages: [await model.invoke(state.messages)] }))
    .addEdge('__start__', 'model')
    .compile();
const input = { messages: [{ role: 'user', content: 'Hi graph' }] };
const graph = graphOf(openai);
const tgGraph = withTollgate(graphOf(tgOpenai), agent);
const lastText = async (result: Promise<{ messages: { content: unknown }[] }>) =>
  String((await result).messages.at(-1)?.content);

await sideBySide('@tollgate/langchain vs LangChain bare (fetch: agent.fetch)', {
  'ChatOpenAI invoke (chat completions)': { bare: invoke(openai), tollgate: invoke(tgOpenai) },
  'ChatAnthropic invoke': { bare: invoke(anthropic), tollgate: invoke(tgAnthropic) },
  'ChatGoogle invoke (Gemini API)': { bare: invoke(google), tollgate: invoke(tgGoogle) },
  'ChatOpenAI stream': { bare: stream(openai), tollgate: stream(tgOpenai) },
  'LangGraph one-node graph invoke': {
    bare: () => lastText(graph.invoke(input)),
    tollgate: () => lastText(tgGraph.invoke(input)),
  },
});
await server.close();
