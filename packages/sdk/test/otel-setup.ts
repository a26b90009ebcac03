/**
 * OpenTelemetry as an application sets it up, spans kept in memory: a BasicTracerProvider
 * with the in-memory exporter, the AsyncLocalStorage context manager (active spans follow
 * awaits) and the W3C trace-context propagator. And what the dev server received: every
 * request's headers, read off Node's own `http.server.request.start` diagnostics channel.
 */
import { execFile } from 'node:child_process';
import { subscribe } from 'node:diagnostics_channel';
import type { IncomingMessage } from 'node:http';
import { promisify } from 'node:util';
import { context, propagation } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { W3CTraceContextPropagator } from '@opentelemetry/core';
import {
  BasicTracerProvider,
  InMemorySpanExporter,
  type ReadableSpan,
  SimpleSpanProcessor,
} from '@opentelemetry/sdk-trace-base';

import { expect } from 'vitest';

const run = promisify(execFile);

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

/**
 * A proxied OpenAI call's chat span, against what the control plane says: its cost is what the
 * budget was charged, its remaining budget what is left of `limit`, and `operation`'s HTTP span
 * is its child, whose request id it carries and whose traceparent reached the proxy.
 */
export async function expectChargedChatSpan(o: {
  chat: ReadableSpan | undefined;
  spans: ReadableSpan[];
  operation: string;
  budget: () => PromiseLike<{ spent_micros: number; remaining_micros: number | null }>;
  limit: number;
  received: ReturnType<typeof receivedHeaders>;
}) {
  const { chat } = o;
  const cost = chat?.attributes['tollgate.cost_micros'];
  expect(cost).toBeGreaterThan(0);
  const budget = await o.budget();
  expect(cost).toBe(budget.spent_micros);
  // What the budget has left after the call, as the control plane reports it.
  expect(budget.remaining_micros).toBe(o.limit - Number(cost));
  expect(chat?.attributes['tollgate.budget_remaining_micros']).toBe(budget.remaining_micros);
  const http = o.spans.find((s) => s.name === o.operation);
  expect(http?.parentSpanContext?.spanId).toBe(chat?.spanContext().spanId);
  expect(chat?.attributes['tollgate.request_id']).toBe(http?.attributes['tollgate.request_id']);
  const sent = o.received.find((r) => r.url.startsWith('/v1/proxy/openai'))?.headers.traceparent;
  expect(sent).toBe(`00-${chat?.spanContext().traceId}-${http?.spanContext().spanId}-01`);
}

/**
 * Runs `script` (an ES module's text, in `cwd`, TypeScript through tsx) in a fresh Node process
 * where `@opentelemetry/*` cannot be resolved from Tollgate's own code (`without-otel.mjs`).
 */
/** Time a test that calls runWithoutOtel gives itself (above the child's own limit). */
export const WITHOUT_OTEL_TIMEOUT = 180_000;

export async function runWithoutOtel(cwd: string, script: string) {
  const hooks = new URL('./without-otel.mjs', import.meta.url).href;
  const args = ['--import', 'tsx', '--import', hooks, '--input-type=module', '-e', script];
  try {
    // A fresh process transpiling a framework's entries: minutes on a loaded 2-core machine.
    const { stdout } = await run(process.execPath, args, { cwd, timeout: 150_000 });
    return { ok: true, output: stdout };
  } catch (error) {
    return { ok: false, output: String((error as { stderr?: unknown }).stderr ?? error) };
  }
}
