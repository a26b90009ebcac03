/**
 * The seam tracing plugs into (`tracing` option of `serveAgent` / `createAgentApp`): an
 * interface and one `if` per request and per tool call, so the root entry carries no
 * OpenTelemetry code and never loads `@opentelemetry/api`. `runtimeTracing()` from
 * `@tollgate/runtime/otel` is the OpenTelemetry implementation.
 */
import type { ToolResult } from './status';

/** One request to a traced route, as it arrived. */
export interface TracedRequest {
  method: string;
  /** The route template: `/invoke`, `/invoke/stream`, `/resume/{approval_id}`. */
  route: string;
  url: string;
  /** Where the caller's trace context (`traceparent`) is read from. */
  headers: Headers;
}

/** What the request came to. */
export interface TracedResponse {
  /** The response (a stream's body still being written). */
  response: Response;
  /** The verified calling agent, when there is one. */
  callerAgentId?: string | undefined;
}

/** One tool call, as the tool span names it. */
export interface TracedToolCall {
  name: string;
  description?: string | undefined;
  /** The approval a resumed call runs under. */
  approvalId?: string | undefined;
}

export interface RuntimeTracing {
  /**
   * Handles one request under a span: `handle` runs the route; the response comes back with
   * its body followed, so a streamed answer's span ends when the stream ends or is abandoned.
   */
  request(request: TracedRequest, handle: () => Promise<TracedResponse>): Promise<Response>;
  /** Runs one governed tool call under a span; `run` resolves with its result. */
  toolCall(call: TracedToolCall, run: () => Promise<ToolResult>): Promise<ToolResult>;
}

/** Runs a tool call under `tracing`'s span, or as it is without tracing. */
export function tracedToolCall(
  tracing: RuntimeTracing | undefined,
  call: TracedToolCall,
  run: () => Promise<ToolResult>,
): Promise<ToolResult> {
  return tracing ? tracing.toolCall(call, run) : run();
}
