/**
 * The 2.20 proxy routes through the official clients and the agent's signing fetch, against
 * the dev server over loopback: OpenAI's Responses API with `openai` (`client.responses.create`,
 * streamed and not) and Gemini in its own wire format over `agent.fetch` (Google's
 * `@google/genai` takes a base URL but no `fetch`, so it cannot sign; `@ai-sdk/google` can).
 */
import OpenAI from 'openai';
import { afterAll, describe, expect, it } from 'vitest';
import { BudgetExceededError } from '../src/index';
import { devServer } from './setup-server';

const { server, tg } = await devServer({ defaultMaxOutputTokens: 16 });
afterAll(() => server.close());

describe('OpenAI Responses API through agent.openai()', () => {
  it('answers client.responses.create, streamed and not, and charges each call', async () => {
    const agent = await tg.agents.register({
      agentId: 'resp-client',
      budget: { limitMicros: 1_000_000 },
    });
    const openai = agent.openai(OpenAI, { maxRetries: 0 });
    const response = await openai.responses.create({ model: 'gpt-4o-mini', input: 'Hi there' });
    expect(response.output_text).toBe('Echo: Hi there');
    expect(response.usage?.output_tokens).toBeGreaterThan(0);

    const stream = await openai.responses.create({
      model: 'gpt-4o-mini',
      input: [{ role: 'user', content: 'Stream it' }],
      stream: true,
    });
    let text = '';
    let completed: OpenAI.Responses.Response | undefined;
    for await (const event of stream) {
      if (event.type === 'response.output_text.delta') text += event.delta;
      if (event.type === 'response.completed') completed = event.response;
    }
    expect(text).toBe('Echo: Stream it');
    expect(completed?.usage?.output_tokens).toBeGreaterThan(0);
    const budget = await tg.agents.getBudget('resp-client');
    expect(budget.spent_micros).toBeGreaterThan(0);
  });

  it('a refused call is typed: BudgetExceededError through agent.openai(), APIError with the code bare', async () => {
    const agent = await tg.agents.register({ agentId: 'resp-poor', budget: { limitMicros: 1 } });
    const governed = agent.openai(OpenAI, { maxRetries: 0 });
    const ask = { model: 'gpt-4o-mini', input: 'Hi' };
    await expect(governed.responses.create(ask)).rejects.toBeInstanceOf(BudgetExceededError);
    const bare = new OpenAI({
      apiKey: 'unused',
      baseURL: agent.proxyUrl('openai'),
      fetch: agent.fetch,
      maxRetries: 0,
    });
    const refused = await bare.responses.create(ask).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(OpenAI.APIError);
    expect(refused).toMatchObject({
      status: 402,
      code: 'budget_exceeded',
      type: 'insufficient_quota',
    });
  });
});

describe('Gemini through agent.fetch and agent.proxyUrl("google")', () => {
  const model = 'gemini-2.5-flash';
  const ask = { contents: [{ role: 'user', parts: [{ text: 'Hi Gemini' }] }] };
  const post = (url: string, body: object, fetch: typeof globalThis.fetch) =>
    fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });

  it('generateContent and streamGenerateContent (alt=sse), charged', async () => {
    const agent = await tg.agents.register({
      agentId: 'gemini-fetch',
      budget: { limitMicros: 1_000_000 },
    });
    const base = `${agent.proxyUrl('google')}/models/${model}`;
    const r = await post(`${base}:generateContent`, ask, agent.fetch);
    expect(r.status).toBe(200);
    const answer = (await r.json()) as {
      candidates: { content: { parts: { text: string }[] } }[];
      usageMetadata: { candidatesTokenCount: number };
    };
    expect(answer.candidates[0]?.content.parts[0]?.text).toBe('Echo: Hi Gemini');
    expect(Number(r.headers.get('x-tollgate-cost-micros'))).toBeGreaterThan(0);
    const streamed = await post(`${base}:streamGenerateContent?alt=sse`, ask, agent.fetch);
    expect(streamed.headers.get('content-type')).toContain('text/event-stream');
    const chunks = (await streamed.text())
      .split('\n\n')
      .filter(Boolean)
      .map((e) => JSON.parse(e.replace(/^data: /, '')) as typeof answer);
    expect(chunks.map((c) => c.candidates[0]?.content.parts[0]?.text).join('')).toBe(
      'Echo: Hi Gemini',
    );
    expect(chunks.at(-1)?.usageMetadata.candidatesTokenCount).toBeGreaterThan(0);
  });

  it('a refusal is Google’s error envelope: status RESOURCE_EXHAUSTED, reason budget_exceeded', async () => {
    const agent = await tg.agents.register({ agentId: 'gemini-poor', budget: { limitMicros: 1 } });
    const r = await post(
      `${agent.proxyUrl('google')}/models/${model}:generateContent`,
      ask,
      agent.fetch,
    );
    expect(r.status).toBe(402);
    const body = (await r.json()) as { code: string; error: Record<string, unknown> };
    expect(body.code).toBe('budget_exceeded');
    expect(body.error).toMatchObject({
      code: 402,
      status: 'RESOURCE_EXHAUSTED',
      details: [{ '@type': 'type.googleapis.com/google.rpc.ErrorInfo', reason: 'budget_exceeded' }],
    });
  });
});
