/**
 * `@tollgate/runtime/otel` against a real control plane over loopback, spans kept by the OTel
 * SDK's in-memory exporter: a SERVER span per POST /invoke, /invoke/stream and /resume that
 * continues the caller's `traceparent`, `execute_tool` spans beneath it, a streamed answer's
 * span ending with the stream or when the caller abandons it, and nothing secret in any span.
 */
import { context, propagation, SpanKind, SpanStatusCode } from '@opentelemetry/api';
import { chatFetch } from '@tollgate/sdk/otel';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import {
  memoryTracing,
  runWithoutOtel,
  spanText,
  WITHOUT_OTEL_TIMEOUT,
} from '../../sdk/test/otel-setup';
import type { AgentHandler, InvocationResult } from '../src/index';
import { runtimeTracing } from '../src/otel';
import { post, runtimeStack, script, scriptedAgent } from './setup';

const otel = memoryTracing();
let abandoned: () => void = () => {};
/** The scripted agent; `hold` writes one delta and waits until the caller goes away. */
const handler: AgentHandler = async (request, ctx) => {
  if (request.message === 'fail') throw new Error('the model broke');
  if (request.message === 'llm') {
    const fetch = chatFetch(ctx.agent.fetch, { tracer: otel.tracer });
    const body = { model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'Hi' }] };
    const url = `${ctx.agent.proxyUrl('openai')}/chat/completions`;
    const answer = await fetch(url, { method: 'POST', body: JSON.stringify(body) });
    return String(answer.status);
  }
  if (request.message !== 'hold') return scriptedAgent(request, ctx);
  ctx.write('Hel');
  await new Promise((resolve) => ctx.signal.addEventListener('abort', resolve, { once: true }));
  abandoned();
  return undefined;
};
const stack = await runtimeStack({
  handler,
  serve: { tracing: runtimeTracing({ tracer: otel.tracer }) },
});
const signer = await stack.callerAgent();
afterAll(() => stack.close());
beforeEach(() => otel.exporter.reset());

/** A request the caller makes inside its own span, its trace context sent as `traceparent`. */
async function traced(path: string, body: unknown, signal?: AbortSignal) {
  return otel.tracer.startActiveSpan('caller', { kind: SpanKind.CLIENT }, async (span) => {
    const headers: Record<string, string> = {};
    propagation.inject(context.active(), headers);
    const response = await post(`${stack.runtime.url}${path}`, body, signer, { headers, signal });
    span.end();
    return { response, caller: span };
  });
}
const named = (name: string) => otel.spans().filter((s) => s.name === name);

