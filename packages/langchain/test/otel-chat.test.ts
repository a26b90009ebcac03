/**
 * `@tollgate/langchain/otel`'s chat spans against the dev server over loopback, kept by the
 * OTel SDK's in-memory exporter: ChatOpenAI (chat completions and the Responses API) and
 * ChatAnthropic, a plain and a streamed turn, a stream abandoned mid-way, a budget refusal,
 * each span nested with the SDK's own span of the proxied request, the `traceparent` the dev
 * server received, and no secret or prompt in any span.
 */
import { SpanStatusCode } from '@opentelemetry/api';
import { Tollgate } from '@tollgate/sdk';
import { otelTracing } from '@tollgate/sdk/otel';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import {
  expectChargedChatSpan,
  memoryTracing,
  receivedHeaders,
  spanText,
} from '../../sdk/test/otel-setup';
import { chatAnthropic } from '../src/anthropic';
import { chatGoogle } from '../src/google';
import { chatOpenAI } from '../src/openai';
import { langchainTracing } from '../src/otel';
import { startHeldStreamModel } from './held-stream-model';
import { devServer } from './setup';

const otel = memoryTracing();
const received = receivedHeaders();
const { server } = await devServer({ defaultMaxOutputTokens: 16 });
afterAll(() => server.close());
beforeEach(() => {
  otel.exporter.reset();
  received.length = 0;
});

const tg = new Tollgate({ ...server.admin, tracing: otelTracing({ tracer: otel.tracer }) });
const tracing = langchainTracing({ tracer: otel.tracer });
const spent = async (agentId: string) => (await tg.agents.getBudget(agentId)).spent_micros;
async function register(agentId: string, limitMicros = 1_000_000) {
  const agent = await tg.agents.register({ agentId, budget: { limitMicros } });
  otel.exporter.reset();
  return agent;
}
const chatSpans = (model: string) => otel.spans().filter((s) => s.name === `chat ${model}`);

