/**
 * `@tollgate/ai-sdk/otel` against the dev server over loopback, spans kept by the OTel SDK's
 * in-memory exporter: GenAI `chat` spans (generate, stream, a stream abandoned mid-way, a
 * budget refusal), `execute_tool` spans of governed tools, nested with the SDK's own spans,
 * the `traceparent` the dev server received, and no secret or prompt in any span.
 */
import { SpanStatusCode } from '@opentelemetry/api';
import { Tollgate } from '@tollgate/sdk';
import { otelTracing } from '@tollgate/sdk/otel';
import { generateText, streamText, tool, wrapLanguageModel } from 'ai';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { catalogTool, type Policy } from '../../sdk/test/catalog-tool';
import {
  expectChargedChatSpan,
  memoryTracing,
  receivedHeaders,
  spanText,
} from '../../sdk/test/otel-setup';
import { governTools } from '../src/index';
import { createTollgateOpenAI } from '../src/openai';
import { tollgateTelemetry, traceTools } from '../src/otel';
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
const spent = async (agentId: string) => (await tg.agents.getBudget(agentId)).spent_micros;

async function tracedModel(agentId: string, limitMicros = 1_000_000) {
  const agent = await tg.agents.register({ agentId, budget: { limitMicros } });
  otel.exporter.reset();
  const model = wrapLanguageModel({
    model: createTollgateOpenAI(agent)('gpt-4o-mini'),
    middleware: tollgateTelemetry({ tracer: otel.tracer, agent }),
  });
  return { agent, model };
}
const chatSpans = () => otel.spans().filter((s) => s.name === 'chat gpt-4o-mini');

describe('chat spans (GenAI semantic conventions)', () => {
  it('generateText: provider, model, usage, cost, serial; the proxied request its child', async () => {
    const { agent, model } = await tracedModel('otel-gen');
    const result = await generateText({ model, prompt: 'Trace me' });
    const [chat] = chatSpans();
    expect(chat?.attributes).toMatchObject({
      'gen_ai.operation.name': 'chat',
      'gen_ai.provider.name': 'openai',
      'gen_ai.request.model': 'gpt-4o-mini',
      'gen_ai.usage.input_tokens': result.usage.inputTokens,
      'gen_ai.usage.output_tokens': result.usage.outputTokens,
      'tollgate.certificate_serial': agent.serial,
    });
    expect(agent.serial).toMatch(/\S/);
    await expectChargedChatSpan({
      chat,
      spans: otel.spans(),
      operation: 'createResponse',
      budget: () => tg.agents.getBudget('otel-gen'),
      limit: 1_000_000,
      received,
    });
  });

  it('streamText: the span ends with the stream, usage and cost recorded', async () => {
    const { model } = await tracedModel('otel-stream');
    const result = streamText({ model, prompt: 'Stream a trace' });
    for await (const _ of result.textStream);
    const usage = await result.usage;
    const [chat] = chatSpans();
    expect(chat?.ended).toBe(true);
    expect(chat?.attributes).toMatchObject({
      'gen_ai.usage.input_tokens': usage.inputTokens,
      'gen_ai.usage.output_tokens': usage.outputTokens,
      'tollgate.cost_micros': await spent('otel-stream'),
    });
  });

  it('a stream abandoned mid-way (reader cancelled): the span ends, marked cancelled', async () => {
    const { model } = await tracedModel('otel-abandon');
    const { stream } = await model.doStream({
      prompt: [{ role: 'user', content: [{ type: 'text', text: 'Stream something long' }] }],
    });
    const reader = stream.getReader();
    await reader.read();
    expect(chatSpans()).toEqual([]); // still open
    await reader.cancel();
    const [chat] = chatSpans();
    expect(chat?.attributes['tollgate.stream.cancelled']).toBe(true);
    expect(chat?.status.code).not.toBe(SpanStatusCode.ERROR);
  });

  it('a budget running out: the chat span an error, budget_exceeded its type', async () => {
    const { model } = await tracedModel('otel-broke', 1);
    await expect(generateText({ model, prompt: 'Too dear', maxRetries: 0 })).rejects.toThrow();
    const [chat] = chatSpans();
    expect(chat?.status.code).toBe(SpanStatusCode.ERROR);
    expect(chat?.attributes['error.type']).toBe('budget_exceeded');
  });
});

describe('execute_tool spans of governed tools', () => {
  it('allowed, denied and held calls: tool name, call id, Tollgate status and approval id', async () => {
    const agentId = 'otel-tools';
    const agent = await tg.agents.register({ agentId, budget: { limitMicros: 1_000_000 } });
    const register = (name: string, policy: Policy) => catalogTool(tg, agentId, name, policy);
    const catalog = {
      lookup: await register('lookup', 'allow'),
      refund: await register('refund', 'approval_required'),
      drop: await register('drop', 'deny'),
    };
    const input = z.object({ id: z.string() });
    const tools = {
      lookup: tool({ inputSchema: input, execute: async () => 'found' }),
      refund: tool({ inputSchema: input, execute: async () => 'refunded' }),
      drop: tool({ inputSchema: input, execute: async () => 'dropped' }),
    };
    const traced = traceTools(governTools(agent, tools, { catalog }).tools, {
      tracer: otel.tracer,
    });
    otel.exporter.reset();
    const call = (name: keyof typeof tools, toolCallId: string) =>
      traced[name].execute?.({ id: 'order-1' }, { toolCallId, messages: [], context: {} });
    expect(await call('lookup', 'c1')).toBe('found');
    const held = (await call('refund', 'c2')) as { approvalId: string };
    await call('drop', 'c3');
    const span = (name: string) => otel.spans().find((s) => s.name === `execute_tool ${name}`)!;
    expect(span('lookup').attributes).toMatchObject({
      'gen_ai.operation.name': 'execute_tool',
      'gen_ai.tool.name': 'lookup',
      'gen_ai.tool.call.id': 'c1',
      'tollgate.tool_status': 'executed',
    });
    expect(held.approvalId).toBeTruthy();
    expect(span('refund').attributes).toMatchObject({
      'tollgate.tool_status': 'approval_required',
      'tollgate.approval_id': held.approvalId,
    });
    expect(span('drop').attributes['tollgate.tool_status']).toBe('blocked');
    expect(span('drop').status.code).toBe(SpanStatusCode.ERROR);
    // The control-plane calls the governance made are the tool span's children.
    const lookupId = span('lookup').spanContext().spanId;
    expect(otel.spans().some((s) => s.parentSpanContext?.spanId === lookupId)).toBe(true);
  });
});

describe('no secrets in spans', () => {
  it('no API key, certificate, proof or prompt', async () => {
    const { agent, model } = await tracedModel('otel-secrets');
    await generateText({ model, prompt: 'my secret prompt' });
    const proofs = received.map((r) => r.headers['x-tollgate-proof']).filter(Boolean) as string[];
    expect(proofs.length).toBeGreaterThan(0);
    const text = otel.spans().map(spanText).join('\n');
    for (const secret of [server.admin.apiKey, agent.certificate, 'my secret prompt', ...proofs])
      expect(text).not.toContain(secret);
  });
});
