/**
 * `tollgateTelemetry()`: an AI SDK language-model middleware recording each model call as a
 * GenAI `chat {model}` span (`gen_ai.provider.name`, `gen_ai.request.model`, token usage, the
 * response model and id) with Tollgate's attributes: `tollgate.cost_micros` from the proxy's
 * `X-Tollgate-Cost-Micros`, `tollgate.budget_remaining_micros` from its
 * `X-Tollgate-Budget-Remaining-Micros` (not on a stream: its headers precede the charge),
 * `tollgate.request_id`, `tollgate.certificate_serial`. The span is
 * active while the call is sent, so the SDK's own span of the proxied request (with
 * `tracing: otelTracing()`) is its child and the `traceparent` sent carries its trace.
 * A streamed call's span ends when the stream ends, fails, or is abandoned (its reader
 * cancelled). Never a prompt, a completion, a key, a certificate or a proof.
 */
import { context, type Span, type Tracer, trace } from '@opentelemetry/api';
import { endWithError, recordChat, spanEndingStream, startChatSpan } from '@tollgate/sdk/otel';
import type { LanguageModelMiddleware } from 'ai';
import { tollgateErrorOf } from './errors';

export interface TollgateTelemetryOptions {
  /** Where the spans come from. @default trace.getTracer('@tollgate/ai-sdk') */
  tracer?: Tracer;
  /** The agent making the calls: its certificate serial goes on every span. @default none */
  agent?: { readonly serial: string };
}

type WrapStream = NonNullable<LanguageModelMiddleware['wrapStream']>;
type StreamResult = Awaited<ReturnType<WrapStream>>;
type StreamPart = StreamResult['stream'] extends ReadableStream<infer P> ? P : never;
type Model = Parameters<WrapStream>[0]['model'];

/** The middleware: `wrapLanguageModel({ model, middleware: tollgateTelemetry() })`. */
export function tollgateTelemetry(options: TollgateTelemetryOptions = {}): LanguageModelMiddleware {
  const tracer = options.tracer ?? trace.getTracer('@tollgate/ai-sdk');
  const start = (model: Model) =>
    startChatSpan(tracer, {
      // 'openai.chat' → 'openai', 'anthropic.messages' → 'anthropic'.
      provider: model.provider.split('.')[0] ?? model.provider,
      model: model.modelId,
      certificateSerial: options.agent?.serial,
    });
  return {
    specificationVersion: 'v4',
    async wrapGenerate({ doGenerate, model }) {
      const span = start(model);
      try {
        const result = await context.with(trace.setSpan(context.active(), span), doGenerate);
        recordChat(span, {
          inputTokens: result.usage.inputTokens.total,
          outputTokens: result.usage.outputTokens.total,
          responseModel: result.response?.modelId,
          responseId: result.response?.id,
          headers: result.response?.headers,
        });
        span.end();
        return result;
      } catch (error) {
        throw failed(span, error);
      }
    },
    async wrapStream({ doStream, model }) {
      const span = start(model);
      let result: StreamResult;
      try {
        result = await context.with(trace.setSpan(context.active(), span), doStream);
      } catch (error) {
        throw failed(span, error);
      }
      recordChat(span, { headers: result.response?.headers });
      const observe = observePart(span);
      return { ...result, stream: spanEndingStream(result.stream, span, { observe }) };
    },
  };
}

/** Records a failed call (a Tollgate refusal read out of the AI SDK's error) and ends it. */
function failed(span: Span, error: unknown): unknown {
  const headers = (error as { responseHeaders?: Record<string, string> } | null)?.responseHeaders;
  if (headers) recordChat(span, { headers });
  endWithError(span, tollgateErrorOf(error) ?? error);
  return error;
}

/** The stream's parts recorded on the span: the response's model and id, the usage, an error part. */
function observePart(span: Span) {
  return (part: StreamPart) => {
    if (part.type === 'response-metadata')
      recordChat(span, { responseModel: part.modelId, responseId: part.id });
    if (part.type === 'finish')
      recordChat(span, {
        inputTokens: part.usage.inputTokens.total,
        outputTokens: part.usage.outputTokens.total,
      });
    return part.type === 'error' ? { error: part.error } : undefined;
  };
}