describe('request spans', () => {
  it("POST /invoke: a SERVER span continuing the caller's trace, the tool calls beneath it", async () => {
    const calls = script(
      { tool: 'lookup-order', input: { orderId: 'o-1' } },
      { tool: 'refund', input: { orderId: 'o-1', amount: 5 } },
      { tool: 'drop-table', input: { table: 'users' } },
    );
    const { response, caller } = await traced('/invoke', calls);
    const result = (await response.json()) as InvocationResult;
    const [server] = named('POST /invoke');
    expect(server?.kind).toBe(SpanKind.SERVER);
    expect(server?.spanContext().traceId).toBe(caller.spanContext().traceId);
    expect(server?.parentSpanContext?.spanId).toBe(caller.spanContext().spanId);
    expect(server?.attributes).toMatchObject({
      'http.request.method': 'POST',
      'http.route': '/invoke',
      'url.path': '/invoke',
      'http.response.status_code': 200,
      'tollgate.caller_agent_id': 'front-desk',
    });
    const tool = (name: string) => named(`execute_tool ${name}`)[0];
    for (const name of ['lookup-order', 'refund', 'drop-table'])
      expect(tool(name)?.parentSpanContext?.spanId).toBe(server?.spanContext().spanId);
    expect(tool('lookup-order')?.attributes).toMatchObject({
      'gen_ai.operation.name': 'execute_tool',
      'gen_ai.tool.name': 'lookup-order',
      'gen_ai.tool.description': 'Looks an order up',
      'tollgate.tool_status': 'executed',
      'tollgate.run_id': result.tool_calls[0]?.run_id,
    });
    expect(tool('refund')?.attributes).toMatchObject({
      'tollgate.tool_status': 'approval_required',
      'tollgate.approval_id': result.tool_calls[1]?.approval_id,
    });
    expect(tool('drop-table')?.attributes['error.type']).toBe('policy_denied');
    expect(tool('drop-table')?.status.code).toBe(SpanStatusCode.ERROR);
    expect(server?.status.code).not.toBe(SpanStatusCode.ERROR);
  });

  it('POST /resume/{approval_id}: its span, and the approved call run under an execute_tool span', async () => {
    const held = await traced(
      '/invoke',
      script({ tool: 'refund', input: { orderId: 'o-2', amount: 3 } }),
    );
    const approvalId = ((await held.response.json()) as InvocationResult).tool_calls[0]!
      .approval_id!;
    await stack.tg.approvals.approve(approvalId);
    otel.exporter.reset();
    const { response } = await traced(`/resume/${approvalId}`, {});
    expect(response.status).toBe(200);
    const [server] = named('POST /resume/{approval_id}');
    expect(server?.attributes).toMatchObject({
      'http.route': '/resume/{approval_id}',
      'url.path': `/resume/${approvalId}`,
      'http.response.status_code': 200,
    });
    const [refund] = named('execute_tool refund');
    expect(refund?.parentSpanContext?.spanId).toBe(server?.spanContext().spanId);
    expect(refund?.attributes).toMatchObject({
      'tollgate.tool_status': 'executed',
      'tollgate.approval_id': approvalId,
    });
  });

  it('POST /invoke/stream: the span ends when the stream ends, the tool calls beneath it', async () => {
    const calls = script({ tool: 'lookup-order', input: { orderId: 'o-3' } });
    const { response } = await traced('/invoke/stream', calls);
    expect(named('POST /invoke/stream')).toEqual([]); // the answer is still being written
    const text = await response.text();
    expect(text).toContain('event: done');
    const [server] = named('POST /invoke/stream');
    expect(server?.attributes).toMatchObject({
      'http.route': '/invoke/stream',
      'http.response.status_code': 200,
    });
    expect(server?.attributes['tollgate.stream.cancelled']).toBeUndefined();
    const [tool] = named('execute_tool lookup-order');
    expect(tool?.parentSpanContext?.spanId).toBe(server?.spanContext().spanId);
    expect(tool?.endTime[0]).toBeLessThanOrEqual(server!.endTime[0]);
  });

  it('a stream the caller abandons mid-way: the span ends, marked cancelled, no error', async () => {
    const gone = new Promise<void>((resolve) => {
      abandoned = resolve;
    });
    const abort = new AbortController();
    const { response } = await traced('/invoke/stream', { message: 'hold' }, abort.signal);
    const reader = response.body!.getReader();
    const first = new TextDecoder().decode((await reader.read()).value);
    expect(first).toContain('event: delta');
    expect(named('POST /invoke/stream')).toEqual([]);
    abort.abort();
    await gone; // the handler saw the caller go
    const [server] = named('POST /invoke/stream');
    expect(server?.attributes['tollgate.stream.cancelled']).toBe(true);
    expect(server?.status.code).not.toBe(SpanStatusCode.ERROR);
  });

  it("the handler failing: /invoke's 500 and the stream's error event mark the span an error", async () => {
    const failed = await traced('/invoke', { message: 'fail' });
    expect(failed.response.status).toBe(500);
    const streamed = await traced('/invoke/stream', { message: 'fail' });
    expect(await streamed.response.text()).toContain('event: error');
    const [invoke] = named('POST /invoke');
    expect(invoke?.status.code).toBe(SpanStatusCode.ERROR);
    expect(invoke?.attributes['error.type']).toBe('500');
    const [stream] = named('POST /invoke/stream');
    expect(stream?.status.code).toBe(SpanStatusCode.ERROR);
    expect(stream?.attributes['error.type']).toBe('handler_failed');
  });

  it("what the handler traces nests under the request span: an LLM call's chat span", async () => {
    const { response } = await traced('/invoke', { message: 'llm' });
    expect(((await response.json()) as InvocationResult).response).toBe('200');
    const [server] = named('POST /invoke');
    const [chat] = named('chat gpt-4o-mini');
    expect(chat?.parentSpanContext?.spanId).toBe(server?.spanContext().spanId);
  });

  it('a request the caller check refuses is traced too: 401, not a server error', async () => {
    const response = await post(`${stack.runtime.url}/invoke`, { message: 'x' });
    expect(response.status).toBe(401);
    const [server] = named('POST /invoke');
    expect(server?.attributes['http.response.status_code']).toBe(401);
    expect(server?.status.code).not.toBe(SpanStatusCode.ERROR);
  });

  it('no certificate, proof, message or tool input in any span', async () => {
    const calls = script({ tool: 'lookup-order', input: { orderId: 'secret-order' } });
    const { response } = await traced('/invoke', {
      ...calls,
      history: [{ role: 'user', content: 'my secret' }],
    });
    await response.json();
    const headers = await signer.headers({ method: 'POST', url: stack.runtime.url, body: '' });
    const text = otel.spans().map(spanText).join('\n');
    for (const secret of [...Object.values(headers), 'secret-order', 'my secret'])
      expect(text).not.toContain(secret);
  });
});

describe('without @opentelemetry/api', () => {
  it(
    'the root entry loads and makes an app; the otel entry is the one that needs it',
    async () => {
      const cwd = new URL('..', import.meta.url).pathname;
      const root = await runWithoutOtel(
        cwd,
        `const { createAgentApp } = await import('./src/index.ts');
       createAgentApp({ agent: {}, tools: [], catalog: {}, handler: async () => '', callers: { ca: [] } });
       console.log('loaded');`,
      );
      expect(root.output.trim()).toBe('loaded');
      const otelEntry = await runWithoutOtel(cwd, `await import('./src/otel.ts');`);
      expect(otelEntry.ok).toBe(false);
      expect(otelEntry.output).toContain('@opentelemetry/api is not installed');
    },
    WITHOUT_OTEL_TIMEOUT,
  );
});
