/**
 * Server-sent events from a fetch body, parsed by eventsource-parser (the parser openai-node
 * and the Vercel AI SDK build on): UTF-8 split across chunks, multi-line data, comments and
 * CRLF are its job, not ours.
 */
import { type EventSourceMessage, EventSourceParserStream } from 'eventsource-parser/stream';

export type { EventSourceMessage };

export async function* sseMessages(
  body: ReadableStream<Uint8Array>,
): AsyncGenerator<EventSourceMessage> {
  const reader = body
    .pipeThrough(new TextDecoderStream() as unknown as TransformStream<Uint8Array, string>)
    .pipeThrough(new EventSourceParserStream())
    .getReader();
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) return;
      yield value;
    }
  } finally {
    // Cancelling the reader cancels the whole pipe, closing the connection on early exit.
    await reader.cancel().catch(() => undefined);
  }
}
