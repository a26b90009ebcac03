/**
 * `tracing: otelTracing()` (`@tollgate/sdk/otel`): a span per call against the dev server
 * over loopback, recorded by the OTel SDK's in-memory exporter, and the W3C `traceparent`
 * the dev server received carrying that span's trace and span ids.
 */
import { SpanKind, SpanStatusCode, trace } from '@opentelemetry/api';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { NotFoundError, Tollgate } from '../src/index';
import { otelTracing, safeUrl } from '../src/otel/index';
import { memoryTracing, receivedHeaders, spanText } from './otel-setup';
import { devServer } from './setup-server';

const otel = memoryTracing();
const received = receivedHeaders();
const { server } = await devServer();
afterAll(() => server.close());
beforeEach(() => {
  otel.exporter.reset();
  received.length = 0;
});

const traced = (options: ConstructorParameters<typeof Tollgate>[0] = {}) =>
  new Tollgate({ ...server.admin, tracing: otelTracing({ tracer: otel.tracer }), ...options });
const traceparentOf = (path: string) =>
  received.find((r) => r.url.startsWith(path))?.headers.traceparent;

describe('a span per SDK call', () => {
  it('named by the operation, HTTP attributes, the request id, traceparent received', async () => {
    const tg = traced();
    await tg.agents.create({ id: 'traced-1', name: 'Traced' });
    const { response } = await tg.agents.get('traced-1').withResponse();
    const span = otel.spans().find((s) => s.name === 'getAgent');
    expect(span?.kind).toBe(SpanKind.CLIENT);
    expect(span?.attributes).toMatchObject({
      'http.request.method': 'GET',
      'url.full': `${server.url}/v1/agents/traced-1`,
      'http.response.status_code': 200,
      'tollgate.request_id': response.headers.get('x-request-id'),
    });
    expect(span?.status.code).not.toBe(SpanStatusCode.ERROR);
    const { traceId, spanId } = span!.spanContext();
    expect(traceparentOf('/v1/agents/traced-1')).toBe(`00-${traceId}-${spanId}-01`);
  });

  it("a child of the caller's active span", async () => {
    const tg = traced();
    await otel.tracer.startActiveSpan('handler', async (parent) => {
      await tg.health();
      parent.end();
    });
    const parent = otel.spans().find((s) => s.name === 'handler')!;
    const call = otel.spans().find((s) => s.name === 'getHealth')!;
    expect(call.spanContext().traceId).toBe(parent.spanContext().traceId);
    expect(call.parentSpanContext?.spanId).toBe(parent.spanContext().spanId);
  });

  it('a failed call: error status, the status code, the problem code and request id', async () => {
    const error = await traced()
      .agents.get('nobody')
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(NotFoundError);
    const span = otel.spans().find((s) => s.name === 'getAgent')!;
    expect(span.status.code).toBe(SpanStatusCode.ERROR);
    expect(span.attributes).toMatchObject({
      'http.response.status_code': 404,
      'tollgate.request_id': (error as NotFoundError).requestId,
      'tollgate.error_code': (error as NotFoundError).code,
      'error.type': 'NotFoundError',
    });
  });

  it('retries are events on the one span, every attempt carrying its traceparent', async () => {
    let attempts = 0;
    const tg = traced({
      fetch: (request) =>
        ++attempts === 1
          ? Promise.resolve(new Response(null, { status: 503, headers: { 'retry-after': '0' } }))
          : fetch(request),
    });
    await tg.health();
    const span = otel.spans().find((s) => s.name === 'getHealth')!;
    expect(span.events.map((e) => [e.name, e.attributes])).toEqual([
      ['retry', { 'http.request.resend_count': 1 }],
    ]);
    expect(span.attributes['http.request.resend_count']).toBe(1);
    expect(span.attributes['http.response.status_code']).toBe(200);
    expect(traceparentOf('/v1/health')).toContain(span.spanContext().traceId);
  });

  it('agent.fetch: a span per proxied LLM call, named by its operation, traceparent received', async () => {
    const tg = traced();
    const agent = await tg.agents.register({ agentId: 'traced-llm', budget: { limitMicros: 1e6 } });
    otel.exporter.reset();
    const response = await agent.fetch(`${agent.proxyUrl('openai')}/chat/completions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'Hi' }] }),
    });
    expect(response.status).toBe(200);
    const span = otel.spans().find((s) => s.name === 'createChatCompletion')!;
    expect(span.attributes).toMatchObject({
      'http.request.method': 'POST',
      'http.response.status_code': 200,
      'tollgate.request_id': response.headers.get('x-request-id'),
    });
    expect(traceparentOf('/v1/proxy/openai')).toContain(span.spanContext().spanId);
  });

  it('no secret in any span: API key, certificate, proof', async () => {
    const tg = traced();
    const agent = await tg.agents.register({
      agentId: 'traced-secrets',
      budget: { limitMicros: 1e6 },
    });
    await agent.fetch(`${agent.proxyUrl('openai')}/chat/completions?api_key=sk-query-secret`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: 'Bearer sk-caller' },
      body: JSON.stringify({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'Hi' }] }),
    });
    await tg.agents.get('nobody').catch(() => {});
    const proofs = received.map((r) => r.headers['x-tollgate-proof']).filter(Boolean) as string[];
    expect(proofs.length).toBeGreaterThan(0);
    const text = otel.spans().map(spanText).join('\n');
    expect(text).toContain('api_key=REDACTED');
    for (const secret of [
      server.admin.apiKey,
      agent.certificate,
      'sk-query-secret',
      'sk-caller',
      ...proofs,
    ])
      expect(text).not.toContain(secret);
  });

  it('url.full: user info and query values redacted, names kept', () => {
    expect(safeUrl(new URL('https://u:p@cp.example.com/v1/x?sig=abc&cursor=c1#f'))).toBe(
      'https://cp.example.com/v1/x?sig=REDACTED&cursor=REDACTED',
    );
  });
});

describe('without tracing', () => {
  it('no span and no traceparent, even with a tracer provider registered globally', async () => {
    trace.setGlobalTracerProvider(otel.provider);
    try {
      await new Tollgate(server.admin).health();
    } finally {
      trace.disable();
    }
    expect(otel.spans()).toEqual([]);
    expect(traceparentOf('/v1/health')).toBeUndefined();
  });
});
