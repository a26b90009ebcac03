/**
 * `@tollgate/ai-sdk/otel`: OpenTelemetry for the AI SDK on Tollgate, on its own entry so
 * `@opentelemetry/api` stays an optional peer: `tollgateTelemetry()` (GenAI `chat` spans, a
 * language-model middleware) and `traceTools()` (`execute_tool` spans).
 */
export { type TollgateTelemetryOptions, tollgateTelemetry } from './telemetry';
export { type TraceToolsOptions, traceTools } from './traced-tools';