describe('chat spans (GenAI semantic conventions)', () => {
  it('chatOpenAI: provider, model, usage, cost, serial; the proxied request its child', async () => {
    const agent = await register('lc-otel-oai');
    const model = chatOpenAI(agent, { model: 'gpt-4o-mini', maxRetries: 0 }, { tracing });
    const answer = await model.invoke('Trace me');
    const [chat] = chatSpans('gpt-4o-mini');
    expect(chat?.attributes).toMatchObject({
      'gen_ai.operation.name': 'chat',
      'gen_ai.provider.name': 'openai',
      'gen_ai.request.model': 'gpt-4o-mini',
      'gen_ai.response.model': 'gpt-4o-mini',
      'gen_ai.usage.input_tokens': answer.usage_metadata?.input_tokens,
      'gen_ai.usage.output_tokens': answer.usage_metadata?.output_tokens,
      'tollgate.certificate_serial': agent.serial,
    });
    expect(chat?.attributes['gen_ai.usage.input_tokens']).toBeGreaterThan(0);
    await expectChargedChatSpan({
      chat,
      spans: otel.spans(),
      operation: 'createChatCompletion',
      budget: () => tg.agents.getBudget('lc-otel-oai'),
      limit: 1_000_000,
      received,
    });
  });

  it('chatOpenAI streamed: the span ends with the stream, usage and cost recorded', async () => {
    const agent = await register('lc-otel-oai-stream');
    const model = chatOpenAI(agent, { model: 'gpt-4o-mini', maxRetries: 0 }, { tracing });
    let input = 0;
    let output = 0;
    for await (const chunk of await model.stream('Stream a trace')) {
      input += chunk.usage_metadata?.input_tokens ?? 0;
      output += chunk.usage_metadata?.output_tokens ?? 0;
    }
    const [chat] = chatSpans('gpt-4o-mini');
    expect(chat?.ended).toBe(true);
    expect(output).toBeGreaterThan(0);
    expect(chat?.attributes).toMatchObject({
      'gen_ai.usage.input_tokens': input,
      'gen_ai.usage.output_tokens': output,
      'tollgate.cost_micros': await spent('lc-otel-oai-stream'),
    });
    expect(chat?.attributes['tollgate.stream.cancelled']).toBeUndefined();
  });

  it('a stream abandoned mid-way (the loop broken): the span ends, marked cancelled, no error', async () => {
    // An upstream that sends one delta and holds the answer open, behind a second dev server.
    const held = await startHeldStreamModel();
    const upstream = { openai: held.url, openaiApiKey: 'sk-op' };
    const { server: relay, tg: operator } = await devServer({ upstream });
    const agent = await operator.agents.register({ agentId: 'lc-otel-abandon' });
    otel.exporter.reset();
    const model = chatOpenAI(agent, { model: 'gpt-4o-mini', maxRetries: 0 }, { tracing });
    const stream = await model.stream('Stream something long enough to leave');
    for await (const _ of stream) {
      expect(chatSpans('gpt-4o-mini')).toEqual([]); // still open
      break;
    }
    const [chat] = chatSpans('gpt-4o-mini');
    expect(chat?.attributes['tollgate.stream.cancelled']).toBe(true);
    expect(chat?.status.code).not.toBe(SpanStatusCode.ERROR);
    await relay.close();
    await held.close();
  });

  it('chatOpenAI on the Responses API: usage from the response, plain and streamed', async () => {
    const agent = await register('lc-otel-responses');
    const fields = { model: 'gpt-4o-mini', maxRetries: 0, useResponsesApi: true };
    const model = chatOpenAI(agent, fields, { tracing });
    const answer = await model.invoke('Trace the Responses API');
    for await (const _ of await model.stream('And stream it'));
    const [plain, streamed] = chatSpans('gpt-4o-mini');
    expect(otel.spans().some((s) => s.name === 'createResponse')).toBe(true);
    expect(plain?.attributes['gen_ai.usage.output_tokens']).toBe(
      answer.usage_metadata?.output_tokens,
    );
    expect(streamed?.attributes['gen_ai.usage.output_tokens']).toBeGreaterThan(0);
    const costs = [plain, streamed].map((s) => Number(s?.attributes['tollgate.cost_micros']));
    expect(costs[0]! + costs[1]!).toBe(await spent('lc-otel-responses'));
  });

  it('chatAnthropic: provider anthropic, a plain and a streamed turn with usage and cost', async () => {
    const agent = await register('lc-otel-ant');
    const fields = { model: 'claude-3-5-haiku-latest', maxTokens: 16, maxRetries: 0 };
    const model = chatAnthropic(agent, fields, { tracing });
    const answer = await model.invoke('Hello');
    let output = 0;
    for await (const chunk of await model.stream('Stream'))
      output += chunk.usage_metadata?.output_tokens ?? 0;
    const [plain, streamed] = chatSpans('claude-3-5-haiku-latest');
    expect(plain?.attributes).toMatchObject({
      'gen_ai.provider.name': 'anthropic',
      'gen_ai.usage.input_tokens': answer.usage_metadata?.input_tokens,
      'gen_ai.usage.output_tokens': answer.usage_metadata?.output_tokens,
    });
    expect(streamed?.ended).toBe(true);
    expect(streamed?.attributes['gen_ai.usage.output_tokens']).toBe(output);
    expect(streamed?.attributes['gen_ai.usage.input_tokens']).toBeGreaterThan(0);
    const costs = [plain, streamed].map((s) => Number(s?.attributes['tollgate.cost_micros']));
    expect(costs[0]! + costs[1]!).toBe(await spent('lc-otel-ant'));
  });

  it('chatGoogle: provider gcp.gemini, a plain and a streamed turn with usage and cost', async () => {
    const agent = await register('lc-otel-google');
    const model = chatGoogle(agent, { model: 'gemini-2.5-flash', maxRetries: 0 }, { tracing });
    const answer = await model.invoke('Hello');
    let output = 0;
    for await (const chunk of await model.stream('Stream'))
      output += chunk.usage_metadata?.output_tokens ?? 0;
    const [plain, streamed] = chatSpans('gemini-2.5-flash');
    expect(plain?.attributes).toMatchObject({
      'gen_ai.provider.name': 'gcp.gemini',
      'gen_ai.request.model': 'gemini-2.5-flash',
      'gen_ai.usage.input_tokens': answer.usage_metadata?.input_tokens,
      'gen_ai.usage.output_tokens': answer.usage_metadata?.output_tokens,
      'tollgate.certificate_serial': agent.serial,
    });
    expect(streamed?.ended).toBe(true);
    expect(streamed?.attributes['gen_ai.usage.output_tokens']).toBe(output);
    const costs = [plain, streamed].map((s) => Number(s?.attributes['tollgate.cost_micros']));
    expect(costs[0]! + costs[1]!).toBe(await spent('lc-otel-google'));
  });

  it('a budget running out: the chat span an error, budget_exceeded its type', async () => {
    const agent = await register('lc-otel-broke', 1);
    const model = chatOpenAI(agent, { model: 'gpt-4o-mini', maxRetries: 0 }, { tracing });
    await expect(model.invoke('Too dear')).rejects.toThrow();
    const [chat] = chatSpans('gpt-4o-mini');
    expect(chat?.status.code).toBe(SpanStatusCode.ERROR);
    expect(chat?.attributes['error.type']).toBe('budget_exceeded');
  });

  it('a model bound to tools (bindTools makes a new ChatOpenAI) is traced all the same', async () => {
    const agent = await register('lc-otel-bound');
    const model = chatOpenAI(agent, { model: 'gpt-4o-mini', maxRetries: 0 }, { tracing });
    const schema = { type: 'object', properties: { q: { type: 'string' } } };
    const bound = model.bindTools([{ name: 'search', description: 'Searches', schema }]);
    await bound.invoke('Hi');
    expect(chatSpans('gpt-4o-mini')).toHaveLength(1);
  });

  it('without the tracing option: no chat span', async () => {
    const agent = await register('lc-otel-off');
    await chatOpenAI(agent, { model: 'gpt-4o-mini', maxRetries: 0 }).invoke('Untraced');
    expect(chatSpans('gpt-4o-mini')).toEqual([]);
  });

  it('no API key, certificate, proof or prompt in any span', async () => {
    const agent = await register('lc-otel-secrets');
    const model = chatOpenAI(agent, { model: 'gpt-4o-mini', maxRetries: 0 }, { tracing });
    await model.invoke('my secret prompt');
    for await (const _ of await model.stream('my secret streamed prompt'));
    const proofs = received.map((r) => r.headers['x-tollgate-proof']).filter(Boolean) as string[];
    expect(proofs.length).toBeGreaterThan(0);
    const text = otel.spans().map(spanText).join('\n');
    for (const secret of [server.admin.apiKey, agent.certificate, 'my secret', 'Echo', ...proofs])
      expect(text).not.toContain(secret);
  });
});
