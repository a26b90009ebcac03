/**
 * `@tollgate/langchain/otel`: OpenTelemetry for LangChain on Tollgate, on its own entry so
 * `@opentelemetry/api` stays an optional peer. `langchainTracing()` is what the `tracing`
 * option of `chatOpenAI`, `chatAnthropic`, `TollgateToolkit` and `governTools` takes: each LLM
 * call through the proxy a GenAI `chat {model}` span (provider, model, token usage, Tollgate's
 * cost, request id and certificate serial; a stream's span ends when it ends or is abandoned),
 * each governed tool call an `execute_tool {name}` span (tool name, call id, the Tollgate
 * status, approval id and run id). The attributes are the SDK's (`@tollgate/sdk/otel`), the
 * same as `@tollgate/ai-sdk/otel` records. Never a prompt, a completion, a tool's input or
 * output, a key, a certificate or a proof.
 */
import { context, type Tracer, trace } from '@opentelemetry/api';
import { chatFetch, endWithError, recordTool, startToolSpan } from '@tollgate/sdk/otel';
import type { ApprovalInterrupt } from './graph-context';
import type { TollgateTracing } from './tracing';

export type { TollgateTracing, TracedToolCall } from './tracing';

export interface LangchainTracingOptions {
  /** Where the spans come from. @default trace.getTracer('@tollgate/langchain') */
  tracer?: Tracer;
}

/** The OpenTelemetry tracing of the chat models and the governed tools. */
export function langchainTracing(options: LangchainTracingOptions = {}): TollgateTracing {
  const tracer = options.tracer ?? trace.getTracer('@tollgate/langchain');
  return {
    chatFetch: (fetch, certificateSerial) => chatFetch(fetch, { tracer, certificateSerial }),
    async toolCall(call, run) {
      const span = startToolSpan(tracer, call);
      let interrupted = false;
      const held = (interrupt: ApprovalInterrupt) => {
        interrupted = true;
        const { approvalId, runId } = interrupt;
        recordTool(span, { status: 'approval_required', approvalId, runId });
      };
      try {
        const result = await context.with(trace.setSpan(context.active(), span), () => run(held));
        const { status, approvalId, runId, requestId, code } = result;
        recordTool(span, { status, approvalId, runId, requestId, code });
        span.end();
        return result;
      } catch (error) {
        // LangGraph's interrupt, thrown through to the graph: the call waits, it did not fail.
        if (interrupted) span.end();
        else endWithError(span, error);
        throw error;
      }
    },
  };
}
