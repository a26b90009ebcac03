/**
 * `chatFetch` from `@tollgate/sdk/otel` on the wire format no framework test covers: Gemini's
 * `generateContent` and `streamGenerateContent` over `agent.fetch` against the dev server, spans
 * kept by the OTel SDK's in-memory exporter (the integrations' tests cover OpenAI's and
 * Anthropic's formats through their real clients). And what it leaves alone: a request that is
 * not a proxied LLM call.
 */
import { SpanStatusCode } from '@opentelemetry/api';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { chatFetch } from '../src/otel/index';
import { memoryTracing } from './otel-setup';
import { devServer } from './setup-server';

const otel = memoryTracing();
const { server, tg } = await devServer({ defaultMaxOutputTokens: 16 });
afterAll(() => server.close());
beforeEach(() => otel.exporter.reset());

const model = 'gemini-2.5-flash';
const ask = JSON.stringify({ contents: [{ role: 'user', parts: [{ text: 'Hi Gemini' }] }] });
const post = (fetch: typeof globalThis.fetch, url: string) =>
  fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: ask });
const chatSpans = () => otel.spans().filter((s) => s.name === `chat ${model}`);

describe('chatFetch: each proxied LLM call a chat span', () => {
  it('Gemini generateContent and streamGenerateContent: provider, model from the path, usage, cost', async () => {
    const agent = await tg.agents.register({ agentId: 'chat-fetch-gemini' });
    const fetch = chatFetch(agent.fetch, { tracer: otel.tracer, certificateSerial: agent.serial });
    const base = `${agent.proxyUrl('google')}/models/${model}`;
    const plain = await post(fetch, `${base}:generateContent`);
    const answer = (await plain.json()) as { usageMetadata: { candidatesTokenCount: number } };
    const streamed = await post(fetch, `${base}:streamGenerateContent?alt=sse`);
    expect(chatSpans()).toHaveLength(1); // the stream's span ends with the stream
    const last = (await streamed.text())
      .trim()
      .split('\n\n')
      .at(-1)!
      .replace(/^data: /, '');
    const [first, second] = chatSpans();
    expect(first?.attributes).toMatchObject({
      'gen_ai.provider.name': 'gcp.gemini',
      'gen_ai.request.model': model,
      'gen_ai.usage.output_tokens': answer.usageMetadata.candidatesTokenCount,
      'tollgate.certificate_serial': agent.serial,
      'tollgate.cost_micros': Number(plain.headers.get('x-tollgate-cost-micros')),
    });
    expect(second?.attributes['gen_ai.usage.output_tokens']).toBe(
      (JSON.parse(last) as typeof answer).usageMetadata.candidatesTokenCount,
    );
    expect(second?.attributes['tollgate.stream.cancelled']).toBeUndefined();
    // An unlimited budget: nothing is left to say.
    expect(first?.attributes['tollgate.budget_remaining_micros']).toBeUndefined();
    const spent = (await tg.agents.getBudget('chat-fetch-gemini')).spent_micros;
    const costs = [first, second].map((s) => Number(s?.attributes['tollgate.cost_micros']));
    expect(costs[0]! + costs[1]!).toBe(spent);
  });

  it('records what the budget has left after the call (X-Tollgate-Budget-Remaining-Micros)', async () => {
    const agent = await tg.agents.register({
      agentId: 'chat-fetch-remaining',
      budget: { limitMicros: 1_000_000 },
    });
    const fetch = chatFetch(agent.fetch, { tracer: otel.tracer });
    const plain = await post(fetch, `${agent.proxyUrl('google')}/models/${model}:generateContent`);
    expect(plain.status).toBe(200);
    const budget = await tg.agents.getBudget('chat-fetch-remaining');
    expect(budget.remaining_micros).toBeLessThan(1_000_000);
    expect(chatSpans()[0]?.attributes['tollgate.budget_remaining_micros']).toBe(
      budget.remaining_micros,
    );
  });

  it('a refusal in Google’s envelope: the span an error, budget_exceeded its type', async () => {
    const agent = await tg.agents.register({
      agentId: 'chat-fetch-poor',
      budget: { limitMicros: 1 },
    });
    const fetch = chatFetch(agent.fetch, { tracer: otel.tracer });
    const refused = await post(
      fetch,
      `${agent.proxyUrl('google')}/models/${model}:generateContent`,
    );
    expect(refused.status).toBe(402);
    const [chat] = chatSpans();
    expect(chat?.status.code).toBe(SpanStatusCode.ERROR);
    expect(chat?.attributes['error.type']).toBe('budget_exceeded');
  });

  it('a request that is no proxied LLM call passes untraced', async () => {
    const agent = await tg.agents.register({ agentId: 'chat-fetch-other' });
    const fetch = chatFetch(agent.fetch, { tracer: otel.tracer });
    const response = await fetch(`${server.url}/v1/agents/chat-fetch-other/budget`);
    expect(response.status).toBeLessThan(500);
    expect(otel.spans()).toEqual([]);
  });
});
