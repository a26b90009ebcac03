/**
 * The cost of @tollgate/ai-sdk per call: the AI SDK's own providers used bare through
 * `fetch: agent.fetch` beside `createTollgateOpenAI` / `createTollgateAnthropic` /
 * `createTollgateGoogle`, the same model and the same answer from the dev server's provider,
 * interleaved in one process (packages/sdk/bench/side-by-side.ts). Needs Node 22 (`ai` 7):
 *   npx -y -p node@22 node --import tsx bench/ai-sdk.bench.ts
 */
import { createAnthropic } from '@ai-sdk/anthropic';
import { createGoogleGenerativeAI } from '@ai-sdk/google';
import { createOpenAI } from '@ai-sdk/openai';
import { generateText, type LanguageModel, streamText } from 'ai';
import { benchAgent, sideBySide } from '../../sdk/bench/side-by-side';
// The built package, as users run it (turbo builds it before `bench`).
import { createTollgateAnthropic } from '../dist/anthropic.js';
import { createTollgateGoogle } from '../dist/google.js';
import { createTollgateOpenAI } from '../dist/openai.js';

const { server, agent } = await benchAgent();
const bare = { apiKey: 'x', fetch: agent.fetch };
const openai = createOpenAI({ ...bare, baseURL: agent.proxyUrl('openai') });
// The AI SDK appends `/messages`: bare, the proxy's Anthropic URL needs its `/v1`.
const anthropic = createAnthropic({ ...bare, baseURL: `${agent.proxyUrl('anthropic')}/v1` });
const google = createGoogleGenerativeAI({ ...bare, baseURL: agent.proxyUrl('google') });
const tgOpenai = createTollgateOpenAI(agent);
const tgAnthropic = createTollgateAnthropic(agent);
const tgGoogle = createTollgateGoogle(agent);

const generate = (model: LanguageModel) => async () =>
  (await generateText({ model, prompt: 'Hi there', maxOutputTokens: 16 })).text;
const stream = (model: LanguageModel) => async () => {
  let text = '';
  for await (const delta of streamText({ model, prompt: 'Stream me', maxOutputTokens: 16 })
    .textStream)
    text += delta;
  return text;
};

await sideBySide('@tollgate/ai-sdk vs the AI SDK bare (fetch: agent.fetch)', {
  'generateText, OpenAI (Responses API)': {
    bare: generate(openai('gpt-4o-mini')),
    tollgate: generate(tgOpenai('gpt-4o-mini')),
  },
  'generateText, Anthropic': {
    bare: generate(anthropic('claude-3-5-haiku-latest')),
    tollgate: generate(tgAnthropic('claude-3-5-haiku-latest')),
  },
  'generateText, Google': {
    bare: generate(google('gemini-2.5-flash')),
    tollgate: generate(tgGoogle('gemini-2.5-flash')),
  },
  'streamText, OpenAI (Responses API)': {
    bare: stream(openai('gpt-4o-mini')),
    tollgate: stream(tgOpenai('gpt-4o-mini')),
  },
});
await server.close();
