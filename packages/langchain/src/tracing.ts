/**
 * The seam tracing plugs into (`tracing` option of the chat models, the toolkit and
 * `governTools`): an interface and one `if` per call, so these entries carry no OpenTelemetry
 * code and never load `@opentelemetry/api`. `langchainTracing()` from
 * `@tollgate/langchain/otel` is the OpenTelemetry implementation (`chat` and `execute_tool`
 * spans).
 */
import type { ToolResult } from '@tollgate/sdk';
import type { ApprovalInterrupt } from './graph-context';

export type Fetch = (input: RequestInfo | URL, init?: RequestInit) => Promise<Response>;

/** One tool call, as the tool span names it. */
export interface TracedToolCall {
  name: string;
  description?: string | undefined;
  /** The model's tool-call id, when the call came from one. */
  callId?: string | undefined;
}

export interface TollgateTracing {
  /** The agent's fetch, each LLM call it sends through the proxy traced (`chat` spans). */
  chatFetch(fetch: Fetch, certificateSerial: string | undefined): Fetch;
  /**
   * Runs one governed tool call under a span. `run` resolves with the call's result; it calls
   * `held` just before a LangGraph interrupt is thrown through (the call waits for approval).
   */
  toolCall(
    call: TracedToolCall,
    run: (held: (interrupt: ApprovalInterrupt) => void) => Promise<ToolResult>,
  ): Promise<ToolResult>;
}

/** Runs a tool call under `tracing`'s span, or as it is without tracing. */
export function tracedCall(
  tracing: TollgateTracing | undefined,
  call: TracedToolCall,
  run: (held: (interrupt: ApprovalInterrupt) => void) => Promise<ToolResult>,
): Promise<ToolResult> {
  return tracing ? tracing.toolCall(call, run) : run(() => {});
}
