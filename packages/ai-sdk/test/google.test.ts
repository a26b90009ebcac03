/**
 * `createTollgateGoogle`: the AI SDK's own Google provider through the control plane's Gemini
 * proxy (contract 2.20), signed by the agent, against the dev server over loopback.
 */

import { costMicros } from '@tollgate/dev-server';
import { APICallError, generateText, streamText } from 'ai';
import { afterAll, describe, expect, it } from 'vitest';
import { createTollgateGoogle } from '../src/google';
import { isBudgetExceeded, tollgateErrorOf } from '../src/index';
import { devServer } from './setup';

const { server, tg } = await devServer({ defaultMaxOutputTokens: 16 });
afterAll(() => server.close());

const model = 'gemini-2.5-flash';
const spent = async (agentId: string) => (await tg.agents.getBudget(agentId)).spent_micros;

describe('createTollgateGoogle', () => {
  it('generateText: generateContent through the proxy, charged from usageMetadata', async () => {
    const agent = await tg.agents.register({
      agentId: 'g-text',
      budget: { limitMicros: 1_000_000 },
    });
    const google = createTollgateGoogle(agent);
    const result = await generateText({ model: google(model), prompt: 'Hi Gemini' });
    expect(result.text).toBe('Echo: Hi Gemini');
    const { inputTokens = 0, outputTokens = 0 } = result.usage;
    expect(outputTokens).toBeGreaterThan(0);
    expect(await spent('g-text')).toBe(costMicros(model, inputTokens, outputTokens));
  });

  it('streamText: streamGenerateContent (alt=sse), the turn charged what the usage says', async () => {
    const agent = await tg.agents.register({
      agentId: 'g-stream',
      budget: { limitMicros: 1_000_000 },
    });
    const result = streamText({ model: createTollgateGoogle(agent)(model), prompt: 'Stream it' });
    let text = '';
    for await (const delta of result.textStream) text += delta;
    expect(text).toBe('Echo: Stream it');
    const { inputTokens = 0, outputTokens = 0 } = await result.usage;
    expect(outputTokens).toBeGreaterThan(0);
    expect(await spent('g-stream')).toBe(costMicros(model, inputTokens, outputTokens));
  });

  it('a budget refusal: APICallError with budget_exceeded reachable', async () => {
    const agent = await tg.agents.register({ agentId: 'g-poor', budget: { limitMicros: 1 } });
    const refused = await generateText({
      model: createTollgateGoogle(agent)(model),
      prompt: 'Hi',
      maxRetries: 0,
    }).catch((error: unknown) => error);
    expect(APICallError.isInstance(refused)).toBe(true);
    expect(isBudgetExceeded(refused)).toBe(true);
    expect(tollgateErrorOf(refused)).toMatchObject({ status: 402, code: 'budget_exceeded' });
  });

  it('never sends a Google key from the environment to the control plane', async () => {
    const agent = await tg.agents.register({
      agentId: 'g-keys',
      budget: { limitMicros: 1_000_000 },
    });
    const sent: Headers[] = [];
    const recording = {
      proxyUrl: agent.proxyUrl.bind(agent),
      fetch: (input: RequestInfo | URL, init?: RequestInit) => {
        sent.push(new Headers(init?.headers));
        return agent.fetch(input, init);
      },
    };
    process.env.GOOGLE_GENERATIVE_AI_API_KEY = 'g-from-the-environment';
    try {
      await generateText({ model: createTollgateGoogle(recording)(model), prompt: 'a' });
    } finally {
      delete process.env.GOOGLE_GENERATIVE_AI_API_KEY;
    }
    expect(sent).toHaveLength(1);
    expect([...sent[0]!.values()].join(' ')).not.toContain('from-the-environment');
    expect(sent[0]?.get('x-goog-api-key')).toBe('tollgate-proxy');
  });
});
