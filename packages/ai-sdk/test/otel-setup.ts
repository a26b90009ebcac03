/**
 * (The same as packages/sdk/test/otel-setup.ts.) OpenTelemetry as an application sets it up, spans kept in memory: a BasicTracerProvider
 * with the in-memory exporter, the AsyncLocalStorage context manager (active spans follow
 * awaits) and the W3C trace-context propagator. And what the dev server received: every
 * request's headers, read off Node's own `http.server.request.start` diagnostics channel.
 */
import { subscribe } from 'node:diagnostics_channel';
import type { IncomingMessage } from 'node:http';
import { context, propagation } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { W3CTraceContextPropagator } from '@opentelemetry/core';
import {
  BasicTracerProvider,
  InMemorySpanExporter,
  type ReadableSpan,
  SimpleSpanProcessor,
} from '@opentelemetry/sdk-trace-base';

export function memoryTracing() {
  const exporter = new InMemorySpanExporter();
  const provider = new BasicTracerProvider({ spanProcessors: [new SimpleSpanProcessor(exporter)] });
  context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
  propagation.setGlobalPropagator(new W3CTraceContextPropagator());
  return {
    exporter,
    provider,
    tracer: provider.getTracer('test'),
    spans: () => exporter.getFinishedSpans(),
  };
}

/** Everything a span shows an exporter, as text: attributes, events, status message. */
export function spanText(span: ReadableSpan): string {
  return JSON.stringify({
    name: span.name,
    attributes: span.attributes,
    events: span.events.map((e) => ({ name: e.name, attributes: e.attributes })),
    status: span.status,
  });
}

/** The headers of every request an http server in this process receives from now on. */
export function receivedHeaders() {
  const seen: { url: string; headers: IncomingMessage['headers'] }[] = [];
  subscribe('http.server.request.start', (message) => {
    const { request } = message as { request: IncomingMessage };
    seen.push({ url: request.url ?? '', headers: request.headers });
  });
  return seen;
}
