/**
 * `@tollgate/sdk/otel`: OpenTelemetry tracing, on its own entry so the root entry carries
 * none of it and `@opentelemetry/api` stays an optional peer dependency.
 * `new Tollgate({ tracing: otelTracing() })` gives a span per SDK call (and per
 * `agent.fetch`); the GenAI helpers are what the framework integrations record with.
 */

export type { CallTracing, TracedCall } from '../core/tracing';
export { type OtelTracingOptions, otelTracing } from './call-span';
export { type ChatFetchOptions, chatFetch } from './chat-fetch';
export {
  type ChatOutcome,
  type ChatSpanStart,
  endWithError,
  recordChat,
  recordTool,
  startChatSpan,
  startToolSpan,
  type ToolOutcome,
  type ToolSpanStart,
  tollgateHeaderAttributes,
} from './gen-ai';
export { safeUrl } from './safe-url';
export { type SpanStreamOptions, spanEndingStream } from './span-stream';
