/**
 * The seam tracing plugs into: the pipeline hands each call to a `CallTracing` when one is
 * configured, and does nothing otherwise. Types only, so the root entry carries no tracing
 * code; `otelTracing()` from `@tollgate/sdk/otel` is the OpenTelemetry implementation.
 */

/** One call's request, before its first attempt. */
export interface TracedCall {
  method: string;
  /** The request URL as sent (its query may hold secrets: a tracer must redact it). */
  url: string;
  /** The request's headers, before the first attempt: trace-context headers are set here. */
  headers: { set(name: string, value: string): void };
}

/** Traces each SDK call (`tracing` option). */
export interface CallTracing {
  /**
   * Runs one call under a span (`operation`: the contract's operation id; undefined for
   * `agent.fetch`'s requests): `send` sends it, calling `attempted()` before each attempt
   * (every one after the first is a retry), and resolves with the last answer, whatever its
   * status, or rejects with the call's error.
   */
  trace<T extends { response: Response }>(
    call: TracedCall,
    operation: string | undefined,
    send: (attempted: () => void) => Promise<T>,
  ): Promise<T>;
}
