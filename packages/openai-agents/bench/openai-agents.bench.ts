/**
 * The cost of @tollgate/openai-agents per run: the Agents SDK used bare (its own
 * `OpenAIProvider` over an `openai` client with `fetch: agent.fetch`) beside
 * `useTollgate(agent).runner`, the same agent and the same answer from the dev server's
 * provider, interleaved in one process (packages/sdk/bench/side-by-side.ts). Needs Node 22:
 *   npx -y -p node@22 node --import tsx bench/openai-agents.bench.ts
 */
import { Agent, OpenAIProvider, Runner } from '@openai/agents';
import OpenAI from 'openai';
import { benchAgent, sideBySide } from '../../sdk/bench/side-by-side';
// The built package, as users run it (turbo builds it before `bench`).
import { useTollgate } from '../dist/index.js';

const { server, agent } = await benchAgent();
const openAIClient = new OpenAI({
  apiKey: 'x',
  baseURL: agent.proxyUrl('openai'),
  fetch: agent.fetch,
  maxRetries: 0,
});
const bare = new Runner({
  modelProvider: new OpenAIProvider({ openAIClient, useResponses: true }),
  tracingDisabled: true,
});
const { runner } = useTollgate(agent, { client: { maxRetries: 0 } });
const assistant = new Agent({
  name: 'assistant',
  model: 'gpt-4o-mini',
  modelSettings: { maxTokens: 16 },
});

const run = (r: Runner) => async () => String((await r.run(assistant, 'Hi there')).finalOutput);
const streamed = (r: Runner) => async () => {
  const result = await r.run(assistant, 'Stream me', { stream: true });
  let text = '';
  for await (const delta of result.toTextStream()) text += delta;
  await result.completed;
  return text;
};

await sideBySide('@tollgate/openai-agents vs the Agents SDK bare (fetch: agent.fetch)', {
  'Runner.run (Responses API)': { bare: run(bare), tollgate: run(runner) },
  'Runner.run streamed': { bare: streamed(bare), tollgate: streamed(runner) },
});
await server.close();
