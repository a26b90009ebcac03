/**
 * `@tollgate/runtime/otel`: OpenTelemetry for the runtime, on its own entry so
 * `@opentelemetry/api` stays an optional peer. `serveAgent({ …, tracing: runtimeTracing() })`
 * makes each `POST /invoke`, `/invoke/stream` and `/resume/{approval_id}` a SERVER span that
 * continues the caller's `traceparent` (the trace of the agent that called, when it traces),
 * with the HTTP semantic conventions' attributes and the verified caller; a streamed answer's
 * span ends when the stream ends or is abandoned by the caller. Each tool call is a GenAI
 * `execute_tool {name}` span beneath it (the SDK's `@tollgate/sdk/otel` helpers, as the
 * framework integrations record them): tool name, the Tollgate status, approval id and run id.
 * Never a message, a tool's input or output, a certificate or a proof.
 */
import {
  context,
  propagation,
  type Span,
  SpanKind,
  SpanStatusCode,
  type Tracer,
  trace,
} from '@opentelemetry/api';
import { endWithError, recordTool, spanEndingStream, startToolSpan } from '@tollgate/sdk/otel';
import type { RuntimeTracing, TracedRequest } from './tracing';

export type { RuntimeTracing, TracedRequest, TracedResponse, TracedToolCall } from './tracing';

export interface RuntimeTracingOptions {
  /** Where the spans come from. @default trace.getTracer('@tollgate/runtime') */
  tracer?: Tracer;
}

const headerGetter = {
  get: (headers: Headers, key: string) => headers.get(key) ?? undefined,
  keys: (headers: Headers) => [...headers.keys()],
};

/** The OpenTelemetry tracing of the runtime's requests and tool calls. */
export function runtimeTracing(options: RuntimeTracingOptions = {}): RuntimeTracing {
  const tracer = options.tracer ?? trace.getTracer('@tollgate/runtime');
  return {
    async request(request, handle) {
      const parent = propagation.extract(context.active(), request.headers, headerGetter);
      const span = startServerSpan(tracer, request, parent);
      let handled: Awaited<ReturnType<typeof handle>>;
      try {
        handled = await context.with(trace.setSpan(parent, span), handle);
      } catch (error) {
        endWithError(span, error);
        throw error;
      }
      const { response, callerAgentId } = handled;
      span.setAttribute('http.response.status_code', response.status);
      if (callerAgentId) span.setAttribute('tollgate.caller_agent_id', callerAgentId);
      // A server span is an error for a 5xx only: a 4xx is the caller's.
      if (response.status >= 500) {
        span.setAttribute('error.type', String(response.status));
        span.setStatus({ code: SpanStatusCode.ERROR });
      }
      if (!response.body || !response.headers.get('content-type')?.includes('text/event-stream')) {
        span.end();
        return response;
      }
      const body = spanEndingStream(response.body, span, { observe: sseError() });
      const { status, statusText, headers } = response;
      return new Response(body, { status, statusText, headers });
    },
    async toolCall(call, run) {
      const span = startToolSpan(tracer, call);
      if (call.approvalId) recordTool(span, { approvalId: call.approvalId });
      try {
        const result = await context.with(trace.setSpan(context.active(), span), run);
        const { status, approvalId, runId, code } = result;
        recordTool(span, { status, approvalId, runId, code });
        span.end();
        return result;
      } catch (error) {
        endWithError(span, error);
        throw error;
      }
    },
  };
}

function startServerSpan(
  tracer: Tracer,
  request: TracedRequest,
  parent: ReturnType<typeof context.active>,
): Span {
  const url = new URL(request.url);
  return tracer.startSpan(
    `${request.method} ${request.route}`,
    {
      kind: SpanKind.SERVER,
      attributes: {
        'http.request.method': request.method,
        'http.route': request.route,
        'url.path': url.pathname,
        'url.scheme': url.protocol.replace(':', ''),
        'server.address': url.hostname,
        'server.port': Number(url.port || (url.protocol === 'https:' ? 443 : 80)),
      },
    },
    parent,
  );
}

/** The stream's `error` event (the handler failed, the agent is suspended): the span's error. */
function sseError() {
  const decoder = new TextDecoder();
  return (chunk: Uint8Array) => {
    const text = decoder.decode(chunk, { stream: true });
    const data = /^event: error\ndata: (.*)$/m.exec(text)?.[1];
    if (data === undefined) return undefined;
    const { code, message } = JSON.parse(data) as { code: string; message: string };
    return { error: Object.assign(new Error(message), { code }) };
  };
}
