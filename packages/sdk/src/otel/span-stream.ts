/**
 * A stream whose span ends with it: when it ends, fails, or is abandoned (its reader
 * cancelled, or the request's signal aborted). Abandoned is not an error: the span is marked
 * `tollgate.stream.cancelled`. What the integrations' streamed `chat` spans and the runtime's
 * streamed responses share.
 */
import type { Span } from '@opentelemetry/api';
import { endWithError } from './gen-ai';

export interface SpanStreamOptions<T> {
  /**
   * Sees each chunk as it passes: `{ error }` ends the span failed, `{ complete: true }` ends
   * it done (the answer is whole: what the reader does after is not an abandonment); the
   * chunk passes either way.
   */
  observe?: (chunk: T) => { error: unknown } | { complete: true } | undefined;
  /** The request's signal: aborted, the stream counts as abandoned. @default none */
  signal?: AbortSignal | null | undefined;
}

/** The stream as it was, `span` ended exactly once when it ends, fails or is abandoned. */
export function spanEndingStream<T>(
  stream: ReadableStream<T>,
  span: Span,
  options: SpanStreamOptions<T> = {},
): ReadableStream<T> {
  const { observe, signal } = options;
  const reader = stream.getReader();
  let open = true;
  const end = (verdict?: { error: unknown } | { complete: true }) => {
    if (!open) return;
    open = false;
    signal?.removeEventListener('abort', abandon);
    if (verdict && 'error' in verdict) endWithError(span, verdict.error);
    else span.end();
  };
  const abandon = () => {
    if (!open) return;
    span.setAttribute('tollgate.stream.cancelled', true);
    end();
  };
  if (signal?.aborted) abandon();
  else signal?.addEventListener('abort', abandon, { once: true });
  return new ReadableStream<T>({
    async pull(controller) {
      let next: ReadableStreamReadResult<T>;
      try {
        next = await reader.read();
      } catch (error) {
        if (signal?.aborted) abandon();
        else end({ error });
        controller.error(error);
        return;
      }
      if (next.done) {
        end();
        controller.close();
        return;
      }
      const verdict = observe?.(next.value);
      if (verdict) end(verdict);
      controller.enqueue(next.value);
    },
    async cancel(reason) {
      abandon();
      await reader.cancel(reason);
    },
  });
}
