/**
 * `otelTracing()`: the SDK's CallTracing on the OpenTelemetry API. One CLIENT span per call,
 * named by the contract's operation id (`agent.fetch` for a path the contract does not know), with the HTTP semantic conventions' attributes; the
 * W3C trace context (`traceparent`) injected through the registered propagator, so the
 * control plane's request id (`tollgate.request_id`) and the trace id meet.
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
import { matchRoute, SDK_VERSION } from '@tollgate/api';
import type { CallTracing, TracedCall } from '../core/tracing';
import { isRecord } from '../internal/is-record';
import { safeUrl } from './safe-url';

export interface OtelTracingOptions {
  /** The tracer the spans come from. @default trace.getTracer('@tollgate/sdk', SDK_VERSION) */
  tracer?: Tracer;
}

export function otelTracing(options: OtelTracingOptions = {}): CallTracing {
  const tracer = options.tracer ?? trace.getTracer('@tollgate/sdk', SDK_VERSION);
  return {
    async trace(call, operation, send) {
      const span = startCallSpan(tracer, call, operation);
      let attempts = 0;
      const attempted = () => {
        if (attempts > 0) {
          span.setAttribute('http.request.resend_count', attempts);
          span.addEvent('retry', { 'http.request.resend_count': attempts });
        }
        attempts++;
      };
      try {
        const result = await send(attempted);
        recordResponse(span, result.response);
        return result;
      } catch (error) {
        recordError(span, error);
        throw error;
      } finally {
        span.end();
      }
    },
  };
}

function startCallSpan(tracer: Tracer, call: TracedCall, operation: string | undefined): Span {
  const parent = context.active();
  const url = new URL(call.url);
  // agent.fetch's requests: the operation their path routes to (createChatCompletion, …).
  const name = operation ?? matchRoute(call.method, url.pathname)?.id ?? 'agent.fetch';
  const span = tracer.startSpan(
    name,
    {
      kind: SpanKind.CLIENT,
      attributes: {
        'http.request.method': call.method,
        'url.full': safeUrl(url),
        'server.address': url.hostname,
        'server.port': Number(url.port || (url.protocol === 'https:' ? 443 : 80)),
      },
    },
    parent,
  );
  propagation.inject(trace.setSpan(parent, span), call.headers, {
    set: (headers, name, value) => headers.set(name, value),
  });
  return span;
}

function recordResponse(span: Span, response: Response) {
  const { status } = response;
  span.setAttribute('http.response.status_code', status);
  const requestId = response.headers.get('x-request-id');
  if (requestId) span.setAttribute('tollgate.request_id', requestId);
  if (status >= 400) {
    span.setAttribute('error.type', String(status));
    span.setStatus({ code: SpanStatusCode.ERROR });
  }
}

/** An SDK error's status, code and request id (its message is already redacted). */
function recordError(span: Span, error: unknown) {
  const e = isRecord(error) ? error : {};
  if (typeof e.status === 'number') span.setAttribute('http.response.status_code', e.status);
  if (typeof e.requestId === 'string') span.setAttribute('tollgate.request_id', e.requestId);
  if (typeof e.code === 'string') span.setAttribute('tollgate.error_code', e.code);
  span.setAttribute('error.type', typeof e.name === 'string' ? e.name : 'Error');
  const message = typeof e.message === 'string' ? e.message : undefined;
  span.setStatus({ code: SpanStatusCode.ERROR, ...(message ? { message } : {}) });
}
